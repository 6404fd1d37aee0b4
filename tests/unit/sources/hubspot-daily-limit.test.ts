// @vitest-environment node
/**
 * HubSpot's daily limit resets at midnight in the account's time zone, which the connection does not
 * know. A DAILY 429 is tried again hourly, one request each time, so the limit is seen lifted within
 * the hour of the account's midnight whatever its zone (r8 #3).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hubspotRateLimitWait } from '@/lib/sources/hubspot/client';
import { type HubSpotMock, startHubSpotMock } from '../../mocks';

let mock: HubSpotMock;
afterEach(async () => {
  await mock?.close();
});

const HOUR = 3_600_000;

describe("HubSpot's daily limit", () => {
  it.each([
    ['America/New_York', '2026-12-05T05:00:00Z'],
    ['America/Los_Angeles', '2026-12-05T08:00:00Z'],
    ['Asia/Kolkata', '2026-12-05T18:30:00Z'],
    ['UTC', '2026-12-05T00:00:00Z'],
  ])('is found lifted within the hour after the midnight of a %s account, one request an hour', async (timeZone, reset) => {
    let now = Date.parse('2026-12-04T20:00:00Z');
    mock = await startHubSpotMock({ now: () => now });
    const owners = () => fetch(`${mock.url}/crm/v3/owners`, { headers: { authorization: `Bearer ${mock.token}` } });
    // Three requests a day: the third of the account's day is refused from here on.
    mock.setRateLimit({ max: 3, policyName: 'DAILY', timeZone });
    for (let i = 0; i < 3; i++) expect((await owners()).status).toBe(200);

    let requests = 0;
    for (;;) {
      const answer = await owners();
      requests++;
      if (answer.status === 200) break;
      expect(answer.status).toBe(429);
      now += hubspotRateLimitWait(await answer.json(), now);
    }
    expect(now).toBeGreaterThanOrEqual(Date.parse(reset));
    expect(now).toBeLessThanOrEqual(Date.parse(reset) + HOUR);
    expect(requests).toBeLessThanOrEqual(Math.ceil((Date.parse(reset) - Date.parse('2026-12-04T20:00:00Z')) / HOUR) + 2);
  });

  it('the mock refuses the rest of the account day and serves again after its midnight', async () => {
    let now = Date.parse('2026-12-04T23:30:00Z'); // 18:30 in New York
    mock = await startHubSpotMock({ now: () => now, rateLimit: { max: 1, policyName: 'DAILY', timeZone: 'America/New_York' } });
    const owners = () => fetch(`${mock.url}/crm/v3/owners`, { headers: { authorization: `Bearer ${mock.token}` } }).then((r) => r.status);
    expect(await owners()).toBe(200);
    expect(await owners()).toBe(429);
    now = Date.parse('2026-12-05T00:30:00Z'); // UTC's midnight has passed, New York's has not
    expect(await owners()).toBe(429);
    now = Date.parse('2026-12-05T05:00:00Z');
    expect(await owners()).toBe(200);
  });
});
