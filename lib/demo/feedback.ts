/**
 * The demo's lead feedback: what sales said about six of the named people, so the lead feedback page
 * has several campaigns to show. They are kept in this browser only (`local`, `done`): the sync never
 * sends them, whatever destination is set. Fixed ids, so loading twice adds nothing and removing the
 * demo data finds them.
 */
import type { SalesAction, SalesActionInput } from '../model/action';
import { db } from '../store/db';

const DAY_MS = 86_400_000;

type DemoFeedback = Pick<SalesActionInput, 'prospectKey' | 'type' | 'feedback' | 'rejectReason' | 'stage'> & { notes: string; daysAgo: number };

const FEEDBACK: readonly DemoFeedback[] = [
  { prospectKey: 'dana.whitfield@northwind.example', type: 'lead_feedback', feedback: 'accepted', daysAgo: 5, notes: 'Budget owner, pilot in Q1.' },
  { prospectKey: 'li.wei@contoso.example', type: 'lead_feedback', feedback: 'accepted', daysAgo: 2, notes: 'Evaluating three vendors.' },
  { prospectKey: 'samir.haddad@fabrikam.example', type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', daysAgo: 30, notes: 'Frozen until next fiscal year.' },
  { prospectKey: 'priya.raman@adatum.example', type: 'lead_feedback', feedback: 'rejected', rejectReason: 'wrong_contact', daysAgo: 60, notes: 'Jonas runs procurement.' },
  { prospectKey: 'jonas.berg@adatum.example', type: 'lead_feedback', feedback: 'rejected', rejectReason: 'not_a_fit', daysAgo: 20, notes: 'Too small for now.' },
  { prospectKey: 'linkedin:prospect-lens.demo.marta-oliveira', type: 'stage_change', stage: 'salesqualifiedlead', daysAgo: 7, notes: '' },
];

export const DEMO_ACTION_IDS = FEEDBACK.map((_, i) => `5eed2026-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);

export function demoActions(now: number): SalesAction[] {
  return FEEDBACK.map(({ daysAgo, ...input }, i) => {
    const at = new Date(Math.floor((now - daysAgo * DAY_MS) / 60_000) * 60_000).toISOString();
    return {
      ...input,
      id: DEMO_ACTION_IDS[i]!,
      type: input.type!,
      occurredAt: at,
      createdAt: at,
      sync: { state: 'done', attempts: 0, destination: 'local', updatedAt: at },
    } as SalesAction;
  });
}

/** Adds the ones not there yet (a rep may have edited one: it stays as they left it). */
export async function addDemoActions(now: number): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  for (const action of demoActions(now)) if (!(await tx.store.getKey(action.id))) await tx.store.put(action);
  await tx.done;
}

export async function deleteDemoActions(): Promise<number> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  let removed = 0;
  for (const id of DEMO_ACTION_IDS) {
    if (await tx.store.getKey(id)) {
      await tx.store.delete(id);
      removed++;
    }
  }
  await tx.done;
  return removed;
}
