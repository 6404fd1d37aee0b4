/**
 * The popup: the prospect at the top, the log form, then the last five actions and their sync state.
 * It re-reads the recent list after each change it makes and when the background pushes
 * `push/actions-changed` (a sync finished), so nothing polls.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SalesAction } from '@/lib/model/action';
import { send } from '@/lib/messaging';
import { readableKey } from '../readableKey';
import { activeTabId, type LinkedinHint, linkedinHint, type PopupParams, tabContext } from './context';
import { type ProspectOption } from './FormFields';
import { LogForm } from './LogForm';
import { readDraft } from './drafts';
import type { FormValues } from './fields';
import { openSidePanel } from './openSidePanel';
import { ProspectSearch } from './ProspectSearch';
import { type ActionList, RecentActions } from './RecentActions';
import { m } from './strings';
import { errorText } from '@/lib/errors';
import { hasPanel } from '@/lib/platform';

const RECENT = 5;

/** The page opens in a tab of its own (the popup closes as the tab takes the focus). */
function openInTab(event: MouseEvent, path: '/feedback.html' | '/options.html#sites') {
  event.preventDefault();
  void browser.tabs.create({ url: browser.runtime.getURL(path) }).catch(() => undefined);
}

export function PopupApp({ params }: { params: PopupParams }) {
  const [tabId, setTabId] = useState<number | undefined>(params.tabId);
  const [prospects, setProspects] = useState<ProspectOption[] | null>(null);
  const [prospect, setProspect] = useState(params.prospect ?? '');
  const [searching, setSearching] = useState(false);
  const [editing, setEditing] = useState<SalesAction | undefined>();
  /** Who the form was for before Edit moved it to the action's person: leaving the edit goes back to them. */
  const beforeEdit = useRef<string | undefined>(undefined);
  /** The draft of the first prospect, read before the form is drawn so it opens with what the rep typed. */
  const [draft, setDraft] = useState<FormValues | undefined>();
  const [recent, setRecent] = useState<ActionList | null>(null);
  /** Why the recent list could not be read: without it a first read that failed looked like an empty list. */
  const [recentError, setRecentError] = useState('');
  /** Why the last Delete or Retry of a listed action did not happen ("it is being sent now"). */
  const [refused, setRefused] = useState('');
  /** On LinkedIn: "Open side panel" first, primary, focused, or where to turn the people on (see linkedinHint). */
  const [hint, setHint] = useState<LinkedinHint>(null);
  const panelFirst = hint === 'panel-first';
  const panelButtonRef = useRef<HTMLButtonElement>(null);
  /**
   * The rep moved on from the focus the popup opened with ("Find another", a pick): from then on the
   * search box and the form take the focus when they appear, wherever the first focus was.
   */
  const [movedOn, setMovedOn] = useState(false);

  useEffect(() => {
    void (async () => {
      const id = params.tabId ?? (await activeTabId());
      setTabId(id);
      const context = await tabContext(id);
      const found = context.prospects;
      // Decided before the first render, so the focus never jumps from the form to the button.
      setHint(await linkedinHint(context));
      // A prospect named in the URL (opened from a card) is offered even when the tab no longer shows it.
      if (params.prospect && !found.some((p) => p.key === params.prospect)) found.unshift({ key: params.prospect, label: readableKey(params.prospect) });
      const first = params.prospect || found[0]?.key || '';
      setDraft(first ? await readDraft(first).catch(() => undefined) : undefined);
      setProspects(found);
      setProspect(first);
    })();
  }, [params.tabId, params.prospect]);

  const refresh = useCallback(async () => {
    try {
      setRecent(await send({ type: 'action/list', limit: RECENT }));
      setRecentError('');
    } catch (error) {
      // The list stays as it was, and says it could not be read; the next change or push tries again.
      setRecentError(m('popup_errorRecent', errorText(error)));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onPush = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      // From the background only: a content script's message has a tab.
      if (sender.id !== browser.runtime.id || sender.tab) return;
      if ((message as { type?: unknown } | null)?.type === 'push/actions-changed') void refresh();
    };
    browser.runtime.onMessage.addListener(onPush);
    return () => browser.runtime.onMessage.removeListener(onPush);
  }, [refresh]);

  /** Delete or Retry a listed action; the background may refuse (the action just went out) or be unreachable. */
  async function act(request: Promise<unknown>, failed: 'popup_errorDelete' | 'popup_errorRetry') {
    setRefused('');
    await request.catch((error: unknown) => setRefused(m(failed, errorText(error))));
    await refresh();
  }

  const loaded = prospects !== null;
  useEffect(() => {
    // Once, when the popup first shows: the button then takes the place the log form's focus has.
    if (loaded && panelFirst) panelButtonRef.current?.focus();
  }, [loaded, panelFirst]);

  const pick = (option: ProspectOption) => {
    setProspects((list) => (list?.some((p) => p.key === option.key) ? list : [option, ...(list ?? [])]));
    setProspect(option.key);
    setSearching(false);
    setMovedOn(true);
  };

  const startEdit = (action: SalesAction) => {
    // Editing one action after another still goes back to the person before the first.
    if (!editing) beforeEdit.current = prospect;
    pick({ key: action.prospectKey, label: labelOf(action.prospectKey) });
    setEditing(action);
  };

  /** Cancel, a saved edit, or the edited action deleted: the next new action is for the person before. */
  const leaveEdit = () => {
    setEditing(undefined);
    if (beforeEdit.current !== undefined) setProspect(beforeEdit.current);
    beforeEdit.current = undefined;
  };

  const labelOf = (key: string) => prospects?.find((p) => p.key === key)?.label ?? readableKey(key);

  if (!prospects) return <p class="muted">{m('popup_loading')}</p>;
  const showSearch = searching || prospects.length === 0;
  /** Only the focus the popup opens with goes to the side panel button when it comes first. */
  const panelHoldsFocus = panelFirst && !movedOn;
  const panelButton = (primary: boolean) => (
    <button
      type="button"
      class={primary ? 'primary' : undefined}
      data-testid="open-side-panel"
      data-prominent={String(primary)}
      aria-describedby={primary ? 'side-panel-hint' : undefined}
      ref={primary ? panelButtonRef : undefined}
      onClick={() => openSidePanel(tabId)}
    >
      {m('popup_openSidePanel')}
    </button>
  );
  return (
    <main class="popup">
      {panelFirst && (
        <div class="panel-first">
          {panelButton(true)}
          <p id="side-panel-hint" class="muted">
            {m('popup_sidePanelHint')}
          </p>
        </div>
      )}
      <header class="popup-header">
        <h1>{m('popup_title')}</h1>
        {/* Firefox for Android has no panel: a button there would open nothing (docs/firefox.md). */}
        {!panelFirst && hasPanel() && panelButton(false)}
        <a href="/feedback.html" target="_blank" data-testid="feedback-link" onClick={(event) => openInTab(event, '/feedback.html')}>
          {m('feedback_link')}
        </a>
      </header>
      {hint === 'no-panel' && (
        <p class="muted" data-testid="no-panel-hint">
          <a href="/options.html#sites" target="_blank" onClick={(event) => openInTab(event, '/options.html#sites')}>
            {t('popup_noPanelHint')}
          </a>
        </p>
      )}
      {prospects.length === 0 && <p class="muted">{m('popup_noProspect')}</p>}
      {showSearch ? (
        <ProspectSearch onPick={pick} autoFocus={!panelHoldsFocus} />
      ) : (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setSearching(true);
            setMovedOn(true);
          }}
        >
          {m('popup_change')}
        </button>
      )}
      <LogForm
        prospects={prospects}
        prospect={prospect}
        onProspectChange={setProspect}
        initialType={params.type}
        draft={draft}
        editing={editing}
        onCancelEdit={leaveEdit}
        onSaved={() => {
          if (editing) leaveEdit();
          void refresh();
        }}
        autoFocus={!panelHoldsFocus && !showSearch}
      />
      <RecentActions
        list={recent}
        error={recentError}
        prospectLabel={labelOf}
        editingId={editing?.id}
        onEdit={startEdit}
        onDelete={(action) => {
          if (editing?.id === action.id) leaveEdit();
          void act(send({ type: 'action/delete', id: action.id }), 'popup_errorDelete');
        }}
        onRetry={(action) => void act(send({ type: 'action/retry', id: action.id }), 'popup_errorRetry')}
      />
      <p class="status status-failed recent-status" role="status" aria-live="polite" data-testid="recent-status">
        {refused}
      </p>
    </main>
  );
}
