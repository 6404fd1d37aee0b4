/**
 * Each fixture file is imported as the options page would (a File, streamed) and compared with the
 * expected summary stored beside it.
 */
import { importFile, rowReason } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import { allEvents, allProspects, fixtureExpectation, fixtureFile } from './helpers';

afterEach(closeDbForTests);

const CASES = [
  ['canonical-bad-rows.csv', 'canonical-bad-rows.expected.json'],
  ['canonical-crlf.csv', 'canonical-crlf.expected.json'],
  ['canonical.json', 'canonical.json.expected.json'],
  ['canonical.ndjson', 'canonical.ndjson.expected.json'],
  ['hubspot-contacts.csv', 'hubspot-contacts.expected.json'],
  ['mautic-contacts.csv', 'mautic-contacts.expected.json'],
] as const;

describe('fixture files', () => {
  it.each(CASES)('%s gives the expected summary', async (file, expectation) => {
    const summary = await importFile(fixtureFile(file));
    const { durationMs, cancelled, rejectedRows, ...rest } = summary;
    expect(cancelled).toBe(false);
    // The expected files keep each reason as the rep reads it (English here): worded from its problems.
    const worded = rejectedRows.map(({ problems, ...row }) => ({ line: row.line, reason: rowReason({ problems }), ...(row.values && { values: row.values }) }));
    expect({ ...rest, rejectedRows: worded }).toEqual(fixtureExpectation(expectation));
    expect(summary.imported + summary.skipped + summary.rejected).toBe(summary.recordsRead);
  });

  it.each(CASES)('%s imported a second time adds nothing', async (file) => {
    await importFile(fixtureFile(file));
    const events = await allEvents();
    const prospects = await allProspects();
    const again = await importFile(fixtureFile(file));
    expect(again.imported).toBe(0);
    expect(again.skipped + again.rejected).toBe(again.recordsRead);
    expect(await allEvents()).toHaveLength(events.length);
    expect(await allProspects()).toHaveLength(prospects.length);
  });
});

describe('what the formats store', () => {
  it('canonical CSV: keys normalised, quoted line breaks kept, origin stamped', async () => {
    await importFile(fixtureFile('canonical-bad-rows.csv'));
    const events = await allEvents();
    expect(events.map((e) => [e.prospectKey, e.type, e.occurredAt]).sort()).toEqual([
      ['dana.whitfield@northwind.example', 'email_click', '2026-11-02T10:15:00.000Z'],
      ['dana.whitfield@northwind.example', 'email_open', '2026-11-01T09:00:00.000Z'],
      ['li.wei@contoso.example', 'page_view', '2026-11-03T00:00:00.000Z'],
    ]);
    expect(events.find((e) => e.type === 'page_view')?.title).toBe('Pricing\n(second line of the title)');
    expect(events.every((e) => e.origin === 'import:canonical-bad-rows.csv' && e.id.startsWith('local:'))).toBe(true);
    const jonas = (await allProspects()).find((p) => p.key === 'jonas.berg@adatum.example');
    expect(jonas).toMatchObject({ name: 'Jonas "JB" Berg', company: 'Adventure Works', domain: 'adatum.example', emails: ['jonas.berg@adatum.example'] });
  });

  it('canonical CSV: a LinkedIn-only person gets a linkedin key and the canonical profile URL', async () => {
    await importFile(fixtureFile('canonical-crlf.csv'));
    const marta = (await allProspects()).find((p) => p.key === 'linkedin:marta-oliveira');
    expect(marta).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/marta-oliveira', lifecycleStage: 'salesqualifiedlead', leadScore: 71, emails: [] });
    const [event] = await allEvents();
    expect(event).toMatchObject({ prospectKey: 'linkedin:marta-oliveira', type: 'webinar_attended', title: 'Scaling\r\npartner marketing', occurredAt: '2026-11-03T14:05:00.000Z' });
  });

  it('JSON: email keys are lower-cased and offsets become UTC', async () => {
    await importFile(fixtureFile('canonical.json'));
    const dana = (await allProspects()).find((p) => p.key === 'dana.whitfield@northwind.example');
    expect(dana).toMatchObject({ name: 'Dana Whitfield', leadScore: 87 });
    const view = (await allEvents()).find((e) => e.type === 'page_view');
    expect(view).toMatchObject({ occurredAt: '2026-11-04T07:00:00.000Z', url: 'https://www.example.com/pricing' });
  });

  it('HubSpot: labels map to prospect fields, dated facts to events', async () => {
    await importFile(fixtureFile('hubspot-contacts.csv'));
    const prospects = await allProspects();
    expect(prospects.find((p) => p.key === 'dana.whitfield@northwind.example')).toMatchObject({
      name: 'Dana Whitfield',
      company: 'Northwind Traders',
      title: 'Head of Procurement',
      lifecycleStage: 'opportunity',
      leadScore: 87,
      owner: 'Alex Rep',
      refs: [{ source: 'hubspot', externalId: '101' }],
      origin: 'import:hubspot-contacts.csv',
    });
    expect(prospects.find((p) => p.key === 'li.wei@contoso.example')).toMatchObject({
      lifecycleStage: 'marketingqualifiedlead',
      linkedinUrl: 'https://www.linkedin.com/in/li-wei-contoso',
    });
    expect(prospects.find((p) => p.key === 'linkedin:marta-oliveira')?.lifecycleStage).toBe('salesqualifiedlead');
    const events = (await allEvents()).map((e) => [e.prospectKey, e.type, e.occurredAt, e.title ?? null]).sort();
    expect(events).toEqual([
      ['dana.whitfield@northwind.example', 'email_open', '2026-11-12T08:30:00.000Z', 'Marketing email opened'],
      ['dana.whitfield@northwind.example', 'form_submit', '2026-11-10T14:05:00.000Z', 'Contact sales'],
      ['li.wei@contoso.example', 'email_open', '2026-11-01T09:00:00.000Z', 'Marketing email opened'],
    ]);
  });

  it('Mautic: points are the lead score, position the title, last_active an event', async () => {
    await importFile(fixtureFile('mautic-contacts.csv'));
    const prospects = await allProspects();
    expect(prospects.find((p) => p.key === 'dana.whitfield@northwind.example')).toMatchObject({
      name: 'Dana Whitfield',
      title: 'Head of Procurement',
      leadScore: 87,
      lifecycleStage: 'opportunity',
      refs: [{ source: 'mautic', externalId: '7' }],
    });
    expect(prospects.find((p) => p.key === 'linkedin:marta-oliveira')).toMatchObject({ lifecycleStage: 'sql', leadScore: 71 });
    const events = await allEvents();
    expect(events.map((e) => [e.prospectKey, e.type, e.occurredAt])).toEqual([['dana.whitfield@northwind.example', 'other', '2026-11-12T08:30:00.000Z']]);
  });
});
