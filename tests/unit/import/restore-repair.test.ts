/**
 * A restore that dies (its worker or page killed) is repaired as an import is (docs/architecture.md,
 * "Import and storage"): the page that saw its worker die names the run, and the repair that takes
 * the run's marker rebuilds the summaries of every restored person, whatever origin their events keep.
 */
import { afterEach, expect, it } from 'vitest';
import { importFile } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import { putProspects } from '@/lib/store/prospects';
import { repairInterruptedImports } from '@/lib/store/import-repair';
import { allEvents, allSummaries, pendingImportMarkers, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

/** A file whose reading stops for good at `cut` bytes: what a worker killed mid-restore leaves behind. */
class DyingFile extends Blob {
  constructor(text: string, private readonly cut: number) {
    super([text]);
  }
  override slice(start?: number, end?: number): Blob {
    if ((start ?? 0) < this.cut) return super.slice(start, end);
    return { arrayBuffer: () => new Promise<ArrayBuffer>(() => undefined) } as Blob;
  }
}

it("a repair by the run's id rebuilds what a dead restore counted only in memory", async () => {
  // Only demo events, so the first batch is written by the demo's session, not the file's own.
  const events = Array.from({ length: 500 }, (_, i) => ({
    id: `local:${i}`,
    prospectKey: `p${i % 7}@northwind.example`,
    source: 'local',
    type: 'page_view',
    occurredAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    origin: 'demo',
  }));
  // Their people are stored already: an event is restored only beside its person.
  await putProspects(Array.from({ length: 7 }, (_, i) => ({ key: `p${i}@northwind.example`, emails: [`p${i}@northwind.example`], refs: [] })));
  const text = JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: '2026-12-02T12:00:00.000Z', prospects: [], events, actions: [] });
  expect(text.length).toBeGreaterThan(64 * 1024);

  let batchWritten!: () => void;
  const written = new Promise<void>((resolve) => (batchWritten = resolve));
  void importFile(new DyingFile(text, 64 * 1024), { runId: 'run1', onProgress: () => batchWritten() });
  await written;
  expect((await allEvents()).length).toBe(250);
  expect(await pendingImportMarkers()).toContain('importPending:run1');

  // The page saw the worker die.
  await repairInterruptedImports({ runIds: ['run1'] });
  expect(await pendingImportMarkers()).toEqual([]);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect([...(await allSummaries()).values()].reduce((sum, s) => sum + s.total, 0)).toBe(250);
});
