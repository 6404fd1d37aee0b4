/**
 * A row that names its person by a LinkedIn profile only adds to the person stored (or earlier in the
 * import) with that profile and an address, instead of making a second one (docs/architecture.md,
 * "Import and storage").
 */
import { importText } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents } from '@/lib/store/events';
import { countProspects, getProspect } from '@/lib/store/prospects';
import { allEvents, allSummaries, csv, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const HEADER = ['email', 'linkedin_url', 'name', 'event_type', 'occurred_at'];
const DANA = 'dana@northwind.example';
const PROFILE = 'https://www.linkedin.com/in/dana-w';

/** Counts reads of the prospects' `byLinkedin` index while `work` runs. */
async function profileLookups(work: () => Promise<unknown>): Promise<number> {
  const getAll = IDBIndex.prototype.getAll;
  let lookups = 0;
  const spy = vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...args) {
    if (this.name === 'byLinkedin') lookups++;
    return getAll.apply(this, args);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lookups;
}

it('files a profile-only row under the person with that profile earlier in the same file', async () => {
  await importText(
    csv([HEADER, [DANA, PROFILE, 'Dana', 'email_open', '2026-11-01T09:00:00Z'], ['', 'linkedin.com/in/Dana-W/', 'Dana W', 'social', '2026-11-02T09:00:00Z']]),
    'a.csv',
  );
  expect(await countProspects()).toBe(1);
  expect((await allEvents()).map((e) => e.prospectKey)).toEqual([DANA, DANA]);
  expect((await allSummaries()).get(DANA)?.total).toBe(2);
  expect(await getProspect(DANA)).toMatchObject({ name: 'Dana W', linkedinUrl: PROFILE });
});

it('files a profile-only row under the person whose row comes later in the same batch', async () => {
  const file = csv([HEADER, ['', PROFILE, '', 'social', '2026-11-02T09:00:00Z'], [DANA, PROFILE, 'Dana', 'email_open', '2026-11-01T09:00:00Z']]);
  expect(await importText(file, 'a.csv')).toMatchObject({ imported: 2 });
  expect(await countProspects()).toBe(1);
  expect((await allEvents()).map((e) => e.prospectKey)).toEqual([DANA, DANA]);
  expect(await getProspect(DANA)).toMatchObject({ emails: [DANA], name: 'Dana', linkedinUrl: PROFILE });
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await importText(file, 'a.csv')).toMatchObject({ imported: 0, skipped: 2 });
});

it('files it under the stored person with that profile, and finds its events again on a second import', async () => {
  await importText(csv([HEADER, [DANA, PROFILE, 'Dana', 'email_open', '2026-11-01T09:00:00Z']]), 'crm.csv');
  const file = csv([HEADER, ['', PROFILE, '', 'social', '2026-11-02T09:00:00Z'], ['', PROFILE, '', 'page_view', '2026-11-03T09:00:00Z']]);
  expect(await importText(file, 'linkedin.csv', { batchSize: 1 })).toMatchObject({ imported: 2, prospectsUpserted: 0 });
  expect(await countProspects()).toBe(1);
  expect(await importText(file, 'linkedin.csv')).toMatchObject({ imported: 0, skipped: 2 });
  expect((await allSummaries()).get(DANA)?.total).toBe(3);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

it('adds nothing twice when a file imported before the fix filed the rows under the profile', async () => {
  // The profile-only rows came first (no one had the profile then): they made `linkedin:dana-w`.
  const profileOnly = csv([HEADER, ['', PROFILE, '', 'social', '2026-11-02T09:00:00Z']]);
  await importText(profileOnly, 'linkedin.csv');
  await importText(csv([HEADER, [DANA, PROFILE, 'Dana', 'email_open', '2026-11-01T09:00:00Z']]), 'crm.csv');
  // Now the profile belongs to Dana, but the row's event keeps its id, which is stored already.
  expect(await importText(profileOnly, 'linkedin.csv')).toMatchObject({ imported: 0, skipped: 1 });
  expect(await allEvents()).toHaveLength(2);
});

it('keeps the profile’s own key when two people with an address have that profile', async () => {
  await importText(
    csv([
      HEADER,
      [DANA, PROFILE, 'Dana', 'email_open', '2026-11-01T09:00:00Z'],
      ['d.w@other.example', PROFILE, 'Dana', 'email_open', '2026-11-01T09:00:00Z'],
      ['', PROFILE, '', 'social', '2026-11-02T09:00:00Z'],
    ]),
    'a.csv',
  );
  expect(await getProspect('linkedin:dana-w')).toBeDefined();
  expect(await countProspects()).toBe(3);
});

it('looks profiles up only for rows without an address, once per profile and batch', async () => {
  const withAddress = csv([HEADER, ...Array.from({ length: 20 }, (_, i) => [`p${i}@example.com`, `${PROFILE}-${i}`, '', 'email_open', '2026-11-01T09:00:00Z'])]);
  expect(await profileLookups(() => importText(withAddress, 'crm.csv'))).toBe(0);
  const profileOnly = csv([HEADER, ...Array.from({ length: 20 }, (_, i) => ['', `${PROFILE}-${i % 2}`, '', 'social', `2026-11-02T09:00:${String(i).padStart(2, '0')}Z`])]);
  expect(await profileLookups(() => importText(profileOnly, 'linkedin.csv', { batchSize: 10 }))).toBe(4);
  expect((await allSummaries()).get('p0@example.com')?.total).toBe(11);
  expect(await countProspects()).toBe(20);
  expect(await countEvents()).toBe(40);
});
