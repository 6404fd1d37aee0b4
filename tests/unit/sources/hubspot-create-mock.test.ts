// @vitest-environment node
/** The HubSpot mock's company and contact create, company search and default association refuse what HubSpot refuses. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';

let mock: HubSpotMock;
beforeEach(async () => {
  mock = await startHubSpotMock({ companies: [{ id: '7100', properties: { domain: 'fabrikam.example', name: 'Fabrikam' }, contactIds: [] }] });
});
afterEach(async () => {
  await mock.close();
});

const call = (method: string, path: string, body?: unknown, token = mock.token) =>
  fetch(`${mock.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const answer = async (reply: Response) => ({ status: reply.status, body: (await reply.json()) as Record<string, unknown> });

describe('HubSpot mock: creating people and companies', () => {
  it('refuses a contact with an invalid email or an unknown property', async () => {
    expect(await answer(await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'no at sign' } }))).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR', message: expect.stringMatching(/INVALID_EMAIL/) } });
    expect(await answer(await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@b.example', favourite_colour: 'teal' } }))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/PROPERTY_DOESNT_EXIST/) } });
  });

  it('answers a second contact with the same email with 409 and the existing id', async () => {
    const first = await answer(await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'new@fabrikam.example' } }));
    expect(first.status).toBe(201);
    expect(await answer(await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'NEW@fabrikam.example' } }))).toMatchObject({ status: 409, body: { category: 'CONFLICT', message: `Contact already exists. Existing ID: ${String(first.body.id)}` } });
  });

  it('refuses a company domain given as a URL, and needs the companies write scope', async () => {
    expect(await answer(await call('POST', '/crm/v3/objects/companies', { properties: { domain: 'https://fabrikam.example/' } }))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/INVALID_DOMAIN/) } });
    await mock.close();
    mock = await startHubSpotMock({ missingScopes: ['crm.objects.companies.write'] });
    expect(await answer(await call('POST', '/crm/v3/objects/companies', { properties: { domain: 'fabrikam.example' } }))).toMatchObject({ status: 403, body: { category: 'MISSING_SCOPES' } });
  });

  it('finds a company by domain with search', async () => {
    const found = await answer(await call('POST', '/crm/v3/objects/companies/search', { filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: 'fabrikam.example' }] }], limit: 1 }));
    expect(found).toMatchObject({ status: 200, body: { total: 1, results: [{ id: '7100' }] } });
  });

  it('links a contact to a company once with the default association, and 404s an unknown record', async () => {
    const contact = await answer(await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'new@fabrikam.example' } }));
    const id = String(contact.body.id);
    for (let i = 0; i < 2; i++) {
      expect(await answer(await call('PUT', `/crm/v4/objects/contacts/${id}/associations/default/companies/7100`))).toMatchObject({ status: 200, body: { status: 'COMPLETE' } });
    }
    const linked = await answer(await call('GET', `/crm/v4/objects/contacts/${id}/associations/companies`));
    expect(linked.body.results).toEqual([expect.objectContaining({ toObjectId: 7100 })]);
    expect((await call('PUT', `/crm/v4/objects/contacts/${id}/associations/default/companies/999`)).status).toBe(404);
    expect((await call('PUT', `/crm/v4/objects/contacts/${id}/associations/default/companies/7100`, undefined, 'pat-na1-wrong')).status).toBe(401);
  });

  it('rate limits the new endpoints like the others', async () => {
    mock.setRateLimit({ max: 0, retryAfterSeconds: 3 });
    const reply = await call('POST', '/crm/v3/objects/companies/search', { filterGroups: [] });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('3');
  });
});
