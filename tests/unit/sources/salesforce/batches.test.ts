// @vitest-environment node
/**
 * Many people in one lookup, and answers in several batches: every address gets its own matches,
 * every person their own newest activity, a query's later batches are read (on this instance only),
 * and a tab of 50 known people costs a handful of requests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { actionMarker } from '@/lib/sources/action-text';
import { resetApiUsage, salesforceClient } from '@/lib/sources/salesforce/client';
import { createSalesforceDestination } from '@/lib/sources/salesforce/destination';
import { readSalesforceFeedback } from '@/lib/sources/salesforce/feedback';
import { SEED_IDS } from '@/lib/sources/salesforce/mock-seed';
import { createSalesforceSource } from '@/lib/sources/salesforce/source';
import { closeDbForTests } from '@/lib/store/db';
import { context, jsonResponse, makeAction } from '../helpers';
import { type Org, restRequests, soqlOf, startOrg } from './helpers';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const sf = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const dana = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };

let org: Org;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  restoreClock = setClock(() => NOW);
  org = await startOrg({ now: () => NOW });
});

afterEach(async () => {
  restoreClock();
  await org.mock.close();
});

const source = () => createSalesforceSource(org.client(), org.config.instanceUrl!);
const leadId = (n: number) => `00Q${String(500 + n).padStart(12, '0')}AAA`;

/** Leads `p<n>@acme.example`, changed a minute ago (newer than every seeded person). */
function addLeads(count: number, email: (n: number) => string = (n) => `p${n}@acme.example`): void {
  for (let n = 0; n < count; n++) {
    org.mock.records.Lead.push({
      Id: leadId(n), FirstName: 'P', LastName: `${n}`, Company: 'Acme', Email: email(n), Status: 'Open - Not Contacted', OwnerId: SEED_IDS.rep,
      IsConverted: false, LastModifiedDate: sf(NOW - 60_000), CreatedDate: sf(NOW - 3_600_000),
    });
  }
}

function addTasks(whoId: string, count: number, subject: string, from = 0): void {
  for (let n = 0; n < count; n++) {
    org.mock.records.Task.push({
      Id: `00T${whoId.slice(3, 9)}${String(from + n).padStart(6, '0')}AAA`, WhoId: whoId, Subject: `${subject} ${from + n}`, TaskSubtype: 'Call', Status: 'Completed',
      OwnerId: SEED_IDS.colleague, CreatedDate: sf(NOW - (from + n + 1) * 60_000),
    });
  }
}

describe('several addresses in one query', () => {
  it('an address shared by 120 Leads hides no one asked with it, and keeps its 50 newest as matches', async () => {
    addLeads(120, () => 'info@acme.example');
    const [info, found] = await source().lookup([{ key: 'info@acme.example', emails: ['info@acme.example'] }, dana]);
    expect(found?.key).toBe(dana.key);
    expect(found!.prospect.name).toBe('Dana Whitfield');
    expect(info!.matches).toHaveLength(49);
    // One Lead query for the batch, asked again only for the addresses the full one crowded out.
    const leadQueries = soqlOf(org.mock).filter((q) => q.includes('FROM Lead WHERE Email IN'));
    expect(leadQueries).toEqual([
      expect.stringMatching(/Email IN \('info@acme\.example', 'dana\.whitfield@northwind\.example'\) .* LIMIT 100$/),
      expect.stringMatching(/Email IN \('dana\.whitfield@northwind\.example'\) .* LIMIT 50$/),
    ]);
  });
});

