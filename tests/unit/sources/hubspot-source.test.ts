// @vitest-environment node
/** The HubSpot source with recorded answers: what it asks for, and what each answer becomes. */
import { describe, expect, it } from 'vitest';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotSource } from '@/lib/sources/hubspot/source';
import { SourceError } from '@/lib/sources/types';
import { fixtureJson, fixtureText, jsonResponse, scriptedFetch } from './helpers';

const config = HubSpotConnection.parse({ baseUrl: 'https://api.hubapi.com' });
const creds = { token: 'pat-na1-abc' };
const dana = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };

function recorded(batch: unknown, batchStatus = 200) {
  return scriptedFetch((url) => {
    if (url.endsWith('/batch/read')) return jsonResponse(batchStatus, batch);
    if (url.includes('/participations/')) return jsonResponse(200, fixtureJson('hubspot/participations.json'));
    if (url.endsWith('/contacts/search')) return jsonResponse(200, fixtureJson('hubspot/search-linkedin.json'));
    return jsonResponse(404, { status: 'error', message: 'not found', category: 'OBJECT_NOT_FOUND' });
  });
}

async function lookupError(fetchImpl: Parameters<typeof createHubSpotSource>[2]): Promise<SourceError> {
  const error = await createHubSpotSource(config, creds, fetchImpl)
    .lookup([dana])
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('HubSpot source, recorded answers', () => {
  it('batch-reads by email with the engagement properties and the Bearer token', async () => {
    const fetchImpl = recorded(fixtureJson('hubspot/batch-read-dana.json'));
    await createHubSpotSource(config, creds, fetchImpl).lookup([dana]);
    const [batch] = fetchImpl.calls;
    expect(batch!.url).toBe('https://api.hubapi.com/crm/v3/objects/contacts/batch/read');
    expect(batch!.init?.method).toBe('POST');
    expect((batch!.init?.headers as Record<string, string>).authorization).toBe('Bearer pat-na1-abc');
    const body = JSON.parse(String(batch!.init?.body));
    expect(body.idProperty).toBe('email');
    expect(body.inputs).toEqual([{ id: 'dana.whitfield@northwind.example' }]);
    expect(body.properties).toEqual(expect.arrayContaining(['hubspotscore', 'hs_email_open', 'recent_conversion_date', 'hs_linkedin_url']));
  });

  it('answers with the prospect, totals and events (dated properties and webinars)', async () => {
    const [record] = await createHubSpotSource(config, creds, recorded(fixtureJson('hubspot/batch-read-dana.json'))).lookup([dana]);
    expect(record!.prospect).toMatchObject({ name: 'Dana Whitfield', leadScore: 72 });
    expect(record!.allTime).toEqual({ emailOpens: 14, emailClicks: 5, pageViews: 23, visits: 9, conversions: 3 });
    expect(record!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['form_submit', 'webinar_registered', 'webinar_attended']));
  });

  it('omits an email HubSpot does not know (207), without an error', async () => {
    const records = await createHubSpotSource(config, creds, recorded(fixtureJson('hubspot/batch-read-partial.json'), 207)).lookup([
      { key: 'marcus.oyelaran@contoso.example', emails: ['marcus.oyelaran@contoso.example'] },
      { key: 'nobody@unknown.example', emails: ['nobody@unknown.example'] },
    ]);
    expect(records.map((r) => r.key)).toEqual(['marcus.oyelaran@contoso.example']);
  });

  it('searches by LinkedIn URL only for a query without email', async () => {
    const fetchImpl = recorded({ status: 'COMPLETE', results: [] });
    const [record] = await createHubSpotSource(config, creds, fetchImpl).lookup([{ key: 'linkedin:priyaraman', emails: [], linkedinUrl: 'https://www.linkedin.com/in/priyaraman' }]);
    expect(record!.prospect.name).toBe('Priya Raman');
    const search = fetchImpl.calls.find((c) => c.url.endsWith('/contacts/search'))!;
    const filters = JSON.parse(String(search.init?.body)).filterGroups.flatMap((g: { filters: unknown[] }) => g.filters);
    expect(filters).toContainEqual({ propertyName: 'hs_linkedin_url', operator: 'EQ', value: 'https://www.linkedin.com/in/priyaraman/' });
  });

  it.each([
    ['wrong types', fixtureJson('hubspot/batch-read-wrong-types.json')],
    ['truncated JSON', fixtureText('hubspot/batch-read-truncated.txt')],
    ['an HTML error page', '<html><body>Bad gateway</body></html>'],
  ])('reports %s as an answer it does not understand', async (_name, body) => {
    const error = await lookupError(recorded(body));
    expect(error.kind).toBe('malformed');
    expect(error.message).toBe('HubSpot sent an answer Prospect Lens does not understand');
  });

  it('stops reading a huge answer', async () => {
    const huge = { status: 'COMPLETE', results: [], padding: 'x'.repeat(3 * 1024 * 1024) };
    expect((await lookupError(recorded(huge))).kind).toBe('malformed');
  });

  it.each([
    [401, 'error-401.json', 'auth'],
    [403, 'error-403-scopes.json', 'no-access'],
    [429, 'error-429-ten-secondly.json', 'rate-limited'],
    [500, undefined, 'unavailable'],
  ])('batch read %i → %s', async (status, file, kind) => {
    const error = await lookupError(recorded(file ? fixtureJson(`hubspot/${file}`) : '', status));
    expect(error.kind).toBe(kind);
  });

  it('asks for 10 s on a TEN_SECONDLY_ROLLING 429 without Retry-After', async () => {
    expect((await lookupError(recorded(fixtureJson('hubspot/error-429-ten-secondly.json'), 429))).retryAfterMs).toBe(10_000);
  });

  it('says the connection failed when the browser throws a bare TypeError (a missing grant is refused before sending)', async () => {
    const failed = scriptedFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await lookupError(failed)).toEqual(new SourceError('unavailable', 'Connection to HubSpot failed (Failed to fetch)'));
  });

  it("leaves out only a participation it cannot read, and shows the contact when participations fail", async () => {
    const breakdown = fixtureJson('hubspot/participations.json') as { results: Record<string, unknown>[] };
    const unreadable = { ...breakdown.results[0], properties: { attendanceState: null, occurredAt: {} } };
    const withBadEntry = { results: [unreadable, ...breakdown.results.slice(1)] };
    const answering = (participations: () => Response) =>
      scriptedFetch((url) => (url.includes('/participations/') ? participations() : url.endsWith('/batch/read') ? jsonResponse(200, fixtureJson('hubspot/batch-read-dana.json')) : jsonResponse(404, {})));

    const [record] = await createHubSpotSource(config, creds, answering(() => jsonResponse(200, withBadEntry))).lookup([dana]);
    expect(record!.events.filter((e) => e.type.startsWith('webinar')).map((e) => e.type)).toEqual(['webinar_attended']);

    for (const failing of [() => jsonResponse(500, { status: 'error', message: 'internal', category: 'INTERNAL' }), () => jsonResponse(200, { results: 'nope' })]) {
      const [shown] = await createHubSpotSource(config, creds, answering(failing)).lookup([dana]);
      expect(shown!.prospect.name).toBe('Dana Whitfield');
      expect(shown!.events.some((e) => e.type.startsWith('webinar'))).toBe(false);
    }
  });

  it('still shows the contact when the token lacks the marketing-events scope', async () => {
    const fetchImpl = scriptedFetch((url) =>
      url.includes('/participations/') ? jsonResponse(403, fixtureJson('hubspot/error-403-scopes.json')) : jsonResponse(200, fixtureJson('hubspot/batch-read-dana.json')),
    );
    const [record] = await createHubSpotSource(config, creds, fetchImpl).lookup([dana]);
    expect(record!.prospect.name).toBe('Dana Whitfield');
    expect(record!.events.some((e) => e.type.startsWith('webinar'))).toBe(false);
  });
});
