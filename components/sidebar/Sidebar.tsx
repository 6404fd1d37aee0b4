import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ActionType } from '@/lib/model/action';
import { hottestHeat, type ProspectView } from '@/lib/model/view';
import type { CardCallbacks } from '../card/callbacks';
import { CardSkeleton } from '../card/CardSkeleton';
import { isEmptyCard, ProspectCard } from '../card/ProspectCard';
import { QUICK_ACTIONS } from '../card/QuickActions';
import { plural, t, uiLocale } from '../i18n';
import { readableKey } from '../readableKey';
import { useDayChange } from '../time';
import { CollapsedTab } from './CollapsedTab';
import { LogEmail, type LogEmailProps } from './LogEmail';

export interface SidebarProps extends CardCallbacks {
  views: ProspectView[];
  /** Waiting for the first answer from the background: a skeleton instead of "nothing detected". */
  loading?: boolean;
  /** The browser is offline: cached data is all there is. */
  offline?: boolean;
  /** `overlay` sits at the page edge and can fold to a tab; `panel` fills the browser's side panel. */
  variant?: 'overlay' | 'panel';
  /** Overlay only; the content script remembers it per site. */
  collapsed?: boolean;
  onToggleCollapsed?(): void;
  /**
   * The title's heading level: by default h1 in the side panel (a page of its own), h2 in a mail page
   * (a part of it). The cards are one level below, their sections two.
   */
  titleLevel?: 1 | 2;
  /** Forces a colour scheme; otherwise it follows `prefers-color-scheme`. */
  theme?: 'light' | 'dark';
  /** On a webmail thread: "Log this email" for the open message (LogEmail.tsx). */
  logEmail?: LogEmailProps;
  /**
   * The keyboard command just unfolded the sidebar: the first card's main control takes the focus (the
   * header's Hide button while the cards load), so C / N / T work at once.
   */
  claimFocus?: boolean;
}

/**
 * The sidebar body: a header with the number of people, then one card per prospect. With several
 * prospects the cards are compact rows and one is expanded; arrow keys move between rows, Enter
 * expands; C, N and T log a call, note or task for the open card (or the first), as its buttons do.
 * Pure: everything it does goes out through the callbacks.
 */
