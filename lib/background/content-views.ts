/**
 * Cards as they may go to a content script. The page it runs in is untrusted, so it gets what the
 * sidebar draws and nothing more: no notes the rep wrote, no error texts of actions that are not
 * dead (the sidebar shows an action's error only with its Retry), no CRM record ids.
 * Extension pages (side panel, popup) get the full views.
 */
import type { SalesAction } from '../model/action';
import type { ProspectView } from '../model/view';

/** What the card's "Your team" line shows of an action: type, outcome, when, and its sync state. */
function forPage(action: SalesAction): SalesAction {
  const { state, attempts, lastError } = action.sync;
  return {
    id: action.id,
    prospectKey: action.prospectKey,
    type: action.type,
    outcome: action.outcome,
    notes: '',
    occurredAt: action.occurredAt,
    createdAt: action.createdAt,
    sync: { state, attempts, ...(state === 'dead' && lastError ? { lastError } : {}) },
  } as SalesAction;
}

export function forContentScript(views: readonly ProspectView[]): ProspectView[] {
  // The card links to CRM records through `links`; the references behind them stay in the extension.
  // Deals have no place on the card yet, and a CRM activity's status is not drawn: neither goes to the page.
  return views.map(({ deals: _deals, ...view }) => ({
    ...view,
    prospect: { ...view.prospect, refs: [] },
    actions: view.actions.map(forPage),
    ...(view.salesActivity ? { salesActivity: view.salesActivity.map(({ status: _status, ...item }) => item) } : {}),
  }));
}
