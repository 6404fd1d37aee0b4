import Papa from 'papaparse';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteEverything } from '@/lib/data/erase';
import { ACTION_COLUMNS, EVENT_COLUMNS, exportActionsCsv, exportEventsCsv, exportFileName, exportJson } from '@/lib/data/export';
import { formatBytes } from '@/lib/data/usage';
import { importFile, importText } from '@/lib/import';
import { setClock } from '@/lib/clock';
import type { SalesAction } from '@/lib/model/action';
import type { EngagementEvent } from '@/lib/model/engagement';
import { closeDbForTests, db, DB_NAME, openDatabase } from '@/lib/store/db';
import { addEvents, countEvents, getSummary } from '@/lib/store/events';
import { allActions, putAction } from '@/lib/store/outbox';
import { countProspects, upsertProspects } from '@/lib/store/prospects';
import { secretOrigin, setSecret } from '@/lib/store/secrets';
import { getSettings, saveSettings } from '@/lib/store/settings';
import { storedEvents } from '../support/events';

const event = (over: Partial<EngagementEvent>): EngagementEvent => ({
  id: 'local:1',
  prospectKey: 'dana@northwind.example',
  source: 'local',
  type: 'email_click',
  occurredAt: '2025-11-10T09:00:00.000Z',
  ...over,
});

const action: SalesAction = {
  id: '00000000-0000-4000-8000-000000000001',
  prospectKey: 'dana@northwind.example',
  type: 'call',
  outcome: 'connected',
  notes: 'Talked pricing, "annual" plan\nfollow up',
  occurredAt: '2025-11-12T15:00:00.000Z',
  createdAt: '2025-11-12T15:01:00.000Z',
  durationMinutes: 15,
  sync: { state: 'dead', attempts: 5, lastError: 'Token rejected (401)', destination: 'hubspot', updatedAt: '2025-11-12T15:05:00.000Z' },
};

async function seed() {
  await upsertProspects([
    { key: 'dana@northwind.example', emails: ['dana@northwind.example'], name: 'Dana Whitfield', company: 'Northwind', leadScore: 87, lifecycleStage: 'opportunity', refs: [] },
    { key: 'linkedin:lee-park', emails: ['lee@contoso.example'], name: 'Lee Park', linkedinUrl: 'https://www.linkedin.com/in/lee-park', refs: [] },
  ]);
  await addEvents([
    event({ id: 'local:1', title: 'Q4 nurture #3', campaign: 'Q4' }),
    event({ id: 'local:2', prospectKey: 'linkedin:lee-park', type: 'webinar_attended', title: '=HYPERLINK("http://evil.example")' }),
  ]);
  await putAction(action);
}

beforeEach(async () => {
  await closeDbForTests();
});

