/**
 * A row dated in the future (a mistyped year) must not pin a person's values: dated by it, every
 * later import's rows — a people-only row is dated by its import's start — would be older and give
 * way to it for decades (docs/architecture.md, "Import and storage").
 */
import { importText } from '@/lib/import';
import { setClock } from '@/lib/clock';
import { getProspect, mergeProspect, putProspects } from '@/lib/store/prospects';
import { testClock } from './helpers';

const DANA = 'dana@northwind.example';
const NOW = Date.UTC(2026, 11, 2, 12);
const HOUR = 3_600_000;
const time = testClock(NOW);

const EVENTS = 'email,name,lifecycle_stage,event_type,occurred_at\n';
const PEOPLE = 'email,name,lifecycle_stage\n';

it('dates a row from the future by its import’s start, so a later people-only import wins', async () => {
  await importText(`${EVENTS}${DANA},Dana Typo,lead,page_view,2062-01-01T00:00:00Z\n`, 'typo.csv');
  expect((await getProspect(DANA))?.asOf).toEqual({ name: new Date(NOW).toISOString(), lifecycleStage: new Date(NOW).toISOString() });
  time.ms += HOUR;
  await importText(`${PEOPLE}${DANA},Dana Whitfield,customer\n`, 'people.csv');
  expect(await getProspect(DANA)).toMatchObject({ name: 'Dana Whitfield', lifecycleStage: 'customer' });
});

it('lets a later undated row of the same file win over a future row, however long the import runs', async () => {
  // The clock moves on while the import runs: the future row is dated by the import's start, as the
  // undated row is, not by when it is merged (later), which would beat the undated row.
  setClock(() => (time.ms += 1000));
  const file = `${EVENTS}${DANA},Dana Typo,lead,page_view,2062-01-01T00:00:00Z\n${DANA},Dana Whitfield,customer,,\n`;
  await importText(file, 'mixed.csv');
  expect(await getProspect(DANA)).toMatchObject({ name: 'Dana Whitfield', lifecycleStage: 'customer' });
});

it('heals a person stored with a future date: any row replaces the value and dates it', async () => {
  // As an import before the cap stored it.
  await putProspects([{ key: DANA, emails: [DANA], refs: [], name: 'Dana Typo', lifecycleStage: 'lead', asOf: { name: '2062-01-01T00:00:00.000Z', lifecycleStage: '2062-01-01T00:00:00.000Z' }, updatedAt: new Date(NOW - HOUR).toISOString() }]);
  time.ms += HOUR; // the import starts before the rows are merged, as it does in real time
  await importText(`${EVENTS}${DANA},Dana Whitfield,lead,page_view,2026-11-30T00:00:00Z\n`, 'events.csv');
  // A new name, and the same stage with a date that can be believed.
  expect(await getProspect(DANA)).toMatchObject({
    name: 'Dana Whitfield',
    lifecycleStage: 'lead',
    asOf: { name: '2026-11-30T00:00:00.000Z', lifecycleStage: '2026-11-30T00:00:00.000Z' },
  });
  // Dated again, the newest value wins as usual.
  await importText(`${EVENTS}${DANA},Dana Old,mql,page_view,2026-10-01T00:00:00Z\n`, 'older.csv');
  expect(await getProspect(DANA)).toMatchObject({ name: 'Dana Whitfield', lifecycleStage: 'lead' });
});

it('takes an incoming date in the future (a restored file’s) as now', () => {
  const merged = mergeProspect(undefined, { key: DANA, lifecycleStage: 'lead', asOf: { lifecycleStage: '2062-01-01T00:00:00.000Z' } });
  expect(merged.asOf).toEqual({ lifecycleStage: new Date(NOW).toISOString() });
});

it('drops a future date an undated value replaces or repeats', () => {
  const stored = { key: DANA, emails: [DANA], refs: [], name: 'Dana Typo', lifecycleStage: 'lead', asOf: { name: '2062-01-01T00:00:00.000Z', lifecycleStage: '2062-01-01T00:00:00.000Z' } };
  expect(mergeProspect(stored, { key: DANA, name: 'Dana Whitfield', lifecycleStage: 'lead' }).asOf).toBeUndefined();
});

it('does not turn a stored future date into now when an import only dates the person further', async () => {
  await putProspects([{ key: DANA, emails: [DANA], refs: [], name: 'Dana Typo', lifecycleStage: 'customer', asOf: { name: '2062-01-01T00:00:00.000Z', lifecycleStage: '2026-01-01T00:00:00.000Z' }, updatedAt: new Date(NOW - HOUR).toISOString() }]);
  // The stage repeated, newer, one row a batch: the second batch's date waits in the session and is
  // written at the end, with the person's other dated values.
  const stages = `email,lifecycle_stage,event_type,occurred_at\n${DANA},customer,page_view,2026-02-01T00:00:00Z\n${DANA},customer,page_view,2026-03-01T00:00:00Z\n`;
  await importText(stages, 'stages.csv', { batchSize: 1 });
  expect((await getProspect(DANA))?.asOf?.lifecycleStage).toBe('2026-03-01T00:00:00.000Z');
  // The name is still as good as undated: a row of last month replaces it.
  time.ms += HOUR;
  await importText(`${EVENTS}${DANA},Dana Whitfield,customer,page_view,2026-11-01T00:00:00Z\n`, 'events.csv');
  expect((await getProspect(DANA))?.name).toBe('Dana Whitfield');
});
