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
