/**
 * Buttons in Options that go away with what they offered keep the keyboard focus in place
 * (components/focus.ts): Connect / Disconnect, Grant access, a muted entry's Remove and a
 * link's Undo. Left alone the focus fell to <body>, and a keyboard rep Tabbed from the top again.
 */
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { ConnectControl } from '@/components/options/ConnectControl';
import { SitesSection } from '@/components/options/SitesSection';
import { SourcesSection } from '@/components/options/SourcesSection';
import { definitionOf } from '@/lib/connectors/catalog';
import type { ConnectField } from '@/lib/connectors/types';
import { send } from '@/lib/messaging';
import type { Settings } from '@/lib/model/settings';
import { saveSettings } from '@/lib/store/settings';
import { withRealBackground } from '../support/background';
import { fakePermissions } from './fake-permissions';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;
withRealBackground(sendMock);

type Section = ComponentType<{ settings: Settings; onSettings(next: Settings): void }>;

function Harness({ initial, Section }: { initial: Settings; Section: Section }) {
  const [settings, setSettings] = useState(initial);
  return <Section settings={settings} onSettings={setSettings} />;
}

const active = () => document.activeElement as HTMLElement | null;

describe('the focus after a button goes away', () => {
  it('Grant access: on the source’s row once access is granted', async () => {
    fakePermissions(false);
    const view = render(<Harness initial={await saveSettings({ connections: { hubspot: { baseUrl: 'https://api.hubapi.com' } } })} Section={SourcesSection} />);
    const row = () => view.container.querySelector<HTMLElement>('[data-testid="source-status"][data-kind="hubspot"]')!;
    await waitFor(() => expect(row().dataset.state).toBe('needs-access'));
    fakePermissions(true);
    const grant = within(row()).getByRole('button', { name: 'Grant access to HubSpot' });
    grant.focus();
    fireEvent.click(grant);
    await waitFor(() => expect(within(row()).queryByRole('button', { name: 'Grant access to HubSpot' })).toBeNull());
    await waitFor(() => expect(active()).toBe(row()));
  });

  it('Connect: on the button that holds it while connecting, then on the next state’s first button', async () => {
    fakePermissions(true);
    const settings = await saveSettings({});
    const field = definitionOf('salesforce')!.fields.find((f) => f.type === 'connect') as ConnectField;
    let finish!: (next: Settings) => void;
    sendMock.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'connection/connect') return new Promise<Settings>((resolve) => (finish = resolve));
      throw new Error(`unexpected ${request.type}`);
    });
    const values = { loginHost: 'https://login.salesforce.com', consumerKey: '3MVG9prospectLensTestConsumerKey000000000000000000000000', useAsSource: true };
    const connected = { ...settings, connections: { ...settings.connections, salesforce: { ...values, instanceUrl: 'https://acme.my.salesforce.com' } } } as Settings;
    const Control = ({ current }: { current: Settings }) => (
      <ConnectControl kind="salesforce" field={field} values={values} settings={current} saved={{ values: { accessToken: '••••' } }} onErrors={() => undefined} onChanged={() => undefined} useAsDestination />
    );
    const view = render(<Control current={settings} />);
    const connect = view.getByRole('button', { name: 'Connect' });
    connect.focus();
    fireEvent.click(connect);
    await waitFor(() => expect(view.getByTestId('connection-status').dataset.state).toBe('connecting'));
    expect(active()?.getAttribute('name')).toBe('connecting');
    finish(connected);
    view.rerender(<Control current={connected} />);
    await waitFor(() => expect(view.getByTestId('connection-status').dataset.state).not.toBe('connecting'));
    expect(active()?.tagName).toBe('BUTTON');
    expect(active()?.isConnected).toBe(true);
  });

  it('a muted entry’s Remove: on the next entry’s Remove, then the previous one’s, then the heading', async () => {
    fakePermissions(true);
    const view = render(<Harness initial={await saveSettings({ ignoreList: ['a@x.example', 'b@x.example', 'c@x.example'] })} Section={SitesSection} />);
    const remove = (entry: string) => view.queryByRole('button', { name: new RegExp(entry.replace('.', '\\.')) });
    for (const [entry, next] of [['b@x.example', 'c@x.example'], ['c@x.example', 'a@x.example']] as const) {
      remove(entry)!.focus();
      fireEvent.click(remove(entry)!);
      await waitFor(() => expect(remove(entry)).toBeNull());
      expect(active()).toBe(remove(next));
    }
    remove('a@x.example')!.focus();
    fireEvent.click(remove('a@x.example')!);
    await waitFor(() => expect(remove('a@x.example')).toBeNull());
    expect(active()?.tagName).toBe('H3');
  });
});
