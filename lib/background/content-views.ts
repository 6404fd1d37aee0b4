/**
 * Cards as they may go to a content script. The page it runs in is untrusted, so it gets what the
 * sidebar draws and nothing more: of the person only the fields the card shows, no notes the rep
 * wrote, no error texts but a dead action's (shown with its Retry) and one waiting for host access
 * (shown as its reason), no CRM record ids, no import file names.
 * Extension pages (side panel, popup) get the full views.
 */
import type { ResponseMap } from '../messaging';
import type { SalesAction } from '../model/action';
import type { EngagementEvent } from '../model/engagement';
import type { RequestType } from '../model/messages';
import type { Prospect } from '../model/prospect';
import type { Deal, ProspectView, SalesActivity } from '../model/view';
import { errorShown } from '../sync/waits';

/**
 * What the card's "Your team" line shows of an action: type, outcome, when, and its sync state with
 * the kind of destination (no address): without it a feedback kept in this browser would read as
 * "synced ✓" on the page (issue 17).
 */
export function forPage(action: SalesAction): SalesAction {
  const { state, attempts, destination } = action.sync;
  const lastError = errorShown(action);
  return {
    id: action.id,
    prospectKey: action.prospectKey,
    type: action.type,
    outcome: action.outcome,
    notes: '',
    occurredAt: action.occurredAt,
    createdAt: action.createdAt,
    sync: { state, attempts, destination, ...(lastError ? { lastError } : {}) },
  } as SalesAction;
}

/**
 * The sales lane as the page may see it: type, subject, author and time. A CRM activity carries no
 * body (sources keep only subjects), its status is not drawn, and its record id is replaced.
 */
function activityForPage(item: SalesActivity, index: number): SalesActivity {
  const { source, type, subject, author, at } = item;
  return { id: `activity-${index}`, source, type, at, ...(subject ? { subject } : {}), ...(author ? { author } : {}) };
}

/** A deal as the card draws it, without its CRM record id. */
function dealForPage(deal: Deal, index: number): Deal {
  const { id: _id, ...rest } = deal;
  return { id: `deal-${index}`, ...rest };
}

/**
 * The person as the card and sidebar draw them, an allow-list: the first address, name, title,
 * company, owner, stage and score. Not the other addresses the store or a CRM holds (up to 50, private
 * ones among them), the `origin` (an import's file name), `domain`, `linkedinUrl` or `updatedAt`; and
 * no CRM references: the card links to records through `links`. "Save this person" does not need
 * more: the background stores its own copy of the detected person (scope.ts, candidateToAdd).
 */
function prospectForPage(prospect: Prospect): Prospect {
  const { key, emails, name, title, company, owner, lifecycleStage, leadScore } = prospect;
  return { key, emails: emails.slice(0, 1), name, title, company, owner, lifecycleStage, leadScore, refs: [] };
}

/**
 * An engagement event as the timeline draws it: type, time, title, link, source and campaign. Not its
 * `origin` (an import's file name: "Q3 churn-risk accounts.csv"), its `channel`, nor its id, which
 * names the source's own record (`hubspot:…`); the id is replaced, as the timeline keys its rows by it.
 */
function eventForPage(event: EngagementEvent, index: number): EngagementEvent {
  const { prospectKey, source, type, occurredAt, title, url, campaign } = event;
  return { id: `event-${index}`, prospectKey, source, type, occurredAt, ...(title ? { title } : {}), ...(url ? { url } : {}), ...(campaign ? { campaign } : {}) };
}

export function forContentScript(views: readonly ProspectView[]): ProspectView[] {
  return views.map(({ deals, salesActivity, ...view }) => ({
    ...view,
    prospect: prospectForPage(view.prospect),
    events: view.events.map(eventForPage),
    actions: view.actions.map(forPage),
    ...(salesActivity ? { salesActivity: salesActivity.map(activityForPage) } : {}),
    ...(deals ? { deals: deals.map(dealForPage) } : {}),
  }));
}

type ReplyFilter<T extends RequestType> = (data: ResponseMap[T]) => unknown;
const keep = <T,>(data: T) => data;

/**
 * The answer a content script gets to each request it may send (CONTENT_SCRIPT_REQUESTS): the same
 * cards and actions as the push gives it, stripped as above, and no settings. Extension pages get the
 * handlers' answers as they are. Every request a content script may send has an entry (a test checks),
 * so a new one has to decide what the page may see of its answer.
 */
export const CONTENT_SCRIPT_REPLIES: { readonly [T in RequestType]?: ReplyFilter<T> } = {
  detected: ({ revision, views }) => ({ revision, views: forContentScript(views) }),
  lookup: forContentScript,
  'match/choose': forContentScript,
  'prospect/add': (view) => forContentScript([view])[0],
  'action/retry': forPage,
  'crm/create': forPage,
  // The whole settings (destination, addresses, lists) are the answer an extension page gets; the sidebar's Undo needs none of it.
  'ignore/remove': () => null,
  'match/forget': keep,
  'ignore/add': keep,
  'popup/open': keep,
  'page/settings': keep,
  'page/collapse': keep,
  'page/sidebar': keep,
  'email/log': keep,
  'email/status': keep,
};

/** What a content script may see of `data`, the answer to its `type` request; nothing for a request it may not send. */
export function replyForContentScript(type: RequestType, data: unknown): unknown {
  const filter = CONTENT_SCRIPT_REPLIES[type] as ReplyFilter<RequestType> | undefined;
  return filter && data != null ? filter(data as never) : null;
}
