/**
 * "Remove demo data" while the demo is still loading (lib/demo/load.ts, lib/store/events.ts): the
 * removal is refused and removes nothing, so the load ends with counts that match its events and no
 * event without its person; the options page says why, and offers neither button while it runs one
 * (a load from the welcome page or another tab is refused by the store, not by the buttons).
 */
import { fireEvent, render, screen } from '@testing-library/preact';
import { ImportSection, type ImportServices } from '@/components/options/ImportSection';
import { setClock } from '@/lib/clock';
import { DEMO_ORIGIN, removeDemoData } from '@/lib/demo';
import { mapCanonical } from '@/lib/import/canonical';
import { writeBatch } from '@/lib/import/write-batch';
import { closeDbForTests } from '@/lib/store/db';
import { addEvents, countEvents, getSummary, ImportRunningError } from '@/lib/store/events';
import { ImportSession, STALE_IMPORT_MS } from '@/lib/store/import-batch';
import { countProspects } from '@/lib/store/prospects';
import english from '@/public/_locales/en/messages.json';
import { allEvents, allProspects, allSummaries, pendingImportMarkers, summariesFromEvents } from '../import/helpers';

afterEach(closeDbForTests);

const HEADER = ['email', 'name', 'title', 'event_type', 'occurred_at'];

/** One demo batch: `people` people with one event each on day `round`, mapped as the importer does. */
function batch(people: number, round: number) {
  return Array.from({ length: people }, (_, p) => {
    const cells = [`p${p}@example.com`, `Person ${p}`, '', 'email_open', new Date(Date.UTC(2026, 0, 1 + round, 0, p)).toISOString()];
    return mapCanonical(new Map(HEADER.map((h, i) => [h, cells[i]!])), DEMO_ORIGIN);
  });
}

describe('removing the demo data while it loads', () => {
  it('is refused and removes nothing; the load ends with counts that match its events, and can be removed then', async () => {
    const load = new ImportSession(DEMO_ORIGIN, 'run-demo');
    await writeBatch(load, batch(3, 0));
    await expect(removeDemoData()).rejects.toBeInstanceOf(ImportRunningError);
    expect(await countEvents()).toBe(3);
    expect(await countProspects()).toBe(3);

    // The load goes on with the same people (remembered as stored) and ends.
    await writeBatch(load, batch(3, 1));
    await load.flush(true);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await getSummary('p0@example.com'))?.total).toBe(2);

    expect(await removeDemoData()).toMatchObject({ events: 6, prospects: 3 });
    expect(await allEvents()).toEqual([]);
    expect(await allProspects()).toEqual([]);
    expect(await allSummaries()).toEqual(new Map());
  });

  it('is refused too when another import died, whose repair would take every marker, the load’s as well', async () => {
    let now = Date.UTC(2026, 5, 1);
    const restore = setClock(() => now);
    try {
      await writeBatch(new ImportSession('import:old.csv', 'run-dead'), batch(2, 0)); // its page closed
      now += STALE_IMPORT_MS + 1;
      await writeBatch(new ImportSession(DEMO_ORIGIN, 'run-demo'), batch(3, 1));
      await expect(removeDemoData()).rejects.toBeInstanceOf(ImportRunningError);
      expect(await pendingImportMarkers()).toContain('importPending:run-demo');
      expect(await countEvents()).toBe(5);
    } finally {
      restore();
    }
  });

  it('after a load that died, first puts its people’s counts right, so a person’s own events stay counted', async () => {
    let now = Date.UTC(2026, 5, 1);
    const restore = setClock(() => now);
    try {
      await addEvents([{ id: 'local:mine', prospectKey: 'p0@example.com', source: 'local', type: 'email_reply', occurredAt: '2025-12-01T00:00:00.000Z' }]);
      await writeBatch(new ImportSession(DEMO_ORIGIN, 'run-dead'), batch(3, 0)); // its page closed: no flush
      now += STALE_IMPORT_MS + 1;
      await removeDemoData();
      expect(await allSummaries()).toEqual(await summariesFromEvents());
      expect((await getSummary('p0@example.com'))?.total).toBe(1);
      expect(await pendingImportMarkers()).toEqual([]);
    } finally {
      restore();
    }
  });
});

describe('the demo buttons', () => {
  it('are both unavailable while a demo load runs (aria-disabled: a disabled button would drop the focus), and a refused removal says the demo is still loading', async () => {
    let loaded!: () => void;
    const services: ImportServices = {
      importFile: vi.fn(),
      loadDemoData: vi.fn(() => new Promise<void>((resolve) => (loaded = resolve))),
      removeDemoData: vi.fn(() => Promise.reject(new ImportRunningError(DEMO_ORIGIN))),
    };
    render(<ImportSection services={services} />);
    const load = screen.getByRole<HTMLButtonElement>('button', { name: 'Load demo data' });
    const remove = screen.getByRole<HTMLButtonElement>('button', { name: 'Remove demo data' });
    fireEvent.click(load);
    expect(remove.getAttribute('aria-disabled')).toBe('true');
    expect(load.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(load);
    expect(services.loadDemoData).toHaveBeenCalledTimes(1);
    fireEvent.click(remove);
    expect(services.removeDemoData).not.toHaveBeenCalled();

    loaded();
    await screen.findByText('Demo data loaded.');
    expect(remove.getAttribute('aria-disabled')).toBe('false');
    fireEvent.click(remove);
    await screen.findByText(english.options_demoStillLoading.message);
    expect(load.getAttribute('aria-disabled')).toBe('false');
  });
});
