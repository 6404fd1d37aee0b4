/**
 * The card's verdict (docs/architecture.md, "The compact card, links and mutes"): sales' newest lead
 * feedback on the person, from the rep's own logged actions or a colleague's feedback the sales lane
 * reads back from a CRM (a Task whose subject is the feedback's title). The newest wins; on a tie the
 * rep's own.
 */
import type { SalesAction } from '../model/action';
import type { LeadVerdict, SalesActivity } from '../model/view';
import { verdictOfTitle } from '../sources/action-text';

export function verdictOf(actions: readonly SalesAction[], lane: readonly SalesActivity[] = []): LeadVerdict | undefined {
  const found: LeadVerdict[] = [];
  for (const action of actions) {
    if (action.type !== 'lead_feedback' || !action.feedback) continue;
    found.push({
      verdict: action.feedback,
      ...(action.feedback === 'rejected' && action.rejectReason ? { reason: action.rejectReason } : {}),
      at: action.occurredAt,
      by: 'you',
    });
  }
  for (const item of lane) {
    const read = item.subject ? verdictOfTitle(item.subject) : undefined;
    if (read) found.push({ ...read, at: item.at, by: 'team', ...(item.author ? { author: item.author } : {}) });
  }
  let newest: LeadVerdict | undefined;
  for (const v of found) {
    const at = Date.parse(v.at);
    if (Number.isNaN(at)) continue;
    if (!newest || at > Date.parse(newest.at)) newest = v;
  }
  return newest;
}
