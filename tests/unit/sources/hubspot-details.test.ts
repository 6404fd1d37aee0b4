// @vitest-environment node
/**
 * A HubSpot lookup of several people within the time the background gives it (lib/sources/hubspot/
 * details.ts, pace.ts), over real HTTP against the loopback mock: details read a few contacts at a
 * time, at the account's pace, and the contacts found answered with what was read when time runs out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { DETAIL_READS_AT_ONCE } from '@/lib/sources/hubspot/details';
import { type HubSpotMock, type HubSpotMockOptions, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { type HubSpotSourceOptions, createHubSpotSource } from '@/lib/sources/hubspot/source';
import { forgetAccountData } from '@/lib/sources/hubspot/team';
import type { FetchImpl } from '@/lib/sources/http';
import { SourceError } from '@/lib/sources/types';

const NOW = Date.parse('2026-11-19T10:00:00Z');
let mock: HubSpotMock;
let restoreClock: () => void;

async function start(options: HubSpotMockOptions = {}) {
  mock = await startHubSpotMock({ now: () => NOW, team: true, ...options });
}
beforeEach(() => {
  forgetAccountData();
  restoreClock = setClock(() => NOW);
});
afterEach(async () => {
  restoreClock();
  await mock?.close();
});

const source = (options: HubSpotSourceOptions = {}, fetchImpl?: FetchImpl) =>
  createHubSpotSource(HubSpotConnection.parse({ baseUrl: mock.url }), { token: mock.token }, fetchImpl, { timeoutMs: 10_000, ...options });
const person = (email: string) => ({ key: email, emails: [email] });
const dana = person('dana.whitfield@northwind.example');
const marcus = person('marcus.oyelaran@contoso.example');
const everyone = [dana, marcus, person('priya.raman@fabrikam.example'), person('li.wei@tailspin.example'), person('mallory@evil.example')];
const marcusBreakdown = '/marketing/v3/marketing-events/participations/contacts/52/breakdown';

describe('HubSpot: several people in one lookup', () => {
  it("reads a few people's details at once, never more than its limit", async () => {
    await start();
    // Each answer a little late, so requests that are sent together are seen together.
    mock.setFault({ fault: { type: 'delay', ms: 20 } });
    let inFlight = 0;
    let most = 0;
    const counting: FetchImpl = async (url, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await fetch(url, init);
      } finally {
        inFlight--;
      }
    };
    const records = await source({}, counting).lookup(everyone);
    expect(records.map((r) => r.key)).toEqual(everyone.map((p) => p.key));
    expect(records.find((r) => r.key === dana.key)!.salesActivity).toHaveLength(5);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(DETAIL_READS_AT_ONCE);
  });

  it("answers everyone found when the lookup's time runs out, with the details read by then", async () => {
    await start();
    // Marcus's webinars never answer: his details are not read in time, Dana's are.
    mock.setFault({ path: marcusBreakdown, fault: { type: 'hang' } });
    const records = await source({ detailsBudgetMs: 1_500 }).lookup([dana, marcus]);
    const [danaRecord, marcusRecord] = records;
    expect(danaRecord!.salesActivity!.length).toBeGreaterThan(0);
    expect(danaRecord!.deals!.length).toBeGreaterThan(0);
    expect(marcusRecord).toMatchObject({ key: marcus.key, prospect: { name: 'Marcus Oyelaran', leadScore: 45 }, allTime: { emailOpens: 6 } });
    expect(marcusRecord!.salesActivity).toBeUndefined();
    expect(marcusRecord!.deals).toBeUndefined();
    // His record says it was cut short, so the card asks again rather than keep it for hours; Dana's is whole.
    expect(marcusRecord!.partial).toBe(true);
    expect(danaRecord!.partial).toBeUndefined();
  });

  it("answers with what was read when the caller's deadline passes during the details", async () => {
    await start();
    mock.setFault({ path: marcusBreakdown, fault: { type: 'hang' } });
    const records = await source().lookup([dana, marcus], AbortSignal.timeout(1_500));
    expect(records.map((r) => r.key)).toEqual([dana.key, marcus.key]);
    expect(records[0]!.salesActivity!.length).toBeGreaterThan(0);
    expect(records[1]!.salesActivity).toBeUndefined();
  });

  it("says HubSpot did not answer in time when the caller's deadline passes before anyone is found", async () => {
    await start();
    mock.setFault({ path: '/crm/v3/objects/contacts/batch/read', fault: { type: 'hang' } });
    const error = await source()
      .lookup([dana], AbortSignal.timeout(300))
      .catch((e: unknown) => e);
    expect(error).toEqual(new SourceError('unavailable', 'HubSpot did not answer in time'));
  });

  it("keeps to the account's pace, so HubSpot's per-window limit is never met", async () => {
    // The mock counts on a clock that moves, as HubSpot's rolling window does.
    await start({ now: Date.now, rateLimit: { max: 10, windowMs: 300 } });
    const records = await source({ pace: { max: 6, windowMs: 300 } }).lookup([dana, marcus]);
    expect(mock.requests.some((r) => r.status === 429)).toBe(false);
    expect(records.map((r) => r.salesActivity?.length ?? 0)).toEqual([5, 1]);
  });
});
