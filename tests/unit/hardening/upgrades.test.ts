/**
 * Upgrades from every earlier schema version: a generated version-1 database with many rows of every
 * store it had, and version-1 settings read through the real WXT storage item. Nothing may be lost,
 * and an upgrade cut off midway must leave the old version whole (or, once rerun, the new one whole).
 */
import fc from 'fast-check';
import { type IDBPDatabase, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { EngagementEvent } from '@/lib/model/engagement';
import { DB_NAME, DB_VERSION, UPGRADE_STEPS, closeDbForTests, deleteDatabaseFiles, openDatabase } from '@/lib/store/db';
import { SETTINGS_MIGRATIONS } from '@/lib/store/legacy-settings';
import { makeAction } from '../store/factory';
import { recordResult } from '../../hardening/support/results';

afterEach(closeDbForTests);

const V1_STORES = ['prospects', 'events', 'outbox', 'secrets'] as const;
const TYPES: EngagementEvent['type'][] = ['email_open', 'email_click', 'page_view', 'form_submit', 'webinar_attended'];

/** A version-1 database: 300 people, 3,000 events, 200 outbox rows in every state, three secrets. */
function generatedV1() {
  const prospects = Array.from({ length: 300 }, (_, i) => ({ key: `p${i}@x${i % 17}.example`, emails: [`p${i}@x${i % 17}.example`], refs: [], name: `Person ${i} <b>${i}</b>` }));
  const events: EngagementEvent[] = Array.from({ length: 3_000 }, (_, i) => ({
    id: `local:${i}`,
    prospectKey: prospects[i % 300]!.key,
    source: 'local',
    type: TYPES[i % TYPES.length]!,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
    title: `Event ${i}`,
  }));
  const states = ['pending', 'inflight', 'done', 'dead'] as const;
  const outbox = Array.from({ length: 200 }, (_, i) => {
    const action = makeAction({ prospectKey: prospects[i % 300]!.key });
    return { ...action, sync: { ...action.sync, state: states[i % 4]!, destination: 'hubspot' as const } };
  });
  const secrets = ['hubspot', 'mautic', 'webhook'].map((id) => ({ id, values: { token: `secret-${id}` }, updatedAt: '2026-01-01T00:00:00.000Z' }));
  return { prospects, events, outbox, secrets };
}

async function writeV1(data: ReturnType<typeof generatedV1>) {
  const v1 = (await openDatabase(1)) as unknown as IDBPDatabase;
  const tx = v1.transaction([...V1_STORES], 'readwrite');
  for (const store of V1_STORES) for (const row of data[store]) void tx.objectStore(store).put(row);
  await tx.done;
  v1.close();
}

function rowKey(row: object): unknown {
  const r = row as { key?: string; id?: string };
  return r.key ?? r.id;
}

async function rawRows(store: string) {
  const raw = await openDB(DB_NAME);
  const rows = await raw.getAll(store);
  raw.close();
  return rows;
}

describe('database upgrades from version 1', () => {
  it('keeps every row of every store, unchanged, and summarises every event', async () => {
    const data = generatedV1();
    await writeV1(data);
    const upgraded = await openDatabase();
    expect(upgraded.version).toBe(DB_VERSION);
    for (const store of V1_STORES) {
      const stored = new Map((await upgraded.getAll(store)).map((row) => [JSON.stringify(rowKey(row)), JSON.stringify(row)]));
      expect(stored.size).toBe(data[store].length);
      for (const row of data[store]) expect(stored.get(JSON.stringify(rowKey(row)))).toBe(JSON.stringify(row));
    }
    const summaries = await upgraded.getAll('summaries');
    expect(summaries.reduce((sum, s) => sum + s.total, 0)).toBe(data.events.length);
    expect(summaries).toHaveLength(300);
    upgraded.close();
    recordResult('upgrade-db-v1', { rows: Object.values(data).reduce((n, rows) => n + rows.length, 0), lost: 0 });
  });

  it.each([
    ['at its start', 'before'],
    ['after building every summary', 'after'],
  ])('an upgrade cut off %s leaves version 1 whole; the next start upgrades it fully', async (_, when) => {
    const data = generatedV1();
    await writeV1(data);
    const real = UPGRADE_STEPS[2]!;
    UPGRADE_STEPS[2] = async (db, tx, oldVersion) => {
      if (when === 'after') await real(db, tx, oldVersion);
      throw new Error('The browser closed mid-upgrade');
    };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(openDatabase()).rejects.toThrow();
    } finally {
      UPGRADE_STEPS[2] = real;
      vi.mocked(console.error).mockRestore();
    }
    const raw = await openDB(DB_NAME);
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames].sort()).toEqual([...V1_STORES].sort());
    raw.close();
    for (const store of V1_STORES) expect(await rawRows(store)).toHaveLength(data[store].length);

    const upgraded = await openDatabase();
    expect(upgraded.version).toBe(DB_VERSION);
    for (const store of V1_STORES) expect(await upgraded.count(store)).toBe(data[store].length);
    expect((await upgraded.getAll('summaries')).reduce((sum, s) => sum + s.total, 0)).toBe(data.events.length);
    upgraded.close();
  });
});

/** A settings value as version 1 wrote it: connections at the top level. */
const v1Settings = {
  sites: { gmail: true, outlook: false, linkedin: true, linkedinOverlay: false },
  ownDomains: ['acme.example'],
  myAddresses: ['sam@acme.example'],
  ignoreList: ['noreply@x.example'],
  hubspot: { baseUrl: 'https://api.hubapi.com', ownerId: '9001', useAsSource: true, createContacts: false },
  webhook: { url: 'https://hooks.acme.example/pl' },
  destination: 'hubspot',
  retentionDays: 90,
  cacheTtlHours: 2,
  display: { theme: 'dark', compact: true },
  onboarded: true,
};

