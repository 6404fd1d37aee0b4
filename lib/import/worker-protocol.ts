/**
 * The messages between an extension page and its import worker (docs/architecture.md, "Import and
 * storage"). Both ends are the extension's own code in its own origin, but each end still checks
 * what it receives: a message of the wrong shape is dropped, never acted on.
 */
import { z } from '../model/zod';
import { IMPORT_REASON_KEYS } from './reasons';
import { RESTORE_REASON_KEYS } from './restore-reasons';
import type { ImportProgress, ImportSummary } from './summary';

/** Page → worker: import this file (one per worker), or stop after the batch being written. */
export const toWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    file: z.instanceof(Blob),
    origin: z.string().max(100).optional(),
    batchSize: z.number().int().min(1).max(10_000).optional(),
    /** Names the import's pending-summaries marker, so the page can repair it if the worker dies. */
    runId: z.string().regex(/^[\w-]{1,64}$/),
    /** Why a restored action is held, worded by the page (the worker has no `browser.i18n`). */
    heldReason: z.string().min(1).max(500),
    /** The days kept (settings' `retentionDays`): older events are left out. */
    keepDays: z.number().int().min(0).max(3650).optional(),
  }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToWorker = z.infer<typeof toWorker>;

const count = z.number().int().min(0);
const progress = z.object({
  bytesRead: count,
  totalBytes: count,
  recordsRead: count,
  imported: count,
  skipped: count,
  rejected: count,
});

/** A reason as data (reasons.ts): the page words it; its values are the file's text, clipped. */
const problem = z.object({
  key: z.enum(IMPORT_REASON_KEYS),
  args: z.array(z.union([z.string().max(1000), z.number()])).max(5).optional(),
});

/** A rejected record's reason: an import's, or a restore's (restore-reasons.ts). */
const rowProblem = z.object({
  key: z.enum([...IMPORT_REASON_KEYS, ...RESTORE_REASON_KEYS]),
  args: problem.shape.args,
});

const restoredCounts = z.object({ imported: count, skipped: count, rejected: count });

const summary = z.object({
  format: z.enum(['canonical-csv', 'canonical-json', 'canonical-ndjson', 'hubspot-csv', 'mautic-csv', 'prospect-lens-export']),
  recordsRead: count,
  imported: count,
  skipped: count,
  rejected: count,
  rejectedRows: z.array(z.object({ line: count, problems: z.array(rowProblem).max(50), values: z.record(z.string(), z.string()).optional() })),
  unknownColumns: z.array(z.string()),
  repeatedColumns: z.array(z.string()).optional(),
  prospectsUpserted: count,
  cancelled: z.boolean(),
  durationMs: z.number().min(0),
  restored: z.object({ prospects: restoredCounts, events: restoredCounts, actions: restoredCounts }).optional(),
  olderThanKept: z.object({ events: count, actions: count.optional(), days: z.number().int().min(1).max(3650) }).optional(),
});

/** Worker → page. `ready`: the worker's script loaded (until then the page may fall back). */
export const fromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('progress'), progress }),
  z.object({ type: z.literal('done'), summary }),
  /**
   * `name` keeps an ImportFormatError or StorageFullError recognisable; an ImportFormatError's
   * `problems` are worded by the page, any other failure's `message` is shown as it is.
   */
  z.object({ type: z.literal('failed'), name: z.string().max(100), message: z.string().max(2000), problems: z.array(problem).max(5).optional() }),
]);
export type FromWorker = z.infer<typeof fromWorker>;

// The schemas must describe the types the importer really produces.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const progressMatches: Same<z.infer<typeof progress>, ImportProgress> = true;
const summaryMatches: Same<z.infer<typeof summary>, ImportSummary> = true;
void progressMatches;
void summaryMatches;
