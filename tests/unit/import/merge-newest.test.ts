/**
 * "Prospect columns may repeat on every row, the newest non-empty value wins" (DESIGN.md, canonical
 * import format): newest by the row's event time, not by its place in the file or the order of the
 * files (docs/architecture.md, "Import and storage").
 */
import { importText } from '@/lib/import';
import { setClock } from '@/lib/clock';
import { Prospect } from '@/lib/model/prospect';
import { closeDbForTests } from '@/lib/store/db';
import { getProspect, upsertProspects } from '@/lib/store/prospects';
import { allSummaries, csv, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const DANA = 'dana@northwind.example';
const HEADER = ['email', 'lifecycle_stage', 'lead_score', 'event_type', 'occurred_at'];
const row = (stage: string, score: string, at: string, type = 'email_open') => [DANA, stage, score, type, at];

/** Counts `get` requests on the prospects store while `work` runs. */
async function prospectReads(work: () => Promise<unknown>): Promise<number> {
  const get = IDBObjectStore.prototype.get;
  let reads = 0;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, key) {
    if (this.name === 'prospects') reads++;
    return get.call(this, key);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return reads;
}

it('takes the newest row’s values in a file sorted newest first', async () => {
  await importText(csv([HEADER, row('opportunity', '90', '2026-11-05T10:00:00Z', 'form_submit'), row('lead', '20', '2026-10-01T10:00:00Z')]), 'a.csv');
  expect(await getProspect(DANA)).toMatchObject({ lifecycleStage: 'opportunity', leadScore: 90 });
});

it('keeps the newer stage when an older file is imported after a newer one', async () => {
  await importText(csv([HEADER, row('customer', '', '2026-11-05T10:00:00Z', 'form_submit')]), 'nov.csv');
  const june = await importText(csv([HEADER, row('lead', '', '2026-06-01T10:00:00Z')]), 'june.csv');
  expect((await getProspect(DANA))?.lifecycleStage).toBe('customer');
  // Its event is new, so the row still counts as imported.
  expect(june).toMatchObject({ imported: 1, skipped: 0 });
  // A newer file still moves it on.
  await importText(csv([HEADER, row('evangelist', '', '2026-12-01T10:00:00Z')]), 'dec.csv');
  expect((await getProspect(DANA))?.lifecycleStage).toBe('evangelist');
});

it('dates a value by the newest row repeating it, without a read per batch', async () => {
  // An export with the person's current stage on every event row, oldest first, one row a batch:
  // every row after the first changes no value, only the stage's date.
  const rows = Array.from({ length: 11 }, (_, m) => row('customer', '', new Date(Date.UTC(2026, m, 1)).toISOString()));
  // Then an older row with another stage: refused by the date the session holds, unwritten as yet.
  rows.push(row('lead', '', '2026-06-15T00:00:00Z', 'page_view'));
  // One read by the first batch (which finds nobody), one by the end of the import for the dates.
  expect(await prospectReads(() => importText(csv([HEADER, ...rows]), 'history.csv', { batchSize: 1 }))).toBe(2);
  expect(await getProspect(DANA)).toMatchObject({ lifecycleStage: 'customer', asOf: { lifecycleStage: '2026-11-01T00:00:00.000Z' } });
  await importText(csv([HEADER, row('lead', '', '2026-06-15T00:00:00Z')]), 'june.csv');
  expect((await getProspect(DANA))?.lifecycleStage).toBe('customer');
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

it('keeps the newest value when an older row comes later in the file, in its batch or a later one', async () => {
  for (const batchSize of [250, 1]) {
    const email = `dana-${batchSize}@northwind.example`;
    const rows = [['lead', '2026-01-01'], ['customer', '2026-11-01'], ['mql', '2026-06-01']].map(([stage, day]) => [email, stage!, '', 'email_open', day!]);
    await importText(csv([HEADER, ...rows]), `history-${batchSize}.csv`, { batchSize });
    expect((await getProspect(email))?.lifecycleStage).toBe('customer');
  }
});

it('takes the values of a row without an event as of its import', async () => {
  const restore = setClock(() => Date.UTC(2026, 11, 1));
  try {
    await importText(csv([HEADER, row('lead', '', '2026-11-01T00:00:00Z')]), 'events.csv');
    // A people-only row (no event_type, no date): the person as the file has them now.
    await importText('email,lifecycle_stage\ndana@northwind.example,customer\n', 'people.csv');
    expect((await getProspect(DANA))?.lifecycleStage).toBe('customer');
    await importText(csv([HEADER, row('lead', '', '2026-10-01T00:00:00Z')]), 'older.csv');
    expect((await getProspect(DANA))?.lifecycleStage).toBe('customer');
    // An event after that import is newer.
    await importText(csv([HEADER, row('opportunity', '', '2026-12-02T00:00:00Z')]), 'later.csv');
    expect((await getProspect(DANA))?.lifecycleStage).toBe('opportunity');
  } finally {
    restore();
  }
});

it('replaces a value no import dated, as before (a record from before dates were kept, or typed)', async () => {
  await upsertProspects([{ key: DANA, emails: [DANA], lifecycleStage: 'customer' }]);
  await importText(csv([HEADER, row('lead', '', '2020-01-01T00:00:00Z')]), 'old.csv');
  expect((await getProspect(DANA))?.lifecycleStage).toBe('lead');
});

it('counts the same file imported again as skipped, and stores a record the model accepts', async () => {
  const file = csv([HEADER, row('opportunity', '90', '2026-11-05T10:00:00Z'), row('lead', '20', '2026-10-01T10:00:00Z'), row('opportunity', '90', '2026-11-06T10:00:00Z')]);
  expect(await importText(file, 'a.csv')).toMatchObject({ imported: 3, skipped: 0 });
  const first = await getProspect(DANA);
  expect(await importText(file, 'a.csv', { batchSize: 1 })).toMatchObject({ imported: 0, skipped: 3 });
  expect((await getProspect(DANA))?.asOf).toEqual(first?.asOf);
  expect(first?.asOf).toEqual({ lifecycleStage: '2026-11-06T10:00:00.000Z', leadScore: '2026-11-06T10:00:00.000Z' });
  // Cards and messages carry the prospect through the zod model: the dates pass it.
  expect(Prospect.parse(first)).toEqual(first);
});