export function Sidebar(props: SidebarProps) {
  const { views, loading = false, offline = false, variant = 'overlay', collapsed = false, onToggleCollapsed, theme, logEmail, claimFocus, titleLevel = variant === 'panel' ? 1 : 2, ...callbacks } = props;
  useDayChange();
  const rootRef = useRef<HTMLElement>(null);
  const hideRef = useRef<HTMLButtonElement>(null);
  /** Hide or the folded tab was pressed: it is replaced by the other, which takes the focus. */
  const refocus = useRef(false);
  const toggleFromHere = () => {
    refocus.current = true;
    onToggleCollapsed?.();
  };
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    (collapsed ? rootRef.current?.querySelector<HTMLElement>('.pl-tab') : hideRef.current)?.focus();
  }, [collapsed]);
  useEffect(() => {
    if (!claimFocus || collapsed) return;
    (firstRow(rootRef.current) ?? hideRef.current)?.focus();
  }, [claimFocus, collapsed]);
  // undefined: nothing chosen yet, so the first card is open; null: the rep closed every card.
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  // The person just muted: their card is gone, so the undo lives here, above the cards.
  const [muted, setMuted] = useState<{ key: string; name: string } | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const mutedId = useId();
  /** Mute was pressed: the Undo takes the focus from the Mute button, whose card is about to go. */
  const focusUndo = useRef(false);
  const cardCallbacks: CardCallbacks = {
    ...callbacks,
    onMute(key) {
      const view = views.find((v) => v.detectedKey === key);
      focusUndo.current = true;
      setMuted({ key, name: view?.prospect.name ?? view?.prospect.emails[0] ?? readableKey(key) });
      callbacks.onMute(key);
    },
  };
  // Read before this drawing changes the DOM: where the focus is in the sidebar now, if it is there.
  const focusBefore = focusPlace(rootRef.current);
  useLayoutEffect(() => keepFocus(rootRef.current, focusBefore, hideRef.current));
  useLayoutEffect(() => {
    if (!focusUndo.current) return;
    focusUndo.current = false;
    undoRef.current?.focus();
  }, [muted]);
  const cards = distinctByKey(views);
  const { shown, grouped, noDataYet } = groupNoData(cards);
  const [groupOpen, setGroupOpen] = useState(false);
  const groupId = useId();
  // By default the first card shown opens (never one folded in the no-data group).
  // The open card is remembered by the person the page shows (detectedKey), so it stays open when a
  // link (or its undo) changes the key the card shows.
  const expandedKey = chosen === null ? null : (cards.find((v) => v.detectedKey === chosen)?.key ?? shown[0]?.key ?? null);
  /** One person's card, in the list or in the no-data group alike. */
  const cardItem = (view: ProspectView) => (
    <li key={view.key} data-person={view.detectedKey}>
      <ProspectCard view={view} level={(titleLevel + 1) as 2 | 3} expanded={view.key === expandedKey} onToggle={() => setChosen(view.key === expandedKey ? null : view.detectedKey)} {...cardCallbacks} />
    </li>
  );
  const count = cards.length;
  /** C / N / T: the open card's quick actions, or the first card's when every card is closed. */
  const logByKey = (event: KeyboardEvent) => {
    const type = quickActionOf(event);
    if (!type || collapsed) return;
    const view = cards.find((v) => v.key === expandedKey) ?? shown[0];
    // A card with nothing on it offers no log buttons (ProspectCard), so no keys either.
    if (!view || isEmptyCard(view)) return;
    event.preventDefault();
    callbacks.onLog(view, type);
  };
  const state = collapsed ? 'collapsed' : loading ? 'loading' : count === 0 ? 'empty' : 'ready';
  const Heading = `h${titleLevel}` as const;

  return (
    // The keys are the sidebar's own: the page's shortcuts never see them (lib/content/shadow-host.ts).
    // `lang`: in a mail page the cards would otherwise be read in the page's language, not their own.
    <aside ref={rootRef} lang={uiLocale()} class={`pl-root pl-${variant}`} aria-label={t('sidebarLabel')} data-theme={theme} data-state={state} onKeyDown={logByKey}>
      {collapsed && variant === 'overlay' ? (
        <CollapsedTab count={count} heat={hottestHeat(cards)} onExpand={toggleFromHere} />
      ) : (
        <>
          <header class="pl-header">
            <Heading class="pl-title">
              {t('extName')}
              {!loading && <span class="pl-count"> · {plural('people', count)}</span>}
            </Heading>
            {variant === 'overlay' && (
              <button
                ref={hideRef}
                type="button"
                class="pl-btn pl-btn-quiet"
                aria-expanded="true"
                aria-label={t('collapseSidebar')}
                onClick={toggleFromHere}
              >
                <span aria-hidden="true">▸</span>
              </button>
            )}
          </header>
          {offline && (
            <p class="pl-banner" role="status">
              {t('offline')}
            </p>
          )}
          {logEmail && !loading && count > 0 && <LogEmail {...logEmail} />}
          {muted && (
            <p class="pl-banner pl-undo" role="status" data-testid="mute-undo" data-key={muted.key}>
              <span id={mutedId}>{t('mutedNote', muted.name)}</span>
              {/* The focus lands here, and a status inserted with its text is often not read: the note says whose mute it undoes. */}
              <button
                ref={undoRef}
                type="button"
                class="pl-btn pl-btn-small"
                aria-describedby={mutedId}
                onClick={() => {
                  setMuted(null);
                  callbacks.onUnmute(muted.key);
                }}
              >
                {t('undo')}
              </button>
            </p>
          )}
          {loading ? (
            <div aria-busy="true">
              <p class="pl-sr" role="status">
                {t('loading')}
              </p>
              <CardSkeleton />
            </div>
          ) : count === 0 ? (
            <div class="pl-empty">
              <p>{t('nothingDetected')}</p>
              <p class="pl-muted">{t('nothingDetectedHint')}</p>
            </div>
          ) : (
            <ul class="pl-cards" aria-label={t('cardsLabel')} onKeyDown={moveBetweenRows}>
              {shown.map(cardItem)}
              {grouped.length > 0 && (
                <li class="pl-nodata" data-testid="no-data-group" data-count={grouped.length}>
                  {noDataYet && (
                    <p class="pl-empty" data-testid="no-data-yet">
                      <strong>{t('noDataYet')}</strong>
                      <span class="pl-muted">{t('noDataYetHint')}</span>
                    </p>
                  )}
                  <button type="button" class="pl-nodata-toggle" aria-expanded={groupOpen} aria-controls={groupId} onClick={() => setGroupOpen(!groupOpen)}>
                    <span aria-hidden="true">{groupOpen ? '▾' : '▸'} </span>
                    {plural('noDataGroup', grouped.length)}
                  </button>
                  {/* Folded, the cards stay in the DOM (one card per person is the test contract), only hidden. */}
                  <ul id={groupId} hidden={!groupOpen}>
                    {grouped.map(cardItem)}
                  </ul>
                </li>
              )}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}

/**
 * People with no data (unknown, and nothing to link them to) go under one line at the end rather than
 * a card each — once a card with data is there, or when there are several of them. A single unknown
 * person keeps their card (it is all there is to show). With an empty store and no CRM (`noDataYet`)
 * every person is grouped under "No data yet — import or connect a CRM".
 */
function groupNoData(cards: ProspectView[]): { shown: ProspectView[]; grouped: ProspectView[]; noDataYet: boolean } {
  const noDataYet = cards.length > 0 && cards.every((v) => v.noDataYet);
  if (noDataYet) return { shown: [], grouped: cards, noDataYet };
  const empty = (v: ProspectView) => !v.known && v.alternatives.length === 0;
  // ordering.ts puts people with no data last, except the people looked up with the context menu and
  // the newest message's sender, who come first: an empty card before a card with data is one of
  // them, and keeps its place at the top.
  const lastWithData = cards.findLastIndex((v) => !empty(v));
  const pinned = (v: ProspectView, index: number) => !empty(v) || index < lastWithData;
  const grouped = cards.filter((v, index) => !pinned(v, index));
  const shown = cards.filter(pinned);
  if (shown.length === 0 && grouped.length < 2) return { shown: cards, grouped: [], noDataYet };
  return { shown, grouped, noDataYet };
}

/** One card per key (the test contract), whatever the caller passes. */
function distinctByKey(views: ProspectView[]): ProspectView[] {
  const seen = new Set<string>();
  return views.filter((view) => {
    if (seen.has(view.key)) return false;
    seen.add(view.key);
    return true;
  });
}

const ROW_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/** The first card's header row not folded away in the no-data group: the card's main control. */
function firstRow(root: HTMLElement | null): HTMLElement | undefined {
  return root ? rows(root)[0] : undefined;
}

/** The cards' header rows not folded away in the no-data group, in order. */
function rows(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('.pl-toggle')].filter((row) => !row.closest('[hidden]'));
}

/** The element that has the focus in the root's document or shadow root, if it is inside the root. */
function focusedIn(root: HTMLElement): HTMLElement | undefined {
  const active = (root.getRootNode() as Document | ShadowRoot).activeElement;
  return active instanceof HTMLElement && root.contains(active) ? active : undefined;
}

/** Where the focus is in the sidebar: the control, the person whose card holds it, and that card's row. */
interface FocusPlace {
  control: HTMLElement;
  person: string | undefined;
  row: number;
}

function focusPlace(root: HTMLElement | null): FocusPlace | undefined {
  const control = root ? focusedIn(root) : undefined;
  if (!root || !control) return undefined;
  const card = control.closest<HTMLElement>('li[data-person]');
  return { control, person: card?.dataset.person, row: card ? rows(root).findIndex((row) => card.contains(row)) : -1 };
}

/**
 * A drawing took away the control that had the focus: a muted card, a card a push replaced, "Keep
 * contact" or "Add to HubSpot" turning into their state, the Undo once pressed. The browser then drops
 * the focus to the page, where C / N / T no longer reach the sidebar. It goes instead to the control if
 * it was only moved, else to the same person's row, the row now in that card's place (the next card),
 * the last row, or Hide.
 */
function keepFocus(root: HTMLElement | null, before: FocusPlace | undefined, hide: HTMLElement | null) {
  if (!root || !before || focusedIn(root)) return;
  const list = rows(root);
  const personOf = (row: HTMLElement) => (row.closest('li[data-person]') as HTMLElement | null)?.dataset.person;
  const same = before.person === undefined ? undefined : list.find((row) => personOf(row) === before.person);
  for (const target of [before.control, same, list[Math.max(before.row, 0)], list.at(-1), hide]) {
    if (!target?.isConnected || !root.contains(target)) continue;
    target.focus();
    if (focusedIn(root)) return;
  }
}

/** The action type a key press asks for: a bare C, N or T, never while typing in a field. */
function quickActionOf(event: KeyboardEvent): ActionType | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.isComposing || event.defaultPrevented) return undefined;
  if (isTyping(event.target)) return undefined;
  return QUICK_ACTIONS.find((action) => action.key === event.key.toLowerCase())?.type;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Arrow keys, Home and End move focus between the cards' header rows (buttons: Enter and Space open one). */
function moveBetweenRows(event: KeyboardEvent) {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('pl-toggle')) return;
  if (!ROW_KEYS.has(event.key)) return;
  event.preventDefault();
  // Rows folded in the no-data group are skipped.
  const list = rows(event.currentTarget as HTMLElement);
  const index = list.indexOf(target);
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? list.length - 1 : index + (event.key === 'ArrowDown' ? 1 : -1);
  list[(next + list.length) % list.length]?.focus();
}