describe('one query per object for everyone in a lookup', () => {
  const people = Array.from({ length: 50 }, (_, n) => ({ key: `p${n}@acme.example`, emails: [`p${n}@acme.example`] }));

  it('looks up a tab of 50 known people in 10 requests (it took 156)', async () => {
    addLeads(50);
    const records = await source().lookup(people);
    expect(records.map((r) => r.key)).toEqual(people.map((p) => p.key));
    // 3 batches of 20 addresses × (Contacts, Leads); campaign history for 40 people a query; Tasks; Events.
    expect(restRequests(org.mock)).toHaveLength(10);
    expect(soqlOf(org.mock).filter((q) => q.includes('FROM Task WHERE WhoId IN'))).toHaveLength(1);
  });

  it("keeps each person's own newest 20 Tasks, whoever else in the batch has hundreds", async () => {
    addLeads(3);
    addTasks(leadId(0), 300, 'Busy');
    addTasks(leadId(1), 25, 'Quiet', 300);
    const [busy, quiet, none] = await source().lookup(people.slice(0, 3));
    expect(busy!.salesActivity).toHaveLength(20);
    expect(busy!.salesActivity![0]!.subject).toBe('Busy 0');
    expect(quiet!.salesActivity!.map((a) => a.subject)).toEqual(Array.from({ length: 20 }, (_, n) => `Quiet ${300 + n}`));
    expect(none!.salesActivity).toEqual([]);
    // The busy person filled the first answer's LIMIT; the other two were asked again without them.
    expect(soqlOf(org.mock).filter((q) => q.includes('FROM Task'))).toEqual([expect.stringMatching(/LIMIT 60$/), expect.stringMatching(/LIMIT 40$/)]);
  });

  it("gives each person their own campaign history, activity and account's deals", async () => {
    const sam = { key: 'sam.okafor@contoso.example', emails: ['sam.okafor@contoso.example'] };
    const [d, s] = await source().lookup([dana, sam]);
    expect(d!.events.map((e) => e.campaign).sort()).toEqual(['Month-end close webinar', 'Q4 nurture']);
    expect(d!.salesActivity!.map((a) => a.subject)).toEqual(['Intro call']);
    expect(d!.deals).toEqual([]);
    expect(s!.events.map((e) => e.type)).toEqual(['email_sent']);
    expect(s!.salesActivity!.map((a) => a.subject)).toEqual(['Procurement review']);
    expect(s!.deals!.map((x) => x.name)).toEqual(['Contoso — 200 seats']);
    const soql = soqlOf(org.mock);
    expect(soql.filter((q) => q.includes('FROM CampaignMember'))).toEqual([
      `SELECT Id, LeadId, ContactId, Campaign.Name, Campaign.Type, Status, HasResponded, FirstRespondedDate, CreatedDate FROM CampaignMember WHERE LeadId IN ('${SEED_IDS.danaLead}') OR ContactId IN ('${SEED_IDS.samContact}') ORDER BY CreatedDate DESC LIMIT 100`,
    ]);
    expect(soql.filter((q) => q.includes('FROM Event'))).toHaveLength(1);
  });
});