/** A fresh worker: the settings module loaded anew, on the database as it is. */
async function loadSettingsModule() {
  await closeDbForTests();
  vi.resetModules();
  return import('@/lib/store/settings');
}

describe('settings move from storage.local into the database (v3)', () => {
  it('moves version-1 settings, migrated, keeps every field, binds secrets to their address, and empties storage.local', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings });
    const v2 = await openDatabase(2);
    await v2.put('secrets', { id: 'hubspot', values: { token: 'pat-na1-1234' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    await v2.put('secrets', { id: 'webhook', values: { secret: 'whsec' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    await v2.put('secrets', { id: 'mautic', values: { username: 'u', password: 'p' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    v2.close();

    const { getSettings } = await loadSettingsModule();
    const settings = await getSettings();
    expect(settings.connections).toEqual({
      hubspot: { ...v1Settings.hubspot },
      webhook: { ...v1Settings.webhook, privateHostConfirmed: false },
    });
    const { hubspot: _h, webhook: _w, ...rest } = v1Settings;
    expect(settings).toMatchObject(rest);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});

    const { getSecret, secretOrigin } = await import('@/lib/store/secrets');
    expect(await getSecret('hubspot', 'https://api.hubapi.com')).toEqual({ token: 'pat-na1-1234' });
    expect(await secretOrigin('webhook')).toBe('https://hooks.acme.example');
    // Mautic has no connection to tie its secret to: it is dropped rather than bound to a guess.
    expect(await secretOrigin('mautic')).toBeUndefined();
  });

  it('a second context reading at the same time gets the same settings, written once', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings });
    (await openDatabase(2)).close();
    const { getSettings } = await loadSettingsModule();
    const [a, b] = await Promise.all([getSettings(), getSettings()]);
    expect(a).toEqual(b);
    expect(a.retentionDays).toBe(90);
  });

  it('a move cut off before its write leaves storage.local as it was; the next start moves it', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings });
    (await openDatabase(2)).close();
    const remove = vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValue(new Error('The browser closed'));
    const first = await loadSettingsModule();
    await first.getSettings().catch(() => undefined);
    remove.mockRestore();
    // The database has them now; the old copy is still there and is removed on the next read that moves.
    const { getSettings } = await loadSettingsModule();
    expect((await getSettings()).connections.hubspot).toEqual(v1Settings.hubspot);
  });

  const planted = { ...v1Settings, webhook: { url: 'https://collector.attacker.example/hook' }, destination: 'webhook' };

  it('takes nothing from storage.local into a new database (a content script can write there)', async () => {
    await fakeBrowser.storage.local.set({ settings: planted, 'settings$': { v: 1 } });
    const { getSettings } = await loadSettingsModule();
    expect(await getSettings()).toMatchObject({ destination: 'local', connections: {} });
  });

  it('takes nothing planted after "Delete everything" removed a database that had moved its settings', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings });
    (await openDatabase(2)).close();
    const first = await loadSettingsModule();
    expect((await first.getSettings()).destination).toBe('hubspot');
    // What "Delete everything" does to the database and storage.local; a content script then writes there.
    await deleteDatabaseFiles();
    await fakeBrowser.storage.local.clear();
    await fakeBrowser.storage.local.set({ settings: planted, 'settings$': { v: 1 } });
    const { getSettings } = await loadSettingsModule();
    expect(await getSettings()).toMatchObject({ destination: 'local', connections: {} });
  });

  it('keeps every connection but one that today refuses, with their secrets', async () => {
    // v2 took a private Mautic address without the confirmation today asks for.
    await fakeBrowser.storage.local.set({ settings: { ...v1Settings, mautic: { baseUrl: 'https://mautic.corp.internal' } } });
    const v2 = await openDatabase(2);
    await v2.put('secrets', { id: 'hubspot', values: { token: 'pat-na1-1234' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    await v2.put('secrets', { id: 'mautic', values: { username: 'u', password: 'p' }, updatedAt: '2026-01-01T00:00:00.000Z' });
    v2.close();
    const { getSettings } = await loadSettingsModule();
    const settings = await getSettings();
    expect(Object.keys(settings.connections).sort()).toEqual(['hubspot', 'webhook']);
    expect(settings.destination).toBe('hubspot');
    const { getSecret } = await import('@/lib/store/secrets');
    expect(await getSecret('hubspot', 'https://api.hubapi.com')).toEqual({ token: 'pat-na1-1234' });
  });

  it('with nothing to move, defaults are written and storage.local stays untouched', async () => {
    const { getSettings } = await loadSettingsModule();
    expect((await getSettings()).destination).toBe('local');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
  it('500 generated version-1 values: every field survives the migration', () => {
    const connection = fc.option(fc.record({ baseUrl: fc.webUrl(), ownerId: fc.string() }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ ownDomains: fc.array(fc.domain()), retentionDays: fc.nat(3650), hubspot: connection, mautic: connection, webhook: fc.option(fc.record({ url: fc.webUrl() }), { nil: undefined }), connections: fc.constant(undefined) }, { requiredKeys: ['ownDomains'] }),
        (old) => {
          const migrated = SETTINGS_MIGRATIONS[2]!(old as Record<string, unknown>);
          const { hubspot, mautic, webhook, connections: _c, ...rest } = old;
          expect(migrated).toMatchObject(rest);
          const moved = Object.fromEntries(Object.entries({ hubspot, mautic, webhook }).filter(([, v]) => v != null));
          expect(migrated.connections).toEqual(moved);
          for (const key of ['hubspot', 'mautic', 'webhook']) expect(migrated).not.toHaveProperty(key);
        },
      ),
      { numRuns: 500, seed: 55 },
    );
  });
});