describe('export', () => {
  it('writes events in the canonical import columns, one row each, with the prospect fields filled in', async () => {
    await seed();
    const parsed = Papa.parse<Record<string, string>>(await (await exportEventsCsv()).text(), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...EVENT_COLUMNS]);
    const byType = Object.fromEntries(parsed.data.map((r) => [r.event_type, r]));
    expect(byType.email_click).toMatchObject({
      email: 'dana@northwind.example',
      name: 'Dana Whitfield',
      company: 'Northwind',
      lead_score: '87',
      lifecycle_stage: 'opportunity',
      occurred_at: '2025-11-10T09:00:00.000Z',
      event_title: 'Q4 nurture #3',
      campaign: 'Q4',
      // Where the store says the event came from is not the file's `source` column.
      source: '',
    });
    // A LinkedIn-keyed prospect exports its address and profile URL.
    expect(byType.webinar_attended).toMatchObject({ email: 'lee@contoso.example', linkedin_url: 'https://www.linkedin.com/in/lee-park' });
  });

  it('can be imported again: the events CSV brings back every event of every prospect', async () => {
    await seed();
    const csv = await (await exportEventsCsv()).text();
    await deleteEverything();
    const summary = await importText(csv, 'export.csv');
    expect(summary).toMatchObject({ recordsRead: 2, imported: 2, rejected: 0, unknownColumns: [] });
    expect(await countEvents()).toBe(2);
  });

  it('imported into the browser it came from adds nothing: every event is the same event', async () => {
    const file =
      'email,name,event_type,occurred_at,event_title,channel,source\n' +
      'dana@northwind.example,Dana,email_open,2025-11-10T09:00:00Z,Q4 nurture,,\n' +
      'dana@northwind.example,Dana,email_click,2025-11-11T09:00:00Z,-20% for early birds,Email,\n' +
      'dana@northwind.example,Dana,page_view,2025-11-12T09:00:00Z,Pricing,,Website\n' +
      'dana@northwind.example,Dana,form_submit,2025-11-13T09:00:00Z,@Demo request,Web,Website\n';
    await importText(file, 'a.csv');
    const exported = await (await exportEventsCsv()).text();
    expect(await importText(exported, 'export.csv')).toMatchObject({ imported: 0, skipped: 4, rejected: 0 });
    expect(await countEvents()).toBe(4);
  });

  it('keeps a LinkedIn-keyed person with an address as that person, in the browser it came from and in an empty one', async () => {
    await upsertProspects([{ key: 'linkedin:lee-park', emails: ['lee@contoso.example'], name: 'Lee Park', linkedinUrl: 'https://www.linkedin.com/in/lee-park', refs: [] }]);
    // Ids as the store makes them (the export's event_id counts only for those).
    await addEvents([
      event({ id: 'local:00000000000000a1', prospectKey: 'linkedin:lee-park', type: 'webinar_attended', title: 'Webinar' }),
      event({ id: 'local:00000000000000a2', prospectKey: 'linkedin:lee-park', type: 'page_view', occurredAt: '2025-11-11T09:00:00.000Z' }),
    ]);
    const keysOf = async () => (await storedEvents()).map((e) => [e.id, e.prospectKey]).sort();
    const before = await keysOf();
    const exported = await (await exportEventsCsv()).text();
    // The row carries Lee's address, but its event_id was written for linkedin:lee-park.
    expect(exported).toContain('lee@contoso.example');
    await importText(exported, 'export.csv');
    expect(await keysOf()).toEqual(before);
    expect(await countProspects()).toBe(1);
    await deleteEverything();
    await importText(exported, 'export.csv');
    expect(await keysOf()).toEqual(before);
    expect((await (await db()).get('prospects', 'linkedin:lee-park'))?.emails).toEqual(['lee@contoso.example']);
    expect(await countProspects()).toBe(1);
  });

  it('round-trips into an empty browser with every value as it was, formulas guarded only in the file', async () => {
    const file =
      'email,event_type,occurred_at,event_title,campaign,channel,source\n' +
      'dana@northwind.example,email_click,2025-11-11T09:00:00Z,-20% for early birds,+1 upsell,,\n' +
      'dana@northwind.example,email_open,2025-11-12T09:00:00Z,@Dana re: pricing,,Email,\n' +
      'dana@northwind.example,page_view,2025-11-13T09:00:00Z,Pricing,,,Website\n';
    await importText(file, 'a.csv');
    const stored = async () => (await storedEvents()).map(({ origin, ...event }) => event);
    const before = await stored();
    const exported = await (await exportEventsCsv()).text();
    expect(exported).toContain(`'-20% for early birds`);
    await deleteEverything();
    await importText(exported, 'export.csv');
    expect(await stored()).toEqual(before);
    expect(before.find((e) => e.type === 'email_click')).toEqual(expect.objectContaining({ title: '-20% for early birds', campaign: '+1 upsell' }));
    expect(before.find((e) => e.type === 'email_click')).not.toHaveProperty('channel');
  });

  it('keeps spreadsheet apps from running formulas found in page or CRM text', async () => {
    await seed();
    const text = await (await exportEventsCsv()).text();
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toContain(`'=HYPERLINK`);
  });

  it('writes actions with their sync state; quotes and newlines in notes survive', async () => {
    await seed();
    const parsed = Papa.parse<Record<string, string>>(await (await exportActionsCsv()).text(), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...ACTION_COLUMNS]);
    expect(parsed.data).toEqual([
      expect.objectContaining({
        id: action.id,
        type: 'call',
        notes: action.notes,
        duration_minutes: '15',
        sync_state: 'dead',
        attempts: '5',
        last_error: 'Token rejected (401)',
        destination: 'hubspot',
      }),
    ]);
  });

  it('exports everything as one JSON document', async () => {
    await seed();
    const restore = setClock(() => Date.parse('2025-11-14T12:00:00.000Z'));
    const doc = JSON.parse(await (await exportJson()).text());
    restore();
    expect(doc).toMatchObject({ format: 'prospect-lens-export', version: 1, exportedAt: '2025-11-14T12:00:00.000Z' });
    expect(doc.prospects.map((p: { key: string }) => p.key).sort()).toEqual(['dana@northwind.example', 'linkedin:lee-park']);
    expect(doc.events.map((e: { id: string }) => e.id).sort()).toEqual(['local:1', 'local:2']);
    expect(doc.actions).toEqual([action]);
  });

  it('exports an empty store as headers and empty arrays', async () => {
    expect((await (await exportEventsCsv()).text()).trim()).toBe(EVENT_COLUMNS.join(','));
    expect(JSON.parse(await (await exportJson()).text())).toMatchObject({ prospects: [], events: [], actions: [] });
  });

  it('names files by what they hold and the day', () => {
    const restore = setClock(() => Date.parse('2025-11-14T12:00:00.000Z'));
    expect(exportFileName('events', 'csv')).toBe('prospect-lens-events-2025-11-14.csv');
    restore();
  });

  it("dates the file by the rep's day: 17:00 on the 4th in California is the 4th, not UTC's 5th", () => {
    // A test worker cannot change its zone; the zone's offset is what is stubbed (PST, UTC−8).
    const restore = setClock(() => Date.parse('2026-12-05T01:00:00.000Z'));
    const offset = vi.spyOn(Date.prototype, 'getTimezoneOffset').mockReturnValue(480);
    try {
      expect(exportFileName('actions', 'csv')).toBe('prospect-lens-actions-2026-12-04.csv');
      offset.mockReturnValue(-780); // Auckland in summer, UTC+13: already the 5th, 14:00
      expect(exportFileName('all', 'json')).toBe('prospect-lens-all-2026-12-05.json');
    } finally {
      offset.mockRestore();
      restore();
    }
  });

  it('starts the CSV files with a UTF-8 BOM, so Excel shows the accents; the file imports again as it is', async () => {
    await importText('email,name,event_type,occurred_at,event_title\njurgen@mueller.example,Jürgen Müller,email_click,2025-11-10T09:00:00Z,Café\n', 'a.csv');
    await putAction(action);
    const events = await exportEventsCsv();
    for (const blob of [events, await exportActionsCsv()]) {
      expect([...new Uint8Array(await blob.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    // The saved file itself, BOM and all: nothing added here, the same person in an empty browser.
    const file = () => new File([events], 'prospect-lens-events.csv', { type: 'text/csv' });
    expect(await importFile(file())).toMatchObject({ imported: 0, skipped: 1, rejected: 0 });
    expect(await countEvents()).toBe(1);
    await deleteEverything();
    expect(await importFile(file())).toMatchObject({ imported: 1, rejected: 0 });
    expect(await (await db()).get('prospects', 'jurgen@mueller.example')).toMatchObject({ name: 'Jürgen Müller' });
    expect((await storedEvents())[0]).toMatchObject({ title: 'Café' });
  });
});

describe('delete everything', () => {
  it('empties every store, credentials included, and resets settings', async () => {
    await seed();
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    await saveSettings({ ownDomains: ['acme.com'], destination: 'hubspot', connections: { hubspot: {} } });
    await deleteEverything();
    expect(await countEvents()).toBe(0);
    expect(await countProspects()).toBe(0);
    expect(await allActions()).toEqual([]);
    expect(await getSummary('dana@northwind.example')).toBeUndefined();
    expect(await secretOrigin('hubspot')).toBeUndefined();
    const database = await db();
    for (const store of database.objectStoreNames) expect(await database.count(store)).toBe(0);
    expect(await getSettings()).toMatchObject({ ownDomains: [], destination: 'local', connections: {} });
  });

  it('then deletes the emptied database, even while another page holds a connection to it', async () => {
    await seed();
    // Another context (the options page, a side panel) with its own connection that closes when asked.
    const other = await openDatabase();
    let closedByRequest = false;
    other.addEventListener('versionchange', () => {
      closedByRequest = true;
      other.close();
    });
    await deleteEverything();
    expect(closedByRequest).toBe(true);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(DB_NAME);
    // The next read opens a new, empty database with default settings.
    expect(await countEvents()).toBe(0);
    expect(await getSettings()).toMatchObject({ destination: 'local' });
  });
});

describe('storage figures', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1_400_000, '1.4 MB'],
    [250_000_000, '250 MB'],
    [3_200_000_000, '3.2 GB'],
  ])('%d bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
