/**
 * A 50 MB file through the whole import except the store: fake-indexeddb is far too slow for
 * 50 MB of writes in a unit test (import.test.ts runs 5 MB through the real store). What this
 * proves is that reading, parsing and mapping stream: the file is read in bounded slices and every
 * row comes out counted.
 */
import { importFile, type ImportProgress } from '@/lib/import';
import { SLICE_BYTES } from '@/lib/import/text-chunks';

const written = { batches: 0, rows: 0, largestBatch: 0 };

vi.mock('@/lib/import/write-batch', () => ({
  writeBatch: async (_session: unknown, rows: readonly unknown[]) => {
    written.batches++;
    written.rows += rows.length;
    written.largestBatch = Math.max(written.largestBatch, rows.length);
    return { imported: rows.map(() => true), prospectKeys: [] };
  },
}));

function fiftyMegabytes(): { file: File; rows: number } {
  const header = 'email,name,company,event_type,occurred_at,event_title,event_url\n';
  const parts = [header];
  let size = header.length;
  let rows = 0;
  while (size < 50 * 1024 * 1024) {
    // Some titles are quoted and hold a line break, so records and lines differ.
    const title = rows % 10 === 0 ? `"Nurture #${rows}\nsecond line"` : `Nurture #${rows}`;
    const line = `person${rows % 5000}@example.com,Person ${rows % 5000},Company ${rows % 300},email_click,2026-11-01T09:${String(rows % 60).padStart(2, '0')}:00Z,${title},https://www.example.com/pricing?utm_campaign=nurture&row=${rows}\n`;
    parts.push(line);
    size += line.length;
    rows++;
  }
  return { file: new File(parts, 'fifty.csv'), rows };
}

it('streams a 50 MB CSV through in bounded slices, counting every row', async () => {
  const { file, rows } = fiftyMegabytes();
  let previous = 0;
  let largestStep = 0;
  const summary = await importFile(file, {
    onProgress: (p: ImportProgress) => {
      largestStep = Math.max(largestStep, p.bytesRead - previous);
      previous = p.bytesRead;
    },
  });
  expect(summary).toMatchObject({ recordsRead: rows, imported: rows, rejected: 0, cancelled: false });
  expect(written.rows).toBe(rows);
  expect(written.largestBatch).toBe(250);
  // Progress moved a batch (plus the slice it ends in) at a time, never the whole file at once.
  expect(previous).toBe(file.size);
  const batchBytes = (file.size / rows) * 250;
  expect(largestStep).toBeLessThanOrEqual(batchBytes * 1.2 + SLICE_BYTES);
  expect(largestStep).toBeLessThan(file.size / 100);
}, 60_000);
