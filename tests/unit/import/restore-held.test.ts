/**
 * Actions restored from "Export everything" (lib/import/restore.ts, `asRestored`): the file cannot say
 * what became of an action since it was written, nor whose it is, so nothing of it is sent until the
 * rep chooses Retry, and a Retry looks for it first where the destination can.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportJson } from '@/lib/data/export';
import { useFallbackMessages } from '@/lib/i18n';
import { importText } from '@/lib/import';
import { importInWorker } from '@/lib/import/in-worker';
import { serveImport } from '@/lib/import/import-worker';
import type { FromWorker } from '@/lib/import/worker-protocol';
import { heldReason } from '@/lib/import/restore-reasons';
import { isDeletable, isEditable, type SalesAction } from '@/lib/model/action';
import { allActions, deleteDoneBefore, getAction, putAction, updateAction } from '@/lib/store/outbox';
import { retryAction } from '@/lib/sync/actions';
import { drainOutbox } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import type { Destination } from '@/lib/sync/types';
import english from '@/public/_locales/en/messages.json';
import french from '@/public/_locales/fr/messages.json';
import { makeAction } from '../store/factory';
import { FakeDestination } from '../sync/helpers';
import { testClock } from './helpers';

const NOW = Date.UTC(2026, 11, 2, 12);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const time = testClock(NOW);

const exportFile = (actions: unknown[]) => JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: iso(NOW), prospects: [], events: [], actions });

/** Every action due, every destination connected as given; nothing waits for real time. */
const drain = (destinations: Partial<Record<string, Destination>>) =>
  drainOutbox({ resolveDestination: (kind) => destinations[kind], getProspect: () => undefined, now: () => time.ms, sleep: async () => undefined, gate: new DestinationGate(), policy: { random: () => 0.5 } });

const back = async (id: string) => (await allActions()).find((a) => a.id === id)!;

