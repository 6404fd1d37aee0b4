/**
 * Adding a CRM is its folder plus one line in each registry (docs/architecture.md, "How to add a
 * CRM"). Here a made-up CRM is registered exactly that way — one entry appended to DEFINITIONS and
 * one to CONNECTORS — and shows up everywhere a CRM does: the destination select and the sources list
 * in Options, the settings and message schemas, saving with a secret bound to its origin, the
 * connection test, lookups, labels and diagnostics.
 */
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { SourcesSection } from '@/components/options/SourcesSection';
import { connectedSources, testConnection } from '@/lib/background/connections';
import { settingsForDiagnostics } from '@/lib/background/diagnostics';
import { openRecordLabel, SOURCE_NAMES } from '@/lib/connectors/catalog';
import { send } from '@/lib/messaging';
import { DestinationKind } from '@/lib/model/action';
import { SourceKind } from '@/lib/model/engagement';
import { Request } from '@/lib/model/messages';
import { type Settings, Settings as SettingsSchema } from '@/lib/model/settings';
import { getSecret, secretOrigin } from '@/lib/store/secrets';
import { getSettings } from '@/lib/store/settings';
import { destinationLabel } from '@/lib/sync/labels';
import { fakePermissions } from '../options/fake-permissions';
import { withRealBackground } from '../support/background';

// The one line a new CRM adds to lib/connectors/definitions.ts …
vi.mock('@/lib/connectors/definitions', async (actual) => {
  const { DEFINITIONS } = await actual<typeof import('@/lib/connectors/definitions')>();
  const { fakeDefinition } = await import('./fake-connector');
  return { DEFINITIONS: [...DEFINITIONS, fakeDefinition] };
});
// … and the one it adds to lib/connectors/registry.ts.
vi.mock('@/lib/connectors/registry', async (actual) => {
  const { CONNECTORS, connectorFor } = await actual<typeof import('@/lib/connectors/registry')>();
  const { fakeConnector } = await import('./fake-connector');
  return { CONNECTORS: { ...CONNECTORS, fakecrm: fakeConnector }, connectorFor };
});
vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

const KIND = 'fakecrm' as DestinationKind;
const ADDRESS = 'https://crm.fake.example';

