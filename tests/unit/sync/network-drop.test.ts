/**
 * The network drops while a write is on its way: HubSpot stored the call, the answer never came, and
 * by the time fetch failed the browser was offline. Offline then says nothing about whether the
 * request left, so the action is uncertain, and the next try looks for the call before sending it
 * again (lib/sources/http.ts, `classifyThrown`). It was taken for "never sent" and posted twice.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { getAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox, wakeAfterReconnect } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();
afterEach(() => vi.unstubAllGlobals());

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A HubSpot that stores every call it is sent; the first one's answer is lost as the network goes. */
function hubspotLosingFirstAnswer() {
  const stored: { id: string; body: string }[] = [];
  const requests: string[] = [];
  const fetchImpl = async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    requests.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/crm/v3/objects/contacts/batch/read') return json({ status: 'COMPLETE', results: [{ id: '51', properties: { email: 'dana@northwind.example' } }] });
    if (path === '/crm/v3/objects/calls/search') {
      const token = (JSON.parse(String(init?.body)) as { filterGroups: { filters: { value: string }[] }[] }).filterGroups[0]!.filters[0]!.value;
      const results = stored.filter((call) => call.body.includes(token)).map((call) => ({ id: call.id, properties: { hs_call_body: call.body } }));
      return json({ total: results.length, results });
    }
    if (path === '/crm/v3/objects/calls') {
      const body = (JSON.parse(String(init?.body)) as { properties: { hs_call_body: string } }).properties.hs_call_body;
      stored.push({ id: String(900 + stored.length), body });
      if (stored.length === 1) {
        vi.stubGlobal('navigator', { onLine: false });
        throw new TypeError('Failed to fetch');
      }
      return json({ id: stored.at(-1)!.id }, 201);
    }
    return json({ message: 'not found' }, 404);
  };
  return { stored, requests, fetchImpl };
}

describe('a write cut off as the network drops', () => {
  it('is uncertain, and looked for before it is sent again: HubSpot gets one call', async () => {
    const hubspot = hubspotLosingFirstAnswer();
    const destination = createHubSpotDestination(HubSpotConnection.parse({ baseUrl: 'https://api.hubapi.com' }), { token: 'pat-test' }, hubspot.fetchImpl, { settleMs: 60_000 });
    const options: DrainOptions = {
      resolveDestination: () => destination,
      getProspect: () => undefined,
      sleep: clock.sleep,
      gate: new DestinationGate(),
      policy: { random: () => 0.5 },
      isOnline: () => globalThis.navigator?.onLine !== false,
    };
    const { id } = await logAction(callInput(), 'hubspot');

    await drainOutbox(options);
    expect(hubspot.stored).toHaveLength(1);
    expect((await getAction(id))!.sync).toMatchObject({ state: 'pending', uncertainSince: expect.any(String) });

    // Back online: an uncertain action is not made due at once; it waits for HubSpot's search to settle.
    vi.unstubAllGlobals();
    await wakeAfterReconnect(clock.now());
    await drainOutbox(options);
    expect(hubspot.stored).toHaveLength(1);
    clock.advance(10 * 60_000);
    await drainOutbox(options);

    expect(hubspot.stored).toHaveLength(1);
    expect(hubspot.requests.filter((r) => r === 'POST /crm/v3/objects/calls')).toHaveLength(1);
    expect(hubspot.requests).toContain('POST /crm/v3/objects/calls/search');
    expect((await getAction(id))!.sync).toMatchObject({ state: 'done', remoteId: '900' });
  });
});