describe('a restored action that may have left the browser', () => {
  it('exported pending, delivered since and its row removed by retention: held, and a Retry finds it instead of sending it again', async () => {
    const crm = new FakeDestination('hubspot', () => time.ms);
    const action = makeAction({ createdAt: iso(NOW - 200 * DAY), sync: { state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: iso(NOW - 200 * DAY) } });
    await putAction(action);
    const file = await (await exportJson()).text();
    // Delivered the next day; retention then removed the delivered row.
    await crm.deliver(action);
    await updateAction(action.id, (a) => ({ ...a, sync: { ...a.sync, state: 'done', attempts: 1, remoteId: 'remote-1', updatedAt: iso(NOW - 199 * DAY) } }));
    expect(await deleteDoneBefore(iso(NOW - 90 * DAY))).toBe(1);

    const summary = await importText(file, 'old-backup.json');
    expect(summary.restored?.actions).toEqual({ imported: 1, skipped: 0, rejected: 0 });
    const held = await back(action.id);
    expect(held.sync).toEqual({ state: 'dead', attempts: 0, destination: 'hubspot', lastError: heldReason(), uncertainSince: iso(NOW - 200 * DAY), updatedAt: iso(NOW) });
    expect(heldReason()).toMatch(/^Restored from an exported file and held: .*Retry/);
    expect(isEditable(held)).toBe(false);
    expect(isDeletable(held)).toBe(true);

    // The sync leaves it alone…
    await drain({ hubspot: crm });
    expect(crm.requests.map((r) => r.kind)).toEqual(['deliver']);
    // …until the rep's Retry, which looks first and finds the record sent 199 days ago.
    await retryAction(action.id);
    await drain({ hubspot: crm });
    expect(crm.requests.map((r) => r.kind)).toEqual(['deliver', 'find']);
    expect(crm.duplicates()).toBe(0);
    expect((await getAction(action.id))?.sync).toMatchObject({ state: 'done', remoteId: 'remote-1' });
  });

  it('a Retry of one that never arrived sends it, once, after the look', async () => {
    const crm = new FakeDestination('hubspot', () => time.ms);
    const action = makeAction({ sync: { state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: iso(NOW - DAY) } });
    await importText(exportFile([action]), 'backup.json');
    await retryAction(action.id);
    await drain({ hubspot: crm });
    expect(crm.requests.map((r) => r.kind)).toEqual(['find', 'deliver']);
    expect((await getAction(action.id))?.sync.state).toBe('done');
  });

  it('from a forged or foreign file: held whatever it says of itself, with no timer and no date later than now', async () => {
    const webhook = new FakeDestination('webhook', () => time.ms);
    const future = iso(NOW + 1000 * 365 * DAY);
    const forged = [
      makeAction({ notes: 'for ever', sync: { state: 'pending', attempts: 0, destination: 'webhook', updatedAt: future, nextAttemptAt: future, uncertainSince: future } }),
      makeAction({ notes: 'now', sync: { state: 'pending', attempts: 0, destination: 'webhook', updatedAt: iso(NOW - DAY) } }),
      // A destination the rep never connected: it must not wait "not connected" and go the day they do.
      makeAction({ notes: 'not connected', sync: { state: 'pending', attempts: 0, destination: 'salesforce', updatedAt: iso(NOW - DAY), lastError: 'Salesforce is not connected' } }),
      makeAction({ notes: 'on its way', sync: { state: 'inflight', attempts: 3, destination: 'mautic', updatedAt: iso(NOW - DAY), uncertainSince: iso(NOW - 2 * DAY) } }),
    ];
    await importText(exportFile(forged), 'not-mine.json');
    const restored = await allActions();
    expect(restored).toHaveLength(4);
    for (const action of restored) {
      expect(action.sync, action.notes).toMatchObject({ state: 'dead', lastError: heldReason(), updatedAt: iso(NOW) });
      expect(action.sync.nextAttemptAt, action.notes).toBeUndefined();
      expect(Date.parse(action.sync.uncertainSince!), action.notes).toBeLessThanOrEqual(NOW);
      expect(isEditable(action), action.notes).toBe(false);
    }
    expect((await back(forged[0]!.id)).sync.uncertainSince).toBe(iso(NOW));
    expect((await back(forged[3]!.id)).sync.uncertainSince).toBe(iso(NOW - 2 * DAY));

    // Connected later, and a year on: nothing goes.
    time.ms = NOW + 365 * DAY;
    const salesforce = new FakeDestination('salesforce', () => time.ms);
    const mautic = new FakeDestination('mautic', () => time.ms);
    await drain({ webhook, salesforce, mautic });
    expect([...webhook.requests, ...salesforce.requests, ...mautic.requests]).toEqual([]);
  });

  it('delivered, or kept in this browser only: as the file has it', async () => {
    const delivered = makeAction({ sync: { state: 'done', attempts: 1, destination: 'hubspot', remoteId: '9001', updatedAt: iso(NOW - DAY) } });
    const local: SalesAction = makeAction({ sync: { state: 'done', attempts: 0, destination: 'local', updatedAt: iso(NOW - DAY) } });
    await importText(exportFile([delivered, local]), 'backup.json');
    expect(await back(delivered.id)).toEqual(delivered);
    expect(await back(local.id)).toEqual(local);
  });
});

describe('the reason a held action shows', () => {
  afterEach(() => useFallbackMessages(english));

  it("is worded by the page, in the rep's language, and handed to the import worker", async () => {
    useFallbackMessages(french);
    const sent: unknown[] = [];
    const worker = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      postMessage: (message: unknown) => sent.push(message),
      terminate: () => undefined,
    };
    void importInWorker(new File(['{}'], 'backup.json'), {}, () => worker as unknown as Worker);
    worker.onmessage!({ data: { type: 'ready' } } as MessageEvent);
    expect(sent).toEqual([expect.objectContaining({ type: 'start', heldReason: french.syncError_restoredHeld.message })]);
  });

  it('is stored as the page worded it where the worker runs, which has no message table of its own', async () => {
    const action = makeAction({ sync: { state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: iso(NOW - DAY) } });
    const posted: FromWorker[] = [];
    const scope = { onmessage: null as ((event: MessageEvent) => void) | null, postMessage: (message: FromWorker) => posted.push(message) };
    serveImport(scope);
    const file = new File([exportFile([action])], 'backup.json');
    scope.onmessage!({ data: { type: 'start', file, runId: 'run-1', heldReason: french.syncError_restoredHeld.message } } as MessageEvent);
    await vi.waitFor(() => expect(posted.map((m) => m.type)).toContain('done'));
    expect((await back(action.id)).sync.lastError).toBe(french.syncError_restoredHeld.message);
  });

  it('is the page\'s own message where the import runs on the page', () => {
    useFallbackMessages(french);
    expect(heldReason()).toBe(french.syncError_restoredHeld.message);
  });
});
