import { addEvents } from '@/lib/store/events';
import { putAction } from '@/lib/store/outbox';
import { upsertProspects } from '@/lib/store/prospects';
import type { SalesAction } from '@/lib/model/action';
import type { EngagementEvent } from '@/lib/model/engagement';
import { makeAction } from '../store/factory';

export const DAY = 86_400_000;
/** 2026-11-30 12:00 UTC */
export const NOW = Date.UTC(2026, 10, 30, 12, 0);
export const iso = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();

let n = 0;
export function event(prospectKey: string, type: EngagementEvent['type'], daysAgo: number, over: Partial<EngagementEvent> = {}): EngagementEvent {
  return { id: `local:fb-${++n}`, prospectKey, source: 'local', type, occurredAt: iso(daysAgo), ...over };
}

export const feedback = (prospectKey: string, daysAgo: number, over: Partial<SalesAction> = {}) =>
  makeAction({ prospectKey, type: 'lead_feedback', feedback: 'accepted', occurredAt: iso(daysAgo), createdAt: iso(daysAgo), notes: '', ...over });

export const DANA = 'dana@northwind.example';
export const LI = 'li@contoso.example';
export const SAM = 'sam@fabrikam.example';
export const NOBODY = 'nobody@example.com';

/**
 * Dana: first touch "Procurement nurture" 60 days ago (an open), last before the feedback "Q4 nurture"
 * (a click 12 days ago), accepted 10 days ago; a later click (5 days ago) is after the feedback.
 * Li: first touch a page view through the web channel only (no campaign), rejected (no budget) 3 days ago,
 * then a stage change 1 day ago. Sam: only a send and an open a proxy made on delivery: no touch; rejected.
 * Nobody: no events, no stored prospect; accepted 40 days ago.
 */
export async function seed(): Promise<SalesAction[]> {
  await upsertProspects([
    { key: DANA, emails: [DANA], name: 'Dana Whitfield', refs: [] },
    { key: LI, emails: [LI], name: 'Li Wei', refs: [] },
  ]);
  await addEvents([
    event(DANA, 'email_sent', 61, { campaign: 'Procurement nurture', title: '#1' }),
    event(DANA, 'email_open', 60, { campaign: 'Procurement nurture', title: '#1', channel: 'email' }),
    event(DANA, 'unsubscribe', 70, { campaign: 'Old newsletter' }),
    event(DANA, 'email_click', 12, { campaign: 'Q4 nurture', title: '#3', url: 'https://example.com/roi', channel: 'email' }),
    event(DANA, 'email_click', 5, { campaign: 'Webinar invites', title: '#9', url: 'https://example.com/w', channel: 'email' }),
    event(LI, 'page_view', 30, { channel: 'web', url: 'https://example.com/pricing' }),
    event(LI, 'email_open', 8, { campaign: 'IT digest', channel: 'email' }),
    event(SAM, 'email_sent', 20, { campaign: 'Finance newsletter', title: 'June' }),
    event(SAM, 'email_open', 20, { campaign: 'Finance newsletter', title: 'June' }),
  ]);
  const actions = [
    feedback(DANA, 10, { notes: '=HYPERLINK("https://evil.example","x")' }),
    feedback(LI, 3, { feedback: 'rejected', rejectReason: 'no_budget', sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: iso(3) } }),
    makeAction({ prospectKey: LI, type: 'stage_change', stage: 'opportunity', occurredAt: iso(1), createdAt: iso(1) }),
    feedback(SAM, 2, { feedback: 'rejected', rejectReason: 'not_a_fit' }),
    feedback(NOBODY, 40),
    // Not feedback: never on the page.
    makeAction({ prospectKey: DANA, type: 'call', occurredAt: iso(4), createdAt: iso(4) }),
  ];
  for (const a of actions) await putAction(a);
  return actions;
}