function Harness({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  return <SourcesSection settings={settings} onSettings={setSettings} />;
}

/** Saves the made-up CRM the way Options does: through the background's `connection/save`. */
function saveFake() {
  return send({ type: 'connection/save', kind: KIND as never, config: { baseUrl: ADDRESS, region: 'us', accountName: 'Northwind' }, secret: { apiKey: 'fk-123456789' } });
}

withRealBackground(sendMock);

describe('a CRM registered in one line', () => {
  it('is offered in the destination select and listed with the sources', async () => {
    fakePermissions(true);
    const view = render(<Harness initial={await getSettings()} />);
    const form = view.getByTestId('destination-form');
    const select = form.querySelector<HTMLSelectElement>('select[name="destination"]')!;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['local', 'This browser only'],
      ['hubspot', 'HubSpot'],
      ['salesforce', 'Salesforce'],
      ['mautic', 'Mautic'],
      ['webhook', 'Webhook'],
      ['fakecrm', 'Fake CRM'],
    ]);
    const status = view.container.querySelector<HTMLElement>('[data-testid="source-status"][data-kind="fakecrm"]')!;
    expect(status.dataset.state).toBe('not-configured');
    expect(within(status).getByText('Fake CRM')).toBeTruthy();
  });

  it('draws its own fields in Options, asks for its credential, and saves it with the secret bound to its origin', async () => {
    const { request } = fakePermissions(true);
    const view = render(<Harness initial={await getSettings()} />);
    const form = view.getByTestId('destination-form') as HTMLFormElement;
    const field = <T extends HTMLElement = HTMLInputElement>(name: string) => form.querySelector(`[name="${name}"]`) as T | null;
    fireEvent.change(field<HTMLSelectElement>('destination')!, { target: { value: KIND } });
    await waitFor(() => expect(form.dataset.destination).toBe(KIND));

    expect(within(form).getByLabelText('Data region')).toBe(field('region'));
    expect(within(form).getByLabelText('API key')).toBe(field('apiKey'));
    expect(field('apiKey')!.type).toBe('password');
    expect(within(form).getByText('Your Fake CRM address')).toBeTruthy();
    expect(field('useAsSource')!.checked).toBe(true);
    expect(field('privateHostConfirmed')).toBeNull();

    fireEvent.input(field('baseUrl')!, { target: { value: ADDRESS } });
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('[data-error-for="apiKey"]')?.textContent).toBe('Required'));

    fireEvent.change(field<HTMLSelectElement>('region')!, { target: { value: 'us' } });
    fireEvent.input(field('apiKey')!, { target: { value: 'fk-123456789' } });
    fireEvent.submit(form);
    await waitFor(async () => expect((await getSettings()).destination).toBe(KIND));
    expect(request).toHaveBeenCalledWith({ origins: ['https://crm.fake.example/*'] });
    const settings = await getSettings();
    expect((settings.connections as Record<string, unknown>)[KIND]).toEqual({ baseUrl: ADDRESS, region: 'us', useAsSource: true, privateHostConfirmed: false });
    expect(JSON.stringify(settings)).not.toContain('fk-123456789');
    expect(await getSecret(KIND, ADDRESS)).toEqual({ apiKey: 'fk-123456789' });
    await waitFor(() => expect(within(form).getByText('Saved: ••••6789. Leave empty to keep it.')).toBeTruthy());
    expect(view.container.querySelector<HTMLElement>('[data-testid="source-status"][data-kind="fakecrm"]')!.dataset.state).toBe('configured');
  });

  it('is validated by the settings and message schemas like any other connection', () => {
    expect(DestinationKind.parse(KIND)).toBe(KIND);
    expect(SourceKind.parse(KIND)).toBe(KIND);
    expect(Request.safeParse({ type: 'connection/test', kind: KIND }).success).toBe(true);
    expect(Request.safeParse({ type: 'connection/test', kind: 'nocrm' }).success).toBe(false);

    const ok = SettingsSchema.parse({ destination: KIND, connections: { [KIND]: { baseUrl: `${ADDRESS}/` } } });
    expect((ok.connections as Record<string, unknown>)[KIND]).toEqual({ baseUrl: ADDRESS, region: 'eu', useAsSource: true, privateHostConfirmed: false });
    const issues = (connection: Record<string, unknown>) =>
      SettingsSchema.safeParse({ connections: { [KIND]: connection } }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    // The shared address rules name message keys; a form words them when it shows them (schemaIssueText).
    expect(issues({ baseUrl: 'http://crm.fake.example' })).toEqual([['connections.fakecrm.baseUrl', 'schemaError_serviceUrl']]);
    expect(issues({ baseUrl: 'https://10.1.2.3' })).toEqual([['connections.fakecrm.baseUrl', 'schemaError_privateHost']]);
    expect(issues({ baseUrl: ADDRESS, region: 'mars' })?.[0]?.[0]).toBe('connections.fakecrm.region');
    expect(issues({ baseUrl: 'https://10.1.2.3', privateHostConfirmed: true })).toBeUndefined();
  });

  it('is saved, tested and looked up through the background with its secret, and refused without it', async () => {
    fakePermissions(true);
    await expect(send({ type: 'connection/save', kind: KIND as never, config: { baseUrl: ADDRESS }, secret: {} })).rejects.toThrow('API key: required');
    await saveFake();
    expect(await secretOrigin(KIND)).toBe(ADDRESS);
    const settings = await getSettings();
    expect(await testConnection(KIND as never, settings)).toEqual({ ok: true, state: 'connected', cause: 'connected', message: 'us · key of 12 characters' });
    const sources = await connectedSources(settings);
    expect(sources.map((s) => s.kind)).toContain(KIND);
    // The connector reaches the network only through the fetch bound to its own origin.
    await expect(sources.find((s) => s.kind === KIND)!.test()).rejects.toThrow(/^refused/);
  });

  it('names itself on cards and in sync errors', () => {
    expect(SOURCE_NAMES[KIND]).toBe('Fake CRM');
    expect(openRecordLabel(KIND)).toBe('Open in Fake CRM');
    expect(destinationLabel(KIND)).toBe('Fake CRM');
  });

  it('appears in diagnostics by its origin and its choices, without credentials or typed text', async () => {
    await saveFake();
    const diagnostics = settingsForDiagnostics(await getSettings());
    expect(diagnostics.connections).toEqual({ [KIND]: { origin: ADDRESS, region: 'us', useAsSource: true, privateHostConfirmed: false } });
    expect(JSON.stringify(diagnostics)).not.toMatch(/Northwind|fk-123/);
  });
});
