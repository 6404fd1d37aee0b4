/**
 * Small things a rep notices in the import summary: a line of spaces is a blank line, not a broken
 * row; and in a minified JSON array, where every element starts on line 1, a rejected element also
 * says which element it is.
 */
import { importText, rowReason } from '@/lib/import';
import { csvRecords } from '@/lib/import/csv-records';
import { problem } from '@/lib/import/reasons';
import type { TextChunk } from '@/lib/import/text-chunks';
import { closeDbForTests } from '@/lib/store/db';

afterEach(closeDbForTests);

const HEADER = 'email,name,event_type,occurred_at,event_title\n';
const row = (i: number) => `p${i}@acme.test,P ${i},email_open,2026-01-01T00:00:00Z,Title ${i}\n`;

async function* whole(text: string): AsyncGenerator<TextChunk> {
  yield { text, bytesRead: text.length };
}

describe('a line of only spaces or tabs', () => {
  it('is skipped as blank, and still counts as a line', async () => {
    const summary = await importText(`${HEADER}${row(1)}   \n\t \r\n${row(2)} \t`, 'spaces.csv');
    expect(summary).toMatchObject({ recordsRead: 2, imported: 2, rejected: 0 });
    const lines = [];
    for await (const piece of csvRecords(whole(`${HEADER}   \n${row(2)}`))) lines.push(...piece.records.map((r) => r.line));
    expect(lines).toEqual([1, 3]);
  });

  it('is blank in a tab-separated file too, where its tabs make several empty values', async () => {
    const text = 'email\tname\tevent_type\n\t\t\n  \t \t\na@acme.test\tA\temail_open\n';
    const out = [];
    for await (const piece of csvRecords(whole(text))) out.push(...piece.records.map((r) => r.line));
    expect(out).toEqual([1, 4]);
  });
});

describe('a rejected element of a minified JSON array', () => {
  const elements = [
    { email: 'a@acme.test', event_type: 'email_open', occurred_at: 'yesterday' },
    { email: 'b@acme.test', event_type: 'email_open', occurred_at: '2026-01-01' },
    { email: 'nope', event_type: 'email_open', occurred_at: '2026-01-01' },
    { email: 'c@acme.test', event_type: 'emial_open', occurred_at: '2026-01-01' },
    '{not an object}',
  ];

  it('says which element it is when it shares its line with the element before it', async () => {
    const summary = await importText(JSON.stringify(elements), 'minified.json');
    expect(summary).toMatchObject({ recordsRead: 5, imported: 1, rejected: 4 });
    expect(summary.rejectedRows.map((r) => [r.line, r.problems[0]])).toEqual([
      [1, problem('importReason_notDate', 'occurred_at', 'yesterday')],
      [1, problem('importReason_element', 3)],
      [1, problem('importReason_element', 4)],
      [1, problem('importReason_element', 5)],
    ]);
    expect(rowReason(summary.rejectedRows[1]!)).toBe("element 3 of the array; email 'nope' is not an email address");
  });

  it('says nothing more when each element has a line of its own, nor for text after the array', async () => {
    const text = `[\n${elements.map((e) => JSON.stringify(e)).join(',\n')}\n] trailing`;
    const summary = await importText(text, 'pretty.json');
    expect(summary.rejectedRows.map((r) => [r.line, r.problems.map((p) => p.key)])).toEqual([
      [2, ['importReason_notDate']],
      [4, ['importReason_notEmail']],
      [5, ['importReason_eventTypeMeant']],
      [6, ['importReason_notJsonObject']],
      [7, ['importReason_jsonTextAfterRest']],
    ]);
  });
});
