/**
 * "Export everything" for the options page: every logged action and every engagement event, as JSON
 * (one document, prospects included) or as CSV. The events CSV uses the canonical import columns, so
 * an export can be imported again into another browser. The JSON document is the copy "Delete
 * everything" tells the rep to keep: chosen in Import, it is restored whole (lib/import/restore.ts),
 * people without events and logged actions with their sync state included. It holds the stored
 * records as they are, so whatever a record gains is restored with it; summaries are rebuilt from the
 * events, settings and credentials are not in it.
 *
 * Rows are streamed from IndexedDB cursors into Blob parts in batches, so a large store never becomes
 * one giant string.
 */
import type { IDBPTransaction } from 'idb';
import { clock } from '../clock';
import { CANONICAL_COLUMNS } from '../import/canonical';
import { exportedEventId } from '../import/rows';
import type { SalesAction } from '../model/action';
import type { EngagementEvent } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import { db, type ProspectLensDB } from '../store/db';
import { eachEvent, eventStores } from '../store/event-chunks';
import { type CsvRow, CsvWriter } from './csv';

/** The events CSV has exactly the canonical import columns, so an export imports again unchanged. */
export const EVENT_COLUMNS = CANONICAL_COLUMNS;

export const ACTION_COLUMNS = [
  'id',
  'prospect_key',
  'type',
  'outcome',
  'notes',
  'occurred_at',
  'due_at',
  'direction',
  'duration_minutes',
  'priority',
  'stage',
  'feedback',
  'reject_reason',
  'created_at',
  'sync_state',
  'attempts',
  'last_error',
  'remote_id',
  'destination',
] as const;

type ExportedStore = 'events' | 'eventChunks' | 'outbox' | 'prospects';
type ExportTransaction = IDBPTransaction<ProspectLensDB, ExportedStore[], 'readonly'>;

/**
 * One read transaction over every store an export reads, so the file is one moment's data: an import
 * or "Delete everything" started meanwhile waits for it (IndexedDB runs a write after the reads whose
 * stores it shares), instead of leaving events without their people, or an empty half after the delete
 * reopened the database. Everything is read inside it; `visit` must not wait on anything else.
 */
async function readAll(stores: ExportedStore[], read: (tx: ExportTransaction) => Promise<void>): Promise<void> {
  const tx = (await db()).transaction(stores, 'readonly');
  await read(tx);
  await tx.done;
}

/** Calls `visit` for every record of a store, in key order, inside the export's transaction. */
async function eachRecord<S extends ExportedStore>(tx: ExportTransaction, store: S, visit: (value: ProspectLensDB[S]['value']) => void): Promise<void> {
  let cursor = await tx.objectStore(store).openCursor();
  while (cursor) {
    visit(cursor.value);
    cursor = await cursor.continue();
  }
}

function eventRow(event: EngagementEvent, prospect: Prospect | undefined): CsvRow {
  const isLinkedin = event.prospectKey.startsWith('linkedin');
  return {
    // A LinkedIn-keyed person's address goes too, so it is not lost; importing the file keeps the
    // LinkedIn key, which the event_id's check names (lib/import/rows.ts, `exportedPersonKey`).
    email: isLinkedin ? prospect?.emails[0] : event.prospectKey,
    name: prospect?.name,
    company: prospect?.company,
    title: prospect?.title,
    linkedin_url: prospect?.linkedinUrl,
    lifecycle_stage: prospect?.lifecycleStage,
    lead_score: prospect?.leadScore,
    event_type: event.type,
    occurred_at: event.occurredAt,
    event_title: event.title,
    event_url: event.url,
    campaign: event.campaign,
    channel: event.channel,
    // `local` is where the store says the event came from, not the file's `source` column: written
    // there, an import into another browser would show it as the channel.
    source: event.source === 'local' ? undefined : event.source,
    // Importing the export again is these events, not new ones (canonical.ts).
    event_id: exportedEventId(event),
  };
}

function actionRow(action: SalesAction): CsvRow {
  return {
    id: action.id,
    prospect_key: action.prospectKey,
    type: action.type,
    outcome: action.outcome,
    notes: action.notes,
    occurred_at: action.occurredAt,
    due_at: action.dueAt,
    direction: action.direction,
    duration_minutes: action.durationMinutes,
    priority: action.priority,
    stage: action.stage,
    feedback: action.feedback,
    reject_reason: action.rejectReason,
    created_at: action.createdAt,
    sync_state: action.sync.state,
    attempts: action.sync.attempts,
    last_error: action.sync.lastError,
    remote_id: action.sync.remoteId,
    destination: action.sync.destination,
  };
}

export async function exportEventsCsv(): Promise<Blob> {
  const csv = new CsvWriter(EVENT_COLUMNS);
  await readAll(['prospects', 'events', 'eventChunks'], async (tx) => {
    const prospects = new Map<string, Prospect>();
    await eachRecord(tx, 'prospects', (p) => prospects.set(p.key, p));
    await eachEvent(eventStores(tx), (event) => csv.add(eventRow(event, prospects.get(event.prospectKey))));
  });
  return csv.blob();
}

export async function exportActionsCsv(): Promise<Blob> {
  const csv = new CsvWriter(ACTION_COLUMNS);
  await readAll(['outbox'], (tx) => eachRecord(tx, 'outbox', (action) => csv.add(actionRow(action))));
  return csv.blob();
}

/**
 * One JSON document: `{ format, version, exportedAt, prospects, events, actions }`. `format` comes
 * first, as the restore recognises the file by it (lib/import/restore-reader.ts); a change to what the
 * lists mean needs a new `version`, which an older restore refuses instead of guessing.
 */
export async function exportJson(): Promise<Blob> {
  const parts: string[] = [`{"format":"prospect-lens-export","version":1,"exportedAt":${JSON.stringify(clock.iso())}`];
  await readAll(['prospects', 'events', 'eventChunks', 'outbox'], async (tx) => {
    for (const list of ['prospects', 'events', 'actions'] as const) {
      parts.push(`,"${list}":[`);
      let first = true;
      const add = (value: unknown) => {
        parts.push((first ? '' : ',') + JSON.stringify(value));
        first = false;
      };
      if (list === 'events') await eachEvent(eventStores(tx), add);
      else await eachRecord(tx, list === 'actions' ? 'outbox' : list, add);
      parts.push(']');
    }
  });
  parts.push('}');
  return new Blob(parts, { type: 'application/json' });
}

/**
 * "prospect-lens-events-2025-11-14.csv", dated by the rep's own calendar day: the UTC date named
 * tomorrow for an export made on an American evening.
 */
export function exportFileName(what: 'events' | 'actions' | 'all', extension: 'csv' | 'json'): string {
  const now = clock.now();
  const localDay = new Date(now - new Date(now).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  return `prospect-lens-${what}-${localDay}.${extension}`;
}
