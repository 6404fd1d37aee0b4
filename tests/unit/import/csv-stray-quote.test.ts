/**
 * A stray quote (`"Dana" Whit`: a quoted value followed by more text) used to make the reader take
 * every row up to the next quote in the file, or to its end, as one broken record: the rows in
 * between were neither imported nor rejected nor counted. Only the line with the quote is rejected
 * now, and reading goes on with the next line (docs/architecture.md, "Import and storage").
 */
import fc from 'fast-check';
import { importFile, importText, rowReason } from '@/lib/import';
import { csvRecords } from '@/lib/import/csv-records';
import { problem } from '@/lib/import/reasons';
import { MAX_RECORD_CHARS, type TextChunk } from '@/lib/import/text-chunks';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents } from '@/lib/store/events';
import { getProspect } from '@/lib/store/prospects';
import { csvRecordsOf as records, pieces } from './helpers';

afterEach(closeDbForTests);

const HEADER = 'email,name,event_type,occurred_at,event_title\n';
const row = (i: number) => `p${i}@acme.test,P ${i},email_open,2026-01-01T00:00:00Z,Title ${i}\n`;
const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => row(from + k)).join('');
const STRAY = 'dana@acme.test,"Dana" Whit,email_open,2026-01-01T00:00:00Z,t\n';


describe('a stray quote', () => {
  it('rejects its own line only, saying why, and imports every other row', async () => {
    const summary = await importText(HEADER + row(0) + STRAY + rows(1, 20), 'stray.csv');
    expect(summary).toMatchObject({ recordsRead: 22, imported: 21, skipped: 0, rejected: 1 });
    expect(summary.rejectedRows).toEqual([
      {
        line: 3,
        problems: [problem('importReason_strayQuote')],
        // As the file has it, so the downloaded rejected rows show the quote to fix.
        values: { email: 'dana@acme.test', name: '"Dana" Whit', event_type: 'email_open', occurred_at: '2026-01-01T00:00:00Z', event_title: 't' },
      },
    ]);
    expect(rowReason(summary.rejectedRows[0]!)).toMatch(/stray quote/);
    expect(await countEvents()).toBe(21);
  });

  it('does not take the rows up to a later quoted value, which is read as it should be', async () => {
    const later = 'q@acme.test,"Smith, J",email_open,2026-01-01T00:00:00Z,t\n';
    const summary = await importText(HEADER + row(0) + STRAY + rows(1, 5) + later + rows(6, 10), 'stray.csv');
    expect(summary).toMatchObject({ recordsRead: 13, imported: 12, rejected: 1 });
    expect(summary.rejectedRows.map((r) => r.line)).toEqual([3]);
    expect((await getProspect('q@acme.test'))?.name).toBe('Smith, J');
  });

  it('numbers the lines after it physically, a quoted line break included, however the text is cut', async () => {
    const text = HEADER + STRAY + 'm@acme.test,"two\nlines",email_open,2026-01-01T00:00:00Z,t\n' + row(1) + '"x" y,b\n' + row(2);
    const expected = [
      { line: 1, fields: ['email', 'name', 'event_type', 'occurred_at', 'event_title'] },
      { line: 2, fields: ['dana@acme.test', '"Dana" Whit', 'email_open', '2026-01-01T00:00:00Z', 't'], problem: problem('importReason_strayQuote') },
      { line: 3, fields: ['m@acme.test', 'two\nlines', 'email_open', '2026-01-01T00:00:00Z', 't'] },
      { line: 5, fields: ['p1@acme.test', 'P 1', 'email_open', '2026-01-01T00:00:00Z', 'Title 1'] },
      { line: 6, fields: ['"x" y', 'b'], problem: problem('importReason_strayQuote') },
      { line: 7, fields: ['p2@acme.test', 'P 2', 'email_open', '2026-01-01T00:00:00Z', 'Title 2'] },
    ];
    expect(await records(text)).toEqual(expected);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await records(text, cuts)).toEqual(expected);
      }),
    );
  });

  it('in a CRLF file keeps its \\r out of the rejected values', async () => {
    const text = (HEADER + STRAY + row(1)).replace(/\n/g, '\r\n');
    expect((await records(text)).map((r) => [r.line, r.fields.at(-1), r.problem?.key])).toEqual([
      [1, 'event_title', undefined],
      [2, 't', 'importReason_strayQuote'],
      [3, 'Title 1', undefined],
    ]);
  });

  it('on a single line that closes its quote later is still one rejected row, as before', async () => {
    const text = HEADER + 'dana@acme.test,"Dana" Whit",email_open,2026-01-01T00:00:00Z,t\n' + row(1);
    expect((await records(text)).map((r) => [r.line, r.problem?.key])).toEqual([
      [1, undefined],
      [2, 'importReason_malformedQuote'],
      [3, undefined],
    ]);
  });

  it('with no other quote after it, in a file larger than the one-record limit, lets every row after it be read', async () => {
    // Before, the rest of the file was one unfinished record until the limit, and then not read at all.
    let body = '';
    let n = 0;
    while (body.length < MAX_RECORD_CHARS + 200_000) body += row(++n);
    const text = HEADER + STRAY + body;
    const cuts = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => (i + 1) * 65_536);
    let records = 0;
    let largestPending = 0;
    let fed = 0;
    async function* chunks(): AsyncGenerator<TextChunk> {
      for await (const piece of pieces(text, cuts)) {
        fed += piece.text.length;
        yield piece;
      }
    }
    let seen = 0;
    for await (const piece of csvRecords(chunks())) {
      records += piece.records.length;
      // Each piece's records come out as it is read: nothing waits for the rest of the file.
      seen += piece.records.reduce((sum, r) => sum + r.fields.join(',').length + 1, 0);
      largestPending = Math.max(largestPending, fed - seen);
    }
    expect(records).toBe(n + 2);
    expect(largestPending).toBeLessThan(2 * 65_536);
  });

  it('in a later 64 KB slice of a file is rejected with its own line number, and the counts add up', async () => {
    let body = HEADER;
    let i = 0;
    while (body.length < 70_000) body += row(i++);
    const strayLine = i + 2;
    body += STRAY + rows(i, i + 9);
    const summary = await importFile(new File([body], 'slices.csv'));
    expect(summary.rejectedRows.map((r) => [r.line, r.problems[0]?.key])).toEqual([[strayLine, 'importReason_strayQuote']]);
    expect(summary.imported + summary.skipped + summary.rejected).toBe(summary.recordsRead);
    expect(summary.recordsRead).toBe(i + 11);
  });
});
