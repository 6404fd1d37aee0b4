/**
 * What the card is told about adding an unknown person (docs/architecture.md, "Create in the CRM"):
 * where "Add to <CRM>" goes, and that a "not found" cached before the person was added is asked again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, resetSourceFailures, type ViewDeps } from '@/lib/background/views';
import type { SalesAction } from '@/lib/model/action';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import type { EngagementSource, SourceRecord } from '@/lib/sources/types';
import { putCached } from '@/lib/store/cache';
import { closeDbForTests } from '@/lib/store/db';

let now = Date.UTC(2026, 10, 27, 12);
let restoreClock: () => void;
beforeEach(() => {
  now = Date.UTC(2026, 10, 27, 12);
  restoreClock = setClock(() => now);
  resetSourceFailures();
});
afterEach(async () => {
  restoreClock();
  await closeDbForTests();
});

const JONAS = { key: 'jonas@fabrikam.example', email: 'jonas@fabrikam.example', name: 'Jonas Berg' };

function hubspot(records: SourceRecord[]): EngagementSource & { calls: number } {
  const source = {
    kind: 'hubspot' as const,
    calls: 0,
    async lookup() {
      source.calls++;
      return records;
    },
    async test() {
      return 'ok';
    },
  };
  return source;
}

function deps(sources: EngagementSource[], settings: Partial<Settings>, actions: SalesAction[] = []): ViewDeps {
  return { finder: storeFinder, sources: async () => sources, settings: async () => ({ ...DEFAULT_SETTINGS, ...settings }), recentActions: async () => actions, now: () => now };
}

const created = (at: string): SalesAction => ({
  id: crypto.randomUUID(),
  prospectKey: JONAS.key,
  type: 'crm_create',
  notes: '',
  record: { email: JONAS.email },
  occurredAt: at,
  createdAt: at,
  sync: { state: 'done', attempts: 1, destination: 'hubspot', remoteId: '901', updatedAt: at },
});

describe('createIn', () => {
  it('names the destination CRM on an unknown card, null with no CRM, nothing for a webhook or a known person', async () => {
    const [toHubSpot] = await buildViews([JONAS], deps([], { destination: 'hubspot' }));
    expect(toHubSpot!.createIn).toEqual({ kind: 'hubspot', name: 'HubSpot' });
    const [toMautic] = await buildViews([JONAS], deps([], { destination: 'mautic' }));
    expect(toMautic!.createIn).toEqual({ kind: 'mautic', name: 'Mautic' });
    const [local] = await buildViews([JONAS], deps([], { destination: 'local' }));
    expect(local!.createIn).toBeNull();
    const [webhook] = await buildViews([JONAS], deps([], { destination: 'webhook' }));
    expect(webhook).not.toHaveProperty('createIn');
    const [nameOnly] = await buildViews([{ key: 'name:jonas berg', name: 'Jonas Berg' }], deps([], { destination: 'hubspot' }));
    expect(nameOnly).not.toHaveProperty('createIn');
  });
});

describe('after the person was added', () => {
  it('asks the CRM again instead of trusting a "not found" cached before the create, and the card becomes the record', async () => {
    await putCached('hubspot', JONAS.key, null);
    const record: SourceRecord = { key: JONAS.key, prospect: { name: 'Jonas Berg', emails: [JONAS.email], lifecycleStage: 'lead' }, events: [] } as unknown as SourceRecord;
    const source = hubspot([record]);
    // The cached miss is fresh and nothing was added: not asked.
    await buildViews([JONAS], deps([source], { destination: 'hubspot' }));
    expect(source.calls).toBe(0);

    now += 60_000;
    const refreshed = new Promise<ProspectView[]>((resolve) => {
      void buildViews([JONAS], deps([source], { destination: 'hubspot' }, [created(new Date(now).toISOString())]), { onRefreshed: resolve });
    });
    const [view] = await refreshed;
    expect(source.calls).toBe(1);
    expect(view).toMatchObject({ known: true, prospect: { lifecycleStage: 'lead' } });
    expect(view).not.toHaveProperty('createIn');
  });
});
