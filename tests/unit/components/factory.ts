/**
 * Small builders for the views a card renders. Times are relative to NOW, which the tests pin with
 * setClock so relative labels ("2h ago", "Today") are stable.
 */
import { vi } from 'vitest';
import { SOURCE_NAMES } from '@/lib/connectors/catalog';
import type { SalesAction } from '@/lib/model/action';
import type { EngagementEvent } from '@/lib/model/engagement';
import type { Prospect } from '@/lib/model/prospect';
import type { Insights, ProspectView } from '@/lib/model/view';

export const NOW = Date.parse('2025-11-15T12:00:00Z');
const HOUR = 3_600_000;

export const hoursAgo = (hours: number) => new Date(NOW - hours * HOUR).toISOString();

let serial = 0;

/**
 * Starts the serials (ids, and the default times: an hour further back per event) from 0 again, as a
 * fresh module would: files that share modules call it before each file (tests/unit/setup-dom-shared.ts).
 */
export function resetSerials(): void {
  serial = 0;
}

export function makeEvent(overrides: Partial<EngagementEvent> = {}): EngagementEvent {
  serial += 1;
  return {
    id: `local:event-${serial}`,
    prospectKey: 'dana@northwind.example',
    source: 'local',
    type: 'email_click',
    occurredAt: hoursAgo(serial),
    title: `Q4 nurture #${serial}`,
    ...overrides,
  };
}

export function makeAction(overrides: Partial<SalesAction> = {}, sync: Partial<SalesAction['sync']> = {}): SalesAction {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    prospectKey: 'dana@northwind.example',
    type: 'call',
    notes: '',
    occurredAt: hoursAgo(1),
    createdAt: hoursAgo(1),
    sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: hoursAgo(1), ...sync },
    ...overrides,
  };
}

export function makeInsights(overrides: Partial<Insights> = {}): Insights {
  const series90 = Array.from({ length: 90 }, (_, day) => (day > 80 ? day % 3 : 0));
  return {
    lifecycleStage: 'opportunity',
    leadScore: 87,
    lastTouch: hoursAgo(2),
    heat: 'hot',
    heatScore: 82,
    heatReasons: ['clicked 2 emails in 7 days', 'viewed /pricing twice'],
    journey: 'decision',
    counts30: { email_open: 3, email_click: 2, webinar_attended: 1, page_view: 2 },
    counts90: { email_open: 7, email_click: 4, webinar_attended: 1, page_view: 5 },
    series90,
    ...overrides,
  };
}

type ViewOverrides = Omit<Partial<ProspectView>, 'prospect' | 'insights'> & {
  prospect?: Partial<Prospect>;
  insights?: Partial<Insights>;
};

/** A known, hot prospect with a few events; override what a test is about. */
export function makeView(overrides: ViewOverrides = {}): ProspectView {
  const key = overrides.key ?? 'dana@northwind.example';
  const { prospect, insights, ...rest } = overrides;
  return {
    key,
    detectedKey: key,
    known: true,
    match: 'email',
    prospect: {
      key,
      emails: [key],
      name: 'Dana Whitfield',
      title: 'Head of Procurement',
      company: 'Northwind Traders',
      refs: [],
      ...prospect,
    },
    insights: makeInsights(insights),
    events: [makeEvent({ prospectKey: key, type: 'email_click' }), makeEvent({ prospectKey: key, type: 'page_view', title: 'Pricing' })],
    actions: [],
    alternatives: [],
    sources: [{ source: 'local', state: 'ok' }],
    links: [],
    // The background sends every source's display name with each card (lib/background/views.ts).
    sourceNames: SOURCE_NAMES,
    ...rest,
  };
}

/** What the background sends for an address nobody has stored. */
export function makeUnknownView(key = 'new.person@example.org'): ProspectView {
  return makeView({
    key,
    known: false,
    match: 'none',
    prospect: { key, emails: [key], name: undefined, title: undefined, company: undefined },
    insights: {
      lifecycleStage: undefined,
      leadScore: undefined,
      lastTouch: undefined,
      heat: 'cold',
      heatScore: 0,
      heatReasons: [],
      journey: 'awareness',
      counts30: {},
      counts90: {},
      series90: Array.from({ length: 90 }, () => 0),
    },
    events: [],
  });
}

/** Every card callback as a spy. */
export function makeCallbacks() {
  return {
    onRetry: vi.fn(),
    onChooseMatch: vi.fn(),
    onAddToStore: vi.fn(),
    onCreateInCrm: vi.fn(),
    onLog: vi.fn(),
    onMute: vi.fn(),
    onUnmute: vi.fn(),
    onUnlink: vi.fn(),
    onRetryAction: vi.fn(),
  };
}
