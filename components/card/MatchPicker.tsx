import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MatchCandidate, ProspectView } from '@/lib/model/view';
import { plural, t } from '../i18n';

/**
 * Two lists share this control:
 * - "N possible matches": records that share the person's address (or name, for a name-only person);
 *   the card shows the background's deterministic default and the rep picks the right one, which the
 *   background remembers.
 * - "Others at Globex" (`match: 'domain'`): *other* people at the same company. Picking one links
 *   this person to them, so it is confirmed first, saying what happens, and can be undone
 *   (LinkedNote, Options → Links and mutes; docs/architecture.md, "Links and mutes").
 */
export function MatchPicker({ view, onChoose }: { view: ProspectView; onChoose(detectedKey: string, chosenKey: string): void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState<MatchCandidate | null>(null);
  const listId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const yesRef = useRef<HTMLButtonElement>(null);
  /** The choice that opened the confirmation: Cancel and Escape give the focus back to it. */
  const opener = useRef<HTMLElement | null>(null);
  /**
   * The control that had the focus is going (the confirmation closes, or the list that holds the choice
   * is hidden): where the focus goes once this drawing is done. Never the page, where C / N / T and the
   * mail page's own keys would act instead of the sidebar's; a push that then replaces the card moves it
   * on to the person's row (Sidebar's keepFocus).
   */
  const returnFocus = useRef<'choice' | 'toggle' | null>(null);
  const colleagues = view.match === 'domain';
  const count = view.alternatives.length + (view.known ? 1 : 0);
  const label = colleagues ? t('othersAt', companyOf(view)) : plural('possibleMatches', count);
  const shown = view.prospect.name ?? view.prospect.emails[0] ?? view.detectedKey;
  // Keyed on the person being confirmed, so a re-render (every push) never pulls the focus off Cancel.
  useEffect(() => {
    if (confirming) yesRef.current?.focus();
  }, [confirming?.key]);
  // Cancel or Escape gives the focus back to the choice the rep was on (the list shows again), or to the
  // toggle if a push took that choice away; a choice made or "Yes, link" gives it to the toggle.
  useLayoutEffect(() => {
    const to = returnFocus.current;
    if (!to || confirming) return;
    returnFocus.current = null;
    (to === 'choice' && opener.current?.isConnected ? opener.current : toggleRef.current)?.focus();
  });
  const cancel = () => {
    returnFocus.current = 'choice';
    setConfirming(null);
  };
  /** The choice is made: the list (and the confirmation) close, and the focus goes to the toggle. */
  const link = (candidate: MatchCandidate) => {
    returnFocus.current = 'toggle';
    setConfirming(null);
    setOpen(false);
    onChoose(view.detectedKey, candidate.key);
  };
  const choose = (candidate: MatchCandidate, from: HTMLElement) => {
    if (!colleagues) return link(candidate);
    opener.current = from;
    setConfirming(candidate);
  };
  return (
    <div
      class="pl-picker"
      data-kind={colleagues ? 'colleagues' : 'matches'}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        if (confirming) return cancel();
        setOpen(false);
        // The list is gone with the choice the focus was on.
        toggleRef.current?.focus();
      }}
    >
      <button type="button" ref={toggleRef} class="pl-linkish" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        {label}
      </button>
      <ul id={listId} class="pl-choices" aria-label={colleagues ? label : t('chooseMatch')} hidden={!open || !!confirming} data-testid="match-picker">
        {view.alternatives.map((candidate) => (
          <li key={candidate.key}>
            <button type="button" class="pl-choice" data-key={candidate.key} onClick={(e) => choose(candidate, e.currentTarget)}>
              <span class="pl-name">{nameOf(candidate)}</span>
              <span class="pl-muted">{[candidate.company, candidate.email].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
      {confirming && (
        <div class="pl-confirm" role="group" aria-label={t('linkConfirmTitle')} data-testid="link-confirm">
          <p>{t('linkConfirm', shown, nameOf(confirming))}</p>
          <p class="pl-buttons">
            <button
              type="button"
              class="pl-btn"
              data-testid="link-confirm-yes"
              ref={yesRef}
              onClick={() => link(confirming)}
            >
              {t('linkConfirmYes', nameOf(confirming))}
            </button>
            <button type="button" class="pl-btn pl-btn-quiet" onClick={cancel}>
              {t('cancel')}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}

function nameOf(candidate: MatchCandidate): string {
  return candidate.name ?? candidate.email ?? candidate.key;
}

/** The company the colleagues share: as stored on one of them, else the address's domain. */
function companyOf(view: ProspectView): string {
  const named = view.alternatives.find((a) => a.company)?.company;
  if (named) return named;
  const email = view.prospect.emails[0] ?? view.detectedKey;
  return email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : email;
}
