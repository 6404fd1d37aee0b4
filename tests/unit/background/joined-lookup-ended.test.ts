/**
 * A build joins a CRM lookup of the same person still on its way (views.ts, `joined`). When that lookup
 * ends while the build is still reading its other people, the build waits for nothing and sends nothing:
 * the answer is cached, or the CRM's failure and Retry-After rest are recorded (docs/architecture.md,
 * "The flow of one detection" step 4, and "Time").
 */
import { describe, expect, it } from 'vitest';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, type ViewDeps } from '@/lib/background/views';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import { type EngagementSource, type LookupQuery, SourceError } from '@/lib/sources/types';
import { viewsAt } from './views-clock';

const NOW = Date.UTC(2026, 2, 2, 9);
viewsAt(NOW);

const X = 'xavier@acme.example';
const Y = 'yvonne@acme.example';
const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A CRM whose first lookup is held until the test ends it, with an answer or a failure, and the
 * deps of builds whose reading of Y's actions waits until the test lets it go.
 */
function setup() {
  const lookups: string[][] = [];
  let end: ((error?: Error) => void) | undefined;
  const crm: EngagementSource = {
    kind: 'hubspot',
    async lookup(queries: LookupQuery[]) {
      lookups.push(queries.map((q) => q.key));
      if (lookups.length === 1) await new Promise<void>((resolve, reject) => (end = (error) => (error ? reject(error) : resolve())));
      return queries.map((q) => ({ key: q.key, prospect: { key: q.key, lifecycleStage: 'lead', refs: [] }, events: [] }));
    },
    async test() {
      return 'ok';
    },
  };
  let letYGo: (() => void) | undefined;
  const yRead = new Promise<void>((resolve) => (letYGo = resolve));
  let slowY = false;
  const deps: ViewDeps = {
    finder: storeFinder,
    sources: async () => [crm],
    settings: async () => DEFAULT_SETTINGS,
    recentActions: async (key) => {
      if (slowY && key === Y) await yRead;
      return [];
    },
    now: () => NOW,
  };
  /** The people each build spent the budget on. */
  const spent: string[][] = [];
  const admit = (keys: readonly string[]) => (spent.push([...keys]), keys.length);
  return {
    lookups,
    spent,
    deps,
    admit,
    slowY: () => (slowY = true),
    letYGo: () => letYGo!(),
    endFirst: (error?: Error) => end!(error),
  };
}

/** Build 1 asks X and the answer is held; build 2 (a rebuild with Y added) joins X while Y is still read. */
async function joinThenEnd(crm: ReturnType<typeof setup>, error?: Error): Promise<{ refreshed: () => ProspectView[] | undefined }> {
  await buildViews([{ key: X, email: X }], crm.deps, { admit: crm.admit });
  await tick();
  expect(crm.lookups).toEqual([[X]]);

  crm.slowY();
  let refreshed: ProspectView[] | undefined;
  const second = buildViews([{ key: X, email: X }, { key: Y, email: Y }], crm.deps, {
    admit: crm.admit,
    onRefreshed: (views) => (refreshed = views),
  });
  await tick(100);
  // The first lookup ends while the rebuild is still reading Y.
  crm.endFirst(error);
  await tick();
  crm.letYGo();
  await second;
  await tick(100);
  return { refreshed: () => refreshed };
}

describe('a joined lookup that ends before the build sends its own', () => {
  it('is not sent again inside the Retry-After the CRM just gave, and the rebuild shows the failure', async () => {
    const crm = setup();
    const { refreshed } = await joinThenEnd(crm, new SourceError('rate-limited', 'HubSpot: too many requests (HTTP 429)', 3_600_000));
    expect(crm.lookups, 'lookups sent; a second would be inside the hour').toEqual([[X]]);
    expect(crm.spent, 'people each build spent the budget on').toEqual([[X]]);
    expect(refreshed()?.map((v) => [v.key, v.sources[0]?.state])).toEqual([
      [X, 'error'],
      [Y, 'error'],
    ]);
  });

  it('is not sent again once its answer is cached, and the answer reaches the rebuild', async () => {
    const crm = setup();
    const { refreshed } = await joinThenEnd(crm);
    expect(crm.lookups, 'X asked once; only Y asked by the rebuild').toEqual([[X], [Y]]);
    expect(crm.spent, 'the rebuild spends the budget on Y only').toEqual([[X], [Y]]);
    expect(refreshed()?.map((v) => [v.key, v.sources[0]?.state])).toEqual([
      [X, 'ok'],
      [Y, 'ok'],
    ]);
  });
});
