/**
 * The card's verdict in the view model (issue 17): sales' newest lead feedback, from the rep's own
 * actions or a colleague's feedback read back from the sales lane, kept for the page's views.
 */
import { describe, expect, it } from 'vitest';
import { forContentScript } from '@/lib/background/content-views';
import { storeFinder } from '@/lib/background/finder';
import { verdictOf } from '@/lib/background/verdict';
import { buildViews, type ViewDeps } from '@/lib/background/views';
import type { SalesAction } from '@/lib/model/action';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { ProspectView, SalesActivity } from '@/lib/model/view';
import { actionTitle } from '@/lib/sources/action-text';
import type { EngagementSource } from '@/lib/sources/types';
import { newestFeedback, putAction } from '@/lib/store/outbox';
import { viewsAt } from './views-clock';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const KEY = 'dana@northwind.example';
viewsAt(NOW);

const at = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();
let serial = 0;

function action(overrides: Partial<SalesAction>): SalesAction {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    prospectKey: KEY,
    type: 'lead_feedback',
    notes: '',
    occurredAt: at(1),
    createdAt: at(1),
    sync: { state: 'done', attempts: 0, destination: 'local', updatedAt: at(1) },
    ...overrides,
  } as SalesAction;
}

const rejected = (hours: number, reason: SalesAction['rejectReason'] = 'not_a_fit') =>
  action({ feedback: 'rejected', rejectReason: reason, occurredAt: at(hours), createdAt: at(hours) });
const accepted = (hours: number) => action({ feedback: 'accepted', occurredAt: at(hours), createdAt: at(hours) });

function salesforce(activity: SalesActivity[]): EngagementSource {
  return {
    kind: 'salesforce',
    lookup: async (queries) => queries.map((q) => ({ key: q.key, prospect: { key: q.key, name: 'Dana Whitfield' }, events: [], salesActivity: activity })),
    test: async () => 'ok',
  };
}

function deps(actions: SalesAction[], sources: EngagementSource[] = [], extra: Partial<ViewDeps> = {}): ViewDeps {
  return { finder: storeFinder, sources: async () => sources, settings: async () => DEFAULT_SETTINGS, recentActions: async () => actions, now: () => NOW, ...extra };
}

async function firstView(d: ViewDeps): Promise<ProspectView> {
  return (await buildViews([{ key: KEY, email: KEY }], d))[0]!;
}

async function refreshedView(d: ViewDeps): Promise<ProspectView> {
  return (await new Promise<ProspectView[]>((resolve) => void buildViews([{ key: KEY, email: KEY }], d, { onRefreshed: resolve })))[0]!;
}

describe('verdictOf', () => {
  it("is the newest lead feedback: the rep's rejection after an acceptance, with its reason", () => {
    expect(verdictOf([accepted(5), action({ type: 'call', occurredAt: at(0) }), rejected(2, 'no_budget')])).toEqual({
      verdict: 'rejected',
      reason: 'no_budget',
      at: at(2),
      by: 'you',
    });
    expect(verdictOf([rejected(5), accepted(2)])).toEqual({ verdict: 'accepted', at: at(2), by: 'you' });
  });

  it('has none without lead feedback (stage changes and calls are not verdicts)', () => {
    expect(verdictOf([action({ type: 'call' }), action({ type: 'stage_change', stage: 'sql' })])).toBeUndefined();
    expect(verdictOf([], [{ id: 'salesforce:t1', source: 'salesforce', type: 'task', at: at(1), subject: 'Send pricing' }])).toBeUndefined();
  });

  it("reads a colleague's feedback from the lane by the title Prospect Lens writes, and the newer one wins", () => {
    const subject = actionTitle(rejected(1, 'already_customer'));
    const lane: SalesActivity[] = [{ id: 'salesforce:t1', source: 'salesforce', type: 'task', at: at(1), subject, author: 'Sam Ortiz' }];
    expect(verdictOf([accepted(3)], lane)).toEqual({ verdict: 'rejected', reason: 'already_customer', at: at(1), by: 'team', author: 'Sam Ortiz' });
    expect(verdictOf([accepted(0.5)], lane)).toMatchObject({ verdict: 'accepted', by: 'you' });
  });
});

describe('the verdict in buildViews', () => {
  it("comes with the card from the rep's actions, and reaches the page's views", async () => {
    const view = await firstView(deps([accepted(4), rejected(2)]));
    expect(view.verdict).toEqual({ verdict: 'rejected', reason: 'not_a_fit', at: at(2), by: 'you' });
    // The page gets no notes or feedback fields of actions, but it does get the verdict.
    const [page] = forContentScript([view]);
    expect(page!.verdict).toEqual(view.verdict);
    expect(page!.actions.every((a) => a.rejectReason === undefined)).toBe(true);
  });

  it('is absent for a person with no feedback', async () => {
    expect((await firstView(deps([action({ type: 'call' })]))).verdict).toBeUndefined();
  });

  it("takes a colleague's newer feedback from a source's sales lane", async () => {
    const lane: SalesActivity[] = [{ id: 'salesforce:t9', source: 'salesforce', type: 'task', at: at(1), subject: 'Lead accepted by sales', author: 'Sam Ortiz' }];
    const view = await refreshedView(deps([rejected(6)], [salesforce(lane)]));
    expect(view.verdict).toEqual({ verdict: 'accepted', at: at(1), by: 'team', author: 'Sam Ortiz' });
  });

  it('keeps a feedback older than the five recent actions the card lists (the store is asked for the newest feedback)', async () => {
    const old = rejected(48, 'competitor');
    await putAction(old);
    const calls = Array.from({ length: 5 }, (_, i) => action({ type: 'call', occurredAt: at(i), createdAt: at(i) }));
    for (const call of calls) await putAction(call);
    expect((await newestFeedback(KEY))?.id).toBe(old.id);
    const view = await firstView(deps(calls, [], { newestFeedback }));
    expect(view.actions.map((a) => a.id)).not.toContain(old.id);
    expect(view.verdict).toMatchObject({ verdict: 'rejected', reason: 'competitor', by: 'you' });
  });
});
