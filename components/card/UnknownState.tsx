import type { SalesAction } from '@/lib/model/action';
import type { ProspectView } from '@/lib/model/view';
import { t } from '../i18n';
import type { CardCallbacks } from './callbacks';

type Props = { view: ProspectView } & Pick<CardCallbacks, 'onAddToStore' | 'onCreateInCrm' | 'onRetryAction'> & {
  /** Given when the card has nothing else (ProspectCard's `isEmptyCard`): a quiet Mute beside the one action. */
  mute?: { name: string; onMute: CardCallbacks['onMute'] };
};

/**
 * A person no one has data on: one line that says so, and one clear next step (issue 17) instead of
 * an empty Stage/Score/Journey grid. With a CRM as the destination that step is "Add to HubSpot"
 * (docs/architecture.md, "Create in the CRM"), which then shows honestly where it stands: adding,
 * added (the card turns into the CRM record when the lookup answers), or failed with the cause and
 * Retry. Otherwise (no CRM connected, a webhook destination) the person can be kept in this browser. A domain match is only a
 * suggestion ("possibly at Northwind"), never presented as the same person. Nothing else competes with
 * that action: no "log a first touch", and on a card with no data at all only a quiet Mute.
 */
export function UnknownState({ view, onAddToStore, onCreateInCrm, onRetryAction, mute }: Props) {
  const create = view.createIn;
  const item = create ? view.actions.find((a) => a.type === 'crm_create' && a.sync.destination === create.kind) : undefined;
  return (
    <div class="pl-unknown" data-testid="unknown-state">
      <p>{t('noHistory')}</p>
      {view.match === 'domain' && view.prospect.company && <p class="pl-muted">{t('domainSuggestion', view.prospect.company)}</p>}
      {create && onCreateInCrm ? (
        <CreateInCrm name={create.name} item={item} onCreate={() => onCreateInCrm(view)} onRetry={onRetryAction} />
      ) : (
        <>
          <p class="pl-buttons">
            <button type="button" class="pl-btn pl-btn-primary" data-testid="keep-contact" onClick={() => onAddToStore(view)}>
              {t('keepContact')}
            </button>
          </p>
          {create === null && <p class="pl-muted">{t('keepContactHint')}</p>}
        </>
      )}
      {mute && (
        <p class="pl-buttons">
          <button type="button" class="pl-btn pl-btn-quiet" aria-label={t('muteLabel', mute.name)} onClick={() => mute.onMute(view.detectedKey)}>
            {t('mute')}
          </button>
        </p>
      )}
    </div>
  );
}

/** The button, or the state of the one item it queued (the outbox keeps one per person and CRM). */
function CreateInCrm({ name, item, onCreate, onRetry }: { name: string; item: SalesAction | undefined; onCreate(): void; onRetry(id: string): void }) {
  const state = item?.sync.state;
  if (state === 'pending' || state === 'inflight') {
    // A pending item that already failed once is retried by itself; the rep sees why it waits.
    const waiting = item!.sync.lastError;
    return (
      <p class="pl-muted" role="status" data-testid="create-state" data-state="pending">
        {t('createPending', name)}
        {waiting && ` — ${waiting}`}
      </p>
    );
  }
  if (state === 'done') {
    return (
      <p class="pl-muted" role="status" data-testid="create-state" data-state="done">
        {t('createDone', name)}
      </p>
    );
  }
  if (state === 'dead') {
    return (
      <div role="alert" data-testid="create-state" data-state="failed">
        <p>{t('createFailed', name, item!.sync.lastError ?? t('createFailedUnknown'))}</p>
        <p class="pl-buttons">
          <button type="button" class="pl-btn" aria-label={t('createRetryLabel', name)} onClick={() => onRetry(item!.id)}>
            {t('retry')}
          </button>
        </p>
      </div>
    );
  }
  return (
    <p class="pl-buttons">
      <button type="button" class="pl-btn pl-btn-primary" data-testid="create-in-crm" onClick={onCreate}>
        {t('createInCrm', name)}
      </button>
    </p>
  );
}