describe('answers in several batches', () => {
  it('reads every batch of a lookup Salesforce answers a few rows at a time', async () => {
    addLeads(5);
    addTasks(leadId(0), 7, 'Call');
    org.mock.setBatchSize(2);
    const [first] = await source().lookup([{ key: 'p0@acme.example', emails: ['p0@acme.example'] }]);
    expect(first!.salesActivity).toHaveLength(7);
    const more = restRequests(org.mock).filter((r) => /\/query\/01g\w+-\d+$/.test(r.path));
    expect(more.map((r) => r.path.replace(/01g\w+/, '01g…'))).toEqual(['/services/data/v62.0/query/01g…-2', '/services/data/v62.0/query/01g…-4', '/services/data/v62.0/query/01g…-6']);
  });

  it('finds an uncertain Task past the first batch, which is smaller for big Descriptions', async () => {
    const action = makeAction({
      prospectKey: dana.key, type: 'call', createdAt: new Date(NOW - 3_600_000).toISOString(),
      sync: { state: 'inflight', attempts: 1, destination: 'salesforce', updatedAt: new Date(NOW).toISOString(), uncertainSince: new Date(NOW - 3_600_000).toISOString() },
    });
    // The lost Task, then 150 newer ones on the same Lead, answered 50 at a time.
    org.mock.records.Task.push({ Id: '00T000000009999AAA', WhoId: SEED_IDS.danaLead, Subject: 'Call', Description: `Call\n${actionMarker(action.id)}`, CreatedDate: sf(NOW - 3_000_000) });
    org.mock.setBatchSize(50);
    for (let n = 0; n < 150; n++) org.mock.records.Task.push({ Id: `00T00000000${String(n).padStart(4, '0')}AAA`, WhoId: SEED_IDS.danaLead, Subject: 'Other', Description: 'x', CreatedDate: sf(NOW - n * 1000) });
    const destination = createSalesforceDestination(org.client(), org.config);
    expect(await destination.findExisting!(action, context())).toEqual({ found: true, remoteId: '00T000000009999AAA' });
  });

  it('the loopback org answers 2000 rows a batch, and 200 when a long text area is selected', async () => {
    for (let n = 0; n < 450; n++) {
      org.mock.records.Task.push({ Id: `00T0000000${String(n).padStart(5, '0')}AAA`, WhoId: SEED_IDS.danaLead, Subject: 'Lead accepted by sales', Description: `Lead accepted by sales\n${actionMarker(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`)}`, CreatedDate: sf(NOW - n * 1000) });
    }
    const { records, capped } = await readSalesforceFeedback(org.client(), {}, 1000);
    expect({ count: records.length, capped }).toEqual({ count: 450, capped: false });
    expect(restRequests(org.mock).filter((r) => r.path.includes('/query/01g')).map((r) => r.path.replace(/01g\w+/, '01g…'))).toEqual([
      '/services/data/v62.0/query/01g…-200',
      '/services/data/v62.0/query/01g…-400',
    ]);
    // Without a long text area the same Tasks come in one batch.
    const [people] = await org.client().query(`SELECT Id FROM Task WHERE WhoId = '${SEED_IDS.danaLead}'`, (r) => [r.body as { done: boolean; records: unknown[] }]);
    expect({ done: people!.done, rows: people!.records.length }).toEqual({ done: true, rows: 451 });
  });

  it('the lead feedback page reads every batch, and says it is complete', async () => {
    for (let n = 0; n < 5; n++) {
      const id = `0000000${n}-0000-4000-8000-000000000000`;
      org.mock.records.Task.push({ Id: `00T00000000${n}777AAA`, WhoId: SEED_IDS.danaLead, Subject: 'Lead accepted by sales', Description: `Lead accepted by sales\n${actionMarker(id)}`, CreatedDate: sf(NOW - n * 60_000) });
    }
    org.mock.setBatchSize(2);
    const { records, capped } = await readSalesforceFeedback(org.client(), {}, 500);
    expect({ count: records.length, capped }).toEqual({ count: 5, capped: false });
  });
});

describe('where a next batch may be', () => {
  const BASE = 'https://acme.my.salesforce.com';
  const task = (n: number) => ({
    Id: `00T00000000000${n}AAA`, WhoId: null, Subject: 'Lead accepted by sales',
    Description: `Lead accepted by sales\n${actionMarker(`0000000${n}-0000-4000-8000-000000000000`)}`, CreatedDate: `2026-11-1${n}T10:00:00.000+0000`,
  });

  /** The first answer points at `next`; what was asked is kept. */
  function pointingAt(next: string) {
    resetApiUsage();
    const asked: string[] = [];
    const fetchImpl = async (input: string) => {
      asked.push(input);
      if (!input.includes('?q=')) return jsonResponse(200, { totalSize: 2, done: true, records: [task(2)] });
      const q = new URL(input).searchParams.get('q')!;
      return jsonResponse(200, q.includes('Subject IN') ? { totalSize: 2, done: false, nextRecordsUrl: next, records: [task(1)] } : { totalSize: 0, done: true, records: [] });
    };
    const client = salesforceClient({ instanceUrl: BASE, consumerKey: 'k'.repeat(20), credentials: { accessToken: 'a', refreshToken: 'r' }, saveCredentials: async () => {} }, fetchImpl);
    return { client, asked };
  }

  it('follows a query locator on the instance', async () => {
    const { client, asked } = pointingAt('/services/data/v62.0/query/01gD0000002HU6KIAW-2000');
    expect(await readSalesforceFeedback(client, {}, 500)).toMatchObject({ records: [expect.anything(), expect.anything()], capped: false });
    expect(asked).toContain(`${BASE}/services/data/v62.0/query/01gD0000002HU6KIAW-2000`);
  });

  it.each([
    'https://evil.example/services/data/v62.0/query/01gD0000002HU6KIAW-2000',
    '//evil.example/services/data/v62.0/query/01gD0000002HU6KIAW-2000',
    '/services/data/v62.0/sobjects/Lead/00Q000000000001AAA',
    '/services/data/v62.0/query/../../../services/oauth2/revoke',
    '/services/data/v62.0/query?q=SELECT+Id+FROM+User',
  ])('never follows %s, and says the list is incomplete', async (next) => {
    const { client, asked } = pointingAt(next);
    expect(await readSalesforceFeedback(client, {}, 500)).toMatchObject({ records: [expect.anything()], capped: true });
    expect(asked.filter((url) => !url.includes('?q=SELECT%20Id%2C%20WhoId'))).toEqual([]);
  });
});
