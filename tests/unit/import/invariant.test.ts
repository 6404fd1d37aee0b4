/**
 * Property: for any file — valid rows, broken rows, repeats, rows without events, quoted line
 * breaks, any batch size — imported + skipped + rejected = records read; importing it again
 * imports nothing; and the events stored are exactly the distinct valid events.
 */
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { importText } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents } from '@/lib/store/events';
import { EngagementEvent } from '@/lib/model/engagement';
import { Prospect } from '@/lib/model/prospect';
import { allEvents, allProspects, allSummaries, pendingImportMarkers, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const HEADER = ['email', 'name', 'event_type', 'occurred_at', 'event_title'];

/**
 * Each person has one name, present or left empty on a row: a file that gives one person different
 * names on rows a batch apart is counted as the change it makes (see write-batch.ts), which is
 * tested on its own below.
 */
const PEOPLE: Record<string, string> = { 'a@x.example': 'Ann', 'B@X.example': 'Bo "B" Lee', 'c+tag@y.example': 'Multi\nline', '': 'No Key', 'not-an-email': 'Nope' };
const email = fc.constantFrom(...Object.keys(PEOPLE));
const type = fc.constantFrom('', 'email_open', 'page_view', 'foo');
const date = fc.constantFrom('2026-01-01', '2026-01-01T10:00:00Z', '1767261600000', 'yesterday', '');
const title = fc.constantFrom('', 'Pricing', 'a, b', 'two\nlines');
const row = fc
  .tuple(email, fc.boolean(), type, date, title)
  .map(([e, named, t, d, ti]) => [e, named ? PEOPLE[e]! : '', t, d, ti] as const);

function cell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** What the import must conclude about a row, computed independently of it. */
function isValid([e, , t, d]: readonly string[]): boolean {
  if (e === '' || e === 'not-an-email') return false;
  if (t === '') return true;
  return t !== 'foo' && d !== '' && d !== 'yesterday';
}

it('keeps imported + skipped + rejected = records read, and re-imports add nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), async (rows, batchSize) => {
      globalThis.indexedDB = new IDBFactory();
      await closeDbForTests();
      const text = [HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';

      const first = await importText(text, 'p.csv', { batchSize });
      expect(first.recordsRead).toBe(rows.length);
      expect(first.imported + first.skipped + first.rejected).toBe(first.recordsRead);
      expect(first.rejected).toBe(rows.filter((r) => !isValid(r)).length);

      const distinctEvents = new Set(
        rows.filter((r) => isValid(r) && r[2] !== '').map(([e, , t, d, ti]) => [e.toLowerCase(), t, new Date(/^\d+$/.test(d) ? Number(d) : d).toISOString(), ti].join('|')),
      );
      expect(await countEvents()).toBe(distinctEvents.size);
      // What the import stored passes the model's own schemas.
      EngagementEvent.array().parse(await allEvents());
      Prospect.array().parse(await allProspects());
      // Every person's summary counts exactly their events, and no import is left pending.
      expect(await allSummaries()).toEqual(await summariesFromEvents());
      expect(await pendingImportMarkers()).toEqual([]);

      const second = await importText(text, 'p.csv', { batchSize });
      expect(second).toMatchObject({ recordsRead: rows.length, imported: 0, rejected: first.rejected });
      expect(second.skipped).toBe(rows.length - first.rejected);
    }),
    { numRuns: 40 },
  );
});

it('counts nothing on a second import of a file that flips a value within one batch', async () => {
  const text = [HEADER, ['a@x.example', 'Ann', '', '', ''], ['a@x.example', 'Annie', '', '', ''], ['a@x.example', 'Ann', '', '', '']]
    .map((r) => r.join(','))
    .join('\n');
  // First: row 1 creates Ann, row 3 is the last to change the name (to the value it keeps).
  expect(await importText(text, 'flip.csv')).toMatchObject({ imported: 2, skipped: 1 });
  expect(await importText(text, 'flip.csv')).toMatchObject({ imported: 0, skipped: 3 });
});
