// @vitest-environment node
/** The mocks themselves: they must refuse what the real services refuse, or the connector tests prove nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock } from '../../mocks';

let mock: HubSpotMock;
afterEach(async () => {
  await mock?.close();
});

const authed = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
});

describe('HubSpot mock', () => {
  it('answers a CORS preflight with 204, so an extension can call it', async () => {
    mock = await startHubSpotMock();
    const response = await fetch(`${mock.url}/crm/v3/objects/notes`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('refuses a missing token with HubSpot’s error body', async () => {
    mock = await startHubSpotMock();
    const response = await fetch(`${mock.url}/crm/v3/owners`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    mock = await startHubSpotMock();
    expect((await fetch(`${mock.url}/crm/v3/objects/widgets/batch/read`, authed({ method: 'POST', body: '{}' }))).status).toBe(404);
    expect((await fetch(`${mock.url}/crm/v3/objects/contacts/batch/read`, authed())).status).toBe(405);
  });

  it('rejects a malformed body, an unknown property and a wrong association type with VALIDATION_ERROR', async () => {
    mock = await startHubSpotMock();
    const post = (body: string) => fetch(`${mock.url}/crm/v3/objects/notes`, authed({ method: 'POST', body }));
    const answers = await Promise.all([
      post('{"properties":'),
      post(JSON.stringify({ properties: { hs_timestamp: '2024-11-19T10:00:00Z', hs_note_bodyy: 'x' } })),
      post(JSON.stringify({ properties: { hs_timestamp: '2024-11-19T10:00:00Z' }, associations: [{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }] })),
      post(JSON.stringify({ properties: { hs_note_body: 'no timestamp' } })),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ category: 'VALIDATION_ERROR' });
    }
    expect(mock.records.notes).toHaveLength(0);
  });

  it('rate-limits with a TEN_SECONDLY_ROLLING 429', async () => {
    mock = await startHubSpotMock({ rateLimit: { max: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${mock.url}/crm/v3/owners`, authed())).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await fetch(`${mock.url}/crm/v3/owners`, authed());
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT' });
  });

  it('makes a created record searchable only after the search delay', async () => {
    let now = 1_000_000;
    mock = await startHubSpotMock({ now: () => now, searchDelayMs: 3000 });
    const note = { properties: { hs_timestamp: '2024-11-19T10:00:00Z', hs_note_body: 'hello [prospect-lens:abc-123]' } };
    expect((await fetch(`${mock.url}/crm/v3/objects/notes`, authed({ method: 'POST', body: JSON.stringify(note) }))).status).toBe(201);
    const search = () =>
      fetch(`${mock.url}/crm/v3/objects/notes/search`, authed({ method: 'POST', body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: 'abc-123' }] }] }) })).then(
        (r) => r.json() as Promise<{ total: number }>,
      );
    expect((await search()).total).toBe(0);
    now += 3000;
    expect((await search()).total).toBe(1);
  });

  it('fails the same share of requests on every run with the same seed', async () => {
    const run = async () => {
      mock = await startHubSpotMock({ seed: 42 });
      mock.setFault({ rate: 0.3, fault: { type: 'status', status: 500 } });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await fetch(`${mock.url}/crm/v3/owners`, authed())).status);
      await mock.close();
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
