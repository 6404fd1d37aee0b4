/**
 * The columns an import does not read are listed in its summary, which crosses from the worker to the
 * page and is shown whole. A file's column names and JSON keys are its own text: each is listed clipped,
 * so a hostile file cannot put up to a megabyte per name into the summary.
 */
import { importText } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';

afterEach(closeDbForTests);

// Long, yet short of the longest record a reader takes (MAX_RECORD_CHARS).
const LONG = 'x'.repeat(400_000);
const clipped = (name: string) => `${name.slice(0, 99)}…`;

it('clips each unknown JSON key it lists', async () => {
  const people = Array.from({ length: 3 }, (_, i) => ({ email: `p${i}@acme.test`, [`${i}${LONG}`]: 'v', notes: 'n' }));
  const summary = await importText(JSON.stringify(people), 'people.json');
  expect(summary.imported).toBe(3);
  expect(summary.unknownColumns).toEqual([clipped(`0${LONG}`), 'notes', clipped(`1${LONG}`), clipped(`2${LONG}`)]);
  expect(summary.unknownColumns.every((name) => name.length <= 100)).toBe(true);
});

it('clips each unknown CSV column it lists', async () => {
  const summary = await importText(`email,${LONG},notes\np@acme.test,v,n\n`, 'people.csv');
  expect(summary).toMatchObject({ imported: 1, unknownColumns: [clipped(LONG), 'notes'] });
});

describe('a header of 140,000 distinct names (about 800 KB)', () => {
  // Short enough for one record (MAX_RECORD_CHARS); none of them a column any format reads.
  const names = Array.from({ length: 140_000 }, (_, i) => `x${i.toString(36)}`);
  const header = ['email', 'event_type', 'occurred_at', ...names, 'email'];
  const row = (email: string) => [email, 'email_open', '2026-11-01T09:00:00Z', ...names.map(() => ''), ''].join(',');

  it('lists the first 200 columns not imported, the repeated one, and imports the rows', async () => {
    const text = [header.join(','), row('dana@northwind.example'), row('not an address')].join('\n');
    const summary = await importText(text, 'wide.csv');
    expect(summary).toMatchObject({ recordsRead: 2, imported: 1, rejected: 1, repeatedColumns: ['email'] });
    // Capped as a JSON file's keys are: the list is shown whole and crosses from the worker to the page.
    expect(summary.unknownColumns).toEqual(names.slice(0, 200));
    expect(summary.rejectedRows[0]?.values).toMatchObject({ email: 'not an address', x0: '', [names.at(-1)!]: '' });
  });
});
