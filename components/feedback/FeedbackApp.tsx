/**
 * The lead feedback page (feedback.html): marketing's view of what sales said about its leads. Per
 * campaign of the first (or last) marketing touch: accepted vs rejected, the reasons, the median days
 * from first touch to acceptance; below, every feedback and stage change; a date range; CSV export.
 * It reads the database itself (`load`) and reads again when the background says the outbox changed.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { nameInSentence } from '@/lib/connectors/catalog';
import { dayRange, feedbackCsv, feedbackFileName, type FeedbackRow, inRange, mergeFeedback, type RemoteFeedbackLoad, type RemoteNotice, summarise, type TouchSide } from '@/lib/feedback';
import type { FeedbackRange } from '@/lib/model/feedback';
import { formatCount, plural, t } from '../i18n';
import { CampaignTable } from './CampaignTable';
import { FeedbackTable } from './FeedbackTable';
import { errorText } from '@/lib/errors';

/** How long the dates must stay unchanged before the CRM is read again (each read is a full one, and HubSpot answers bursts with 429). */
export const REMOTE_READ_DELAY_MS = 600;

export interface FeedbackServices {
  load(): Promise<FeedbackRow[]>;
  /**
   * The CRM's feedback in the range, through the background (lib/feedback/remote.ts). Absent: the
   * page shows local rows only, as before the CRM half existed.
   */
  loadRemote?(range: FeedbackRange): Promise<RemoteFeedbackLoad>;
  save(blob: Blob, fileName: string): void;
  now(): number;
}

export function FeedbackApp({ services }: { services: FeedbackServices }) {
  const [rows, setRows] = useState<FeedbackRow[] | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [side, setSide] = useState<TouchSide>('first');
  const [status, setStatus] = useState('');
  /** Why the last read of this browser's feedback failed: said in the status line instead of loading forever. */
  const [loadError, setLoadError] = useState('');

  const [remote, setRemote] = useState<RemoteFeedbackLoad | null>(null);

  const refresh = useCallback(
    () =>
      void services.load().then(
        (loaded) => {
          setRows(loaded);
          setLoadError('');
        },
        (failure: unknown) => setLoadError(t('feedback_loadFailed', errorText(failure))),
      ),
    [services],
  );
  // The CRM is asked for the chosen days only (its reads are capped), again when they change: at once
  // when the page opens, then once the dates have stood still for REMOTE_READ_DELAY_MS, so typing a
  // year (Chrome fires input for 0002-, 0020-, 0202-, 2026-…) starts one full CRM read, not four.
  const askedOnce = useRef(false);
  useEffect(() => {
    const loadRemote = services.loadRemote;
    if (!loadRemote) return;
    let current = true;
    const days = dayRange(from, to);
    const range: FeedbackRange = {
      ...(days.from !== undefined && { from: new Date(days.from).toISOString() }),
      ...(days.to !== undefined && { to: new Date(days.to).toISOString() }),
    };
    setRemote(null);
    const read = () => void loadRemote(range).then((answer) => current && setRemote(answer));
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (askedOnce.current) timer = setTimeout(read, REMOTE_READ_DELAY_MS);
    else {
      askedOnce.current = true;
      read();
    }
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [services, from, to]);
  useEffect(() => {
    refresh();
    const onPush = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      // From the background only: a content script's message has a tab.
      if (sender.id !== browser.runtime.id || sender.tab) return;
      if ((message as { type?: unknown } | null)?.type === 'push/actions-changed') refresh();
    };
    browser.runtime.onMessage.addListener(onPush);
    return () => browser.runtime.onMessage.removeListener(onPush);
  }, [refresh]);

  const all = useMemo(() => (rows ? mergeFeedback(rows, remote?.rows ?? []) : null), [rows, remote]);
  const shown = useMemo(() => (all ? inRange(all, dayRange(from, to)) : []), [all, from, to]);
  const campaigns = useMemo(() => summarise(shown, side), [shown, side]);

  function exportCsv() {
    services.save(feedbackCsv(shown).blob(), feedbackFileName(new Date(services.now()).toISOString()));
    setStatus(plural('feedback_exported', shown.length));
  }

  return (
    <main class="feedback">
      <h1>{t('feedback_title')}</h1>
      <p class="muted">{t('feedback_intro')}</p>
      {services.loadRemote && <CrmNotices notices={remote?.notices} />}
      <form class="feedback-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('feedback_from')}
          <input type="date" name="from" value={from} max={to || undefined} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('feedback_to')}
          <input type="date" name="to" value={to} min={from || undefined} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          {t('feedback_groupBy')}
          <select name="groupBy" value={side} onChange={(e) => setSide(e.currentTarget.value as TouchSide)}>
            <option value="first">{t('feedback_groupFirst')}</option>
            <option value="last">{t('feedback_groupLast')}</option>
          </select>
        </label>
        <button type="button" data-testid="feedback-export" onClick={exportCsv} disabled={!rows}>
          {t('feedback_export')}
        </button>
      </form>
      <p class="status" role="status" aria-live="polite">
        {[loadError, status].filter(Boolean).join(' ')}
      </p>
      {!rows ? (
        !loadError && <p class="muted">{t('feedback_loading')}</p>
      ) : shown.length === 0 ? (
        <p class="muted" data-testid="feedback-empty">
          {t('feedback_empty')}
        </p>
      ) : (
        <>
          <h2>{t('feedback_campaigns')}</h2>
          <CampaignTable campaigns={campaigns} />
          <h2>{t('feedback_rows')}</h2>
          <FeedbackTable rows={shown} />
        </>
      )}
    </main>
  );
}

/** What the page could read from the CRM: included, capped, or why not (the local rows are shown regardless). */
function CrmNotices({ notices }: { notices: readonly RemoteNotice[] | undefined }) {
  if (!notices) return <p class="muted" data-testid="feedback-crm" data-state="loading">{t('feedback_crmLoading')}</p>;
  if (notices.length === 0) return <p class="muted" data-testid="feedback-crm" data-state="local">{t('feedback_crmLocalOnly')}</p>;
  return (
    <>
      {notices.map((n) => {
        const name = n.source ? nameInSentence(n.source) : 'CRM';
        if (n.error) {
          return (
            <p class="warning" role="alert" data-testid="feedback-crm" data-state="error" data-source={n.source ?? ''} key={n.source ?? ''}>
              {t('feedback_crmError', name, n.error)}
            </p>
          );
        }
        return (
          <p class="muted" data-testid="feedback-crm" data-state={n.capped ? 'capped' : 'read'} data-source={n.source ?? ''} key={n.source ?? ''}>
            {t('feedback_crmRead', name)}
            {n.capped && <> {t('feedback_crmCapped', name, formatCount(n.count))}</>}
          </p>
        );
      })}
    </>
  );
}
