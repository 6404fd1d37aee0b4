import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { useFallbackMessages } from '@/components/i18n';
import { SourcesSection } from '@/components/options/SourcesSection';
import { send } from '@/lib/messaging';
import type { Settings, SettingsInput } from '@/lib/model/settings';
import { getSecret, secretOrigin, setSecret } from '@/lib/store/secrets';
import { getSettings, saveSettings } from '@/lib/store/settings';
import german from '@/public/_locales/de/messages.json';
import english from '@/public/_locales/en/messages.json';
import { routeToBackground, withRealBackground } from '../support/background';
import { fakePermissions } from './fake-permissions';
import { startHubSpotMock } from '../../mocks';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

function Harness({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  return <SourcesSection settings={settings} onSettings={setSettings} />;
}

async function renderSources(saved: SettingsInput = {}) {
  const settings = await saveSettings(saved);
  const view = render(<Harness initial={settings} />);
  const form = view.getByTestId('destination-form') as HTMLFormElement;
  const field = <T extends HTMLElement = HTMLInputElement>(name: string) => form.querySelector(`[name="${name}"]`) as T | null;
  const type = (name: string, value: string) => fireEvent.input(field(name)!, { target: { value } });
  const choose = async (destination: string) => {
    fireEvent.change(field<HTMLSelectElement>('destination')!, { target: { value: destination } });
    await waitFor(() => expect(form.dataset.destination).toBe(destination));
  };
  const status = (kind: string) => view.container.querySelector<HTMLElement>(`[data-testid="source-status"][data-kind="${kind}"]`)!;
  return { ...view, form, field, type, choose, status };
}

const errorFor = (form: HTMLElement, name: string) => form.querySelector(`[data-error-for="${name}"]`)?.textContent;

withRealBackground(sendMock);

describe('destination form', () => {
  it('saves HubSpot as the destination through the background: the token only in the secrets store, bound to its origin', async () => {
    fakePermissions(true);
    const { form, type, choose, field } = await renderSources();
    await choose('hubspot');
    expect(field('baseUrl')!.value).toBe('https://api.hubapi.com');
    type('token', 'pat-na1-abcdef123456');
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(async () => expect((await getSettings()).destination).toBe('hubspot'));
    const settings = await getSettings();
    expect(settings.connections.hubspot).toMatchObject({ baseUrl: 'https://api.hubapi.com', useAsSource: true, createContacts: false });
    expect(JSON.stringify(settings)).not.toContain('pat-na1');
    expect(await getSecret('hubspot', 'https://api.hubapi.com')).toEqual({ token: 'pat-na1-abcdef123456' });
    expect(await secretOrigin('hubspot')).toBe('https://api.hubapi.com');
  });

  it('unticking "Send logged actions here" on the destination keeps logged actions in this browser, and the form says so after the save', async () => {
    fakePermissions(true);
    const { form, type, choose, field } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abcdef123456');
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await getSettings()).destination).toBe('hubspot'));

    const box = field('useAsDestination')!;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await getSettings()).destination).toBe('local'));
    // Still a lookup source, its token kept.
    expect((await getSettings()).connections.hubspot).toMatchObject({ useAsSource: true });
    expect(await getSecret('hubspot', 'https://api.hubapi.com')).toEqual({ token: 'pat-na1-abcdef123456' });
  });

  it('says "Saved." when the connection was saved and only reading its masked secret back failed', async () => {
    fakePermissions(true);
    const { form, type, choose } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abcdef123456');
    const answer = sendMock.getMockImplementation() as (request: { type: string }) => Promise<unknown>;
    sendMock.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'connection/secret') throw new Error('The background did not answer');
      return answer(request);
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await getSettings()).destination).toBe('hubspot'));
    await waitFor(() => expect(form.textContent).toContain('Saved.'));
    expect(form.textContent).not.toContain('Not saved');
  });

  it('never shows a saved secret in full, and an empty secret input keeps the saved one', async () => {
    fakePermissions(true);
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    const { form, field, container } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    await waitFor(() => expect(within(form).getByText('Saved: ••••3456. Leave empty to keep it.')).toBeTruthy());
    expect(field('token')!.value).toBe('');
    expect(field('token')!.type).toBe('password');
    expect(container.innerHTML).not.toContain('abcdef');

    fireEvent.click(field('createContacts')!);
    fireEvent.submit(form);
    await waitFor(async () => expect((await getSettings()).connections.hubspot?.createContacts).toBe(true));
    expect(await getSecret('hubspot', 'https://api.hubapi.com')).toEqual({ token: 'pat-na1-abcdef123456' });
  });

  it('asks for the token again when the address moves to another origin, and never sends the old one there', async () => {
    fakePermissions(true);
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    const { form, type } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    await waitFor(() => within(form).getByText('Saved: ••••3456. Leave empty to keep it.'));
    type('baseUrl', 'https://api-eu1.hubapi.com');
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'token')).toBe('Enter it again: the saved one belongs to another address'));
    expect((await getSettings()).connections.hubspot?.baseUrl).toBe('https://api.hubapi.com');
    type('token', 'pat-eu1-99998888');
    fireEvent.submit(form);
    await waitFor(async () => expect((await getSettings()).connections.hubspot?.baseUrl).toBe('https://api-eu1.hubapi.com'));
    expect(await getSecret('hubspot', 'https://api-eu1.hubapi.com')).toEqual({ token: 'pat-eu1-99998888' });
    expect(await getSecret('hubspot', 'https://api.hubapi.com')).toBeUndefined();
  });

  it('refuses a HubSpot address that is not one of HubSpot\'s API hosts', async () => {
    fakePermissions(true);
    const { form, choose, type } = await renderSources();
    await choose('hubspot');
    type('baseUrl', 'https://attacker.example');
    type('token', 'pat-na1-abcdef123456');
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'baseUrl')).toMatch(/HubSpot's API address/));
    expect(await secretOrigin('hubspot')).toBeUndefined();
  });

  it('asks for confirmation before using a private-network https address', async () => {
    fakePermissions(true);
    const { form, choose, type, field } = await renderSources();
    await choose('mautic');
    type('baseUrl', 'https://10.0.0.5');
    type('username', 'api');
    type('password', 'secret-password');
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'baseUrl')).toMatch(/private or local network address/));
    expect((await getSettings()).connections.mautic).toBeUndefined();
    fireEvent.click(field('privateHostConfirmed')!);
    fireEvent.submit(form);
    await waitFor(async () => expect((await getSettings()).connections.mautic?.privateHostConfirmed).toBe(true));
  });

  it('replaces a saved secret with a typed one and clears the input after saving', async () => {
    fakePermissions(true);
    await setSecret('hubspot', { token: 'pat-old-00000000' }, 'https://api.hubapi.com');
    const { form, field, type } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    await waitFor(() => within(form).getByText('Saved: ••••0000. Leave empty to keep it.'));
    type('token', 'pat-new-11112222');
    fireEvent.submit(form);
    await waitFor(async () => expect(await getSecret('hubspot', 'https://api.hubapi.com')).toEqual({ token: 'pat-new-11112222' }));
    await waitFor(() => expect(field('token')!.value).toBe(''));
    expect(within(form).getByText('Saved: ••••2222. Leave empty to keep it.')).toBeTruthy();
  });

  it('asks for a token when none is saved, next to the field', async () => {
    const { request } = fakePermissions(true);
    const { form, choose } = await renderSources();
    await choose('hubspot');
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'token')).toBe('Required'));
    expect((await getSettings()).destination).toBe('local');
    expect(request).toHaveBeenCalledOnce(); // the URL itself was fine
  });

  it('rejects plain http outside localhost inline, saves nothing and asks for no access', async () => {
    const { request } = fakePermissions(true);
    const { form, choose, type } = await renderSources();
    await choose('mautic');
    type('baseUrl', 'http://marketing.example.com');
    type('username', 'api');
    type('password', 'secret-password');
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'baseUrl')).toBe('Use an https:// address (http:// only for localhost or 127.0.0.1)'));
    expect(request).not.toHaveBeenCalled();
    expect((await getSettings()).connections.mautic).toBeUndefined();
    expect(await secretOrigin('mautic')).toBeUndefined();
  });

  it('accepts http on 127.0.0.1 and asks for that origin', async () => {
    const { request } = fakePermissions(true);
    const { form, choose, type } = await renderSources();
    await choose('webhook');
    type('url', 'http://127.0.0.1:8787/hook');
    fireEvent.submit(form);
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    await waitFor(async () => expect((await getSettings()).connections.webhook).toEqual({ url: 'http://127.0.0.1:8787/hook', privateHostConfirmed: false }));
    expect((await getSettings()).destination).toBe('webhook');
  });

  it('asks for a signing secret for a webhook that is not on this computer, and saves once one is typed', async () => {
    fakePermissions(true);
    const { form, choose, type } = await renderSources();
    await choose('webhook');
    type('url', 'https://hooks.example.com/prospect-lens');
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'secret')).toBe('Required: receivers verify the signature (only a server on this computer may go without)'));
    expect((await getSettings()).connections.webhook).toBeUndefined();
    type('secret', 'whsec-form-test');
    fireEvent.submit(form);
    await waitFor(async () => expect((await getSettings()).connections.webhook).toEqual({ url: 'https://hooks.example.com/prospect-lens', privateHostConfirmed: false }));
    expect(await getSecret('webhook', 'https://hooks.example.com')).toEqual({ secret: 'whsec-form-test' });
  });

  it('saves Mautic with OAuth2 credentials, feedback mode and the source toggle', async () => {
    fakePermissions(true);
    const { form, choose, type, field } = await renderSources();
    await choose('mautic');
    type('baseUrl', 'https://marketing.example.com/');
    fireEvent.change(field<HTMLSelectElement>('authMethod')!, { target: { value: 'oauth2' } });
    expect(field('username')).toBeNull();
    type('clientId', 'client-1');
    type('clientSecret', 'very-secret-value');
    fireEvent.change(field<HTMLSelectElement>('feedbackAs')!, { target: { value: 'tags' } });
    fireEvent.click(field('useAsSource')!);
    fireEvent.submit(form);
    await waitFor(async () =>
      expect((await getSettings()).connections.mautic).toEqual({
        baseUrl: 'https://marketing.example.com',
        authMethod: 'oauth2',
        useAsSource: false,
        feedbackAs: 'tags',
        privateHostConfirmed: false,
      }),
    );
    expect(await getSecret('mautic', 'https://marketing.example.com')).toEqual({ clientId: 'client-1', clientSecret: 'very-secret-value' });
  });
});

describe('destination form: host access', () => {
  it('fires the request inside the submit handler and saves without waiting for an answer', async () => {
    const { request } = fakePermissions('pending');
    const { form, choose, type } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abcdef123456');
    fireEvent.submit(form);
    // Synchronously, in the same event dispatch: that is what keeps the user gesture.
    expect(request).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*'] });
    // The prompt never answers, and the settings are saved all the same.
    await waitFor(async () => expect((await getSettings()).destination).toBe('hubspot'));
    await waitFor(() => expect(within(form).getByRole('status').textContent).toBe('Saved.'));
  });

  it('keeps the focus on Save and on Test while they work, and ignores a second press', async () => {
    fakePermissions(true);
    let saved: (settings: Settings) => void = () => undefined;
    let tested: (result: unknown) => void = () => undefined;
    const save = vi.fn(() => new Promise<Settings>((resolve) => (saved = resolve)));
    const test = vi.fn(() => new Promise((resolve) => (tested = resolve)));
    routeToBackground(sendMock, { 'connection/save': save, 'connection/test-unsaved': test });
    const { form, choose, type } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abcdef123456');
    for (const [name, calls] of [['Save', save], ['Test', test]] as const) {
      const button = within(form).getByRole('button', { name }) as HTMLButtonElement;
      button.focus();
      fireEvent.click(button);
      await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
      expect({ disabled: button.disabled, focused: document.activeElement === button }).toEqual({ disabled: false, focused: true });
      fireEvent.click(button);
      expect(calls).toHaveBeenCalledOnce();
    }
    saved(await getSettings());
    tested({ ok: true, state: 'connected', message: 'Connected' });
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Test' }).getAttribute('aria-disabled')).not.toBe('true'));
  });

  it('shows "needs access" with Grant access when the origin is not granted, and asks again from that button', async () => {
    const { request } = fakePermissions('pending');
    const { form, choose, type, status } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abcdef123456');
    fireEvent.submit(form);
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('needs-access'));
    expect(within(status('hubspot')).getByText(/Access to api\.hubapi\.com is not granted yet/)).toBeTruthy();
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Grant access to HubSpot' }));
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('clears "needs access" once the user grants it', async () => {
    const perms = fakePermissions(true);
    perms.request.mockImplementationOnce(() => new Promise(() => undefined)); // the first prompt is left open
    const { form, choose, type, status } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abcdef123456');
    fireEvent.submit(form);
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('needs-access'));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Grant access to HubSpot' }));
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('configured'));
    expect(within(status('hubspot')).queryByRole('button', { name: 'Grant access to HubSpot' })).toBeNull();
  });
});

describe('a lookup source that is not the destination', () => {
  it('saves HubSpot as a source only, the webhook staying the destination, and keeps it so when edited', async () => {
    fakePermissions(true);
    const { form, type, choose, field, status } = await renderSources({ destination: 'webhook', connections: { webhook: { url: 'https://hooks.example.com/x' } } });
    await choose('hubspot');
    expect(field('useAsDestination')!.checked).toBe(true);
    fireEvent.click(field('useAsDestination')!);
    type('token', 'pat-na1-abcdef123456');
    fireEvent.submit(form);
    await waitFor(async () => expect((await getSettings()).connections.hubspot).toBeDefined());
    const settings = await getSettings();
    expect(settings.destination).toBe('webhook');
    expect(settings.connections.hubspot?.useAsSource).toBe(true);
    expect(status('hubspot').textContent).not.toContain('sync destination');

    await choose('webhook');
    await choose('hubspot');
    expect(field('useAsDestination')!.checked).toBe(false);
  });
});

describe('Test before saving', () => {
  const result = (form: HTMLElement) => form.querySelector<HTMLElement>('[data-testid="connection-test"]')!;

  it("tests the form's values through the background, names the cause, and saves nothing", async () => {
    fakePermissions(true);
    const mock = await startHubSpotMock({ token: 'pat-na1-right' });
    try {
      const { form, type, choose } = await renderSources();
      await choose('hubspot');
      type('baseUrl', mock.url);
      type('token', 'pat-na1-wrong');
      fireEvent.click(within(form).getByRole('button', { name: 'Test' }));
      await waitFor(() => expect(result(form).dataset.cause).toBe('rejected-token'));
      expect(result(form).textContent).toContain('crm.objects.contacts.read');
      expect(result(form).textContent).toMatch(/^Token rejected \(401\)/);
      expect(sendMock).toHaveBeenCalledWith({ type: 'connection/test-unsaved', kind: 'hubspot', config: expect.objectContaining({ baseUrl: mock.url }), secret: { token: 'pat-na1-wrong' } });

      type('token', 'pat-na1-right');
      expect(result(form).textContent).toBe('');
      fireEvent.click(within(form).getByRole('button', { name: 'Test' }));
      await waitFor(() => expect(result(form).dataset.cause).toBe('connected'));

      // Nothing of what was tested is kept: no connection, no token.
      const settings = await getSettings();
      expect(settings.connections.hubspot).toBeUndefined();
      expect(settings.destination).toBe('local');
      expect(await secretOrigin('hubspot')).toBeUndefined();
    } finally {
      await mock.close();
    }
  });

  it('offers to grant missing access, and tests again once it is granted', async () => {
    const perms = fakePermissions(true);
    const tested: unknown[] = [];
    routeToBackground(sendMock, {
      'connection/test-unsaved': (request: unknown) => {
        tested.push(request);
        return perms.granted.has('https://api.hubapi.com/*')
          ? { ok: true, state: 'connected', cause: 'connected', message: 'Connected' }
          : { ok: false, state: 'needs-access', cause: 'no-access', message: 'Access not granted' };
      },
    });
    const { form, type, choose } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abc');
    expect(within(form).queryByRole('button', { name: 'Grant access' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(result(form).dataset.cause).toBe('no-access'));
    expect(result(form).textContent).toBe('No access: Prospect Lens may not reach api.hubapi.com yet. Grant access, then the test runs again.');
    fireEvent.click(within(form).getByRole('button', { name: 'Grant access' }));
    await waitFor(() => expect(result(form).dataset.cause).toBe('connected'));
    expect(perms.request).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*'] });
    expect(tested).toHaveLength(2);
  });
});

describe('sources list', () => {
  it('shows each connection as not configured until it is set up', async () => {
    fakePermissions(true);
    const { status } = await renderSources();
    expect(['hubspot', 'mautic', 'webhook'].map((k) => status(k).dataset.state)).toEqual(['not-configured', 'not-configured', 'not-configured']);
    expect(within(status('hubspot')).queryByRole('button', { name: 'Test HubSpot' })).toBeNull();
  });

  it('tests a connection through the background and shows the answer', async () => {
    const perms = fakePermissions(true);
    perms.granted.add('https://api.hubapi.com/*');
    routeToBackground(sendMock, { 'connection/test': () => ({ ok: false, state: 'error', message: 'Token rejected (401)' }) });
    const { status } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('configured'));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Test HubSpot' }));
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('error'));
    expect(within(status('hubspot')).getByText('Token rejected (401)')).toBeTruthy();
    expect(sendMock).toHaveBeenCalledWith({ type: 'connection/test', kind: 'hubspot' });
  });

  it("keeps the focus on a running Test, ignores a second press, and announces the answer", async () => {
    fakePermissions(true);
    let answer: (result: unknown) => void = () => undefined;
    const test = vi.fn(() => new Promise((resolve) => (answer = resolve)));
    routeToBackground(sendMock, { 'connection/test': test });
    const { status } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('configured'));
    const button = within(status('hubspot')).getByRole('button', { name: 'Test HubSpot' }) as HTMLButtonElement;
    button.focus();
    fireEvent.click(button);
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('testing'));
    // A disabled button would drop the focus to the page: busy is said with aria-disabled.
    expect({ disabled: button.disabled, busy: button.getAttribute('aria-disabled'), focused: document.activeElement === button }).toEqual({
      disabled: false,
      busy: 'true',
      focused: true,
    });
    fireEvent.click(button);
    expect(test).toHaveBeenCalledOnce();
    // The live region is there before the answer, so its arrival is announced.
    const live = status('hubspot').querySelector('[aria-live]')!;
    expect(live.textContent).toBe('testing…');
    answer({ ok: false, state: 'error', message: 'Token rejected (401)' });
    await waitFor(() => expect(within(live as HTMLElement).getByTestId('source-test').textContent).toBe('Token rejected (401)'));
  });

  it("names each connection's buttons after it", async () => {
    fakePermissions(false);
    const { container } = await renderSources({ destination: 'hubspot', connections: { hubspot: {}, mautic: { baseUrl: 'https://crm.example.com' } } });
    await waitFor(() => expect(container.querySelectorAll('[data-state="needs-access"]')).toHaveLength(2));
    const names = [...container.querySelectorAll('.sources button')].map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names).toEqual([
      'Grant access to HubSpot',
      'Test HubSpot',
      'Edit HubSpot',
      'Remove HubSpot',
      'Grant access to Mautic',
      'Test Mautic',
      'Edit Mautic',
      'Remove Mautic',
    ]);
  });

  it('moves the focus to Cancel when Remove asks, back to Remove after Cancel, and to the row once removed', async () => {
    fakePermissions(true);
    const { status } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    for (let round = 0; round < 2; round++) {
      const remove = within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' });
      remove.focus();
      fireEvent.click(remove);
      const cancel = within(status('hubspot')).getByRole('button', { name: 'Cancel' });
      expect(document.activeElement, 'Cancel has the focus').toBe(cancel);
      fireEvent.click(cancel);
      expect(document.activeElement, 'back on Remove').toBe(within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' }));
    }
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' }));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('not-configured'));
    expect(document.activeElement, 'the row, which now says "not configured"').toBe(status('hubspot'));
  });

  it('says what the test met, even before access is granted: unreachable is not missing access', async () => {
    fakePermissions(false);
    routeToBackground(sendMock, { 'connection/test': () => ({ ok: false, state: 'error', cause: 'unreachable', message: 'HubSpot could not be reached' }) });
    const { status } = await renderSources({ destination: 'hubspot', connections: { hubspot: { baseUrl: 'http://127.0.0.1:9' } } });
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('needs-access'));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Test HubSpot' }));
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('error'));
    expect(within(status('hubspot')).getByTestId('source-test').textContent).toBe(
      'Unreachable: nothing answers at 127.0.0.1:9. Check the address, and that the service is running.',
    );
    expect(status('hubspot').textContent).not.toContain('not granted');
  });

  it('removes a connection with its secret once confirmed, and falls back to local when it was the destination', async () => {
    fakePermissions(true);
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    const { status } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    // Remove asks first (it deletes the credentials), as Delete everything does; Cancel keeps everything.
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' }));
    expect(within(status('hubspot')).getByRole('group').textContent).toContain('Remove HubSpot? Its settings and saved credentials are deleted from this browser.');
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Cancel' }));
    expect(within(status('hubspot')).queryByRole('group')).toBeNull();
    expect(sendMock).not.toHaveBeenCalledWith({ type: 'connection/remove', kind: 'hubspot' });
    expect(await secretOrigin('hubspot')).toBe('https://api.hubapi.com');

    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' }));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('not-configured'));
    const settings = await getSettings();
    expect(settings.connections.hubspot).toBeUndefined();
    expect(settings.destination).toBe('local');
    expect(await secretOrigin('hubspot')).toBeUndefined();
  });

  it('says why a Remove failed, and keeps the connection and the question', async () => {
    fakePermissions(true);
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    const { status } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    routeToBackground(sendMock, {
      'connection/remove': () => {
        throw new Error('The database is busy');
      },
    });
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' }));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(within(status('hubspot')).getByRole('alert').textContent).toBe('Not removed: The database is busy'));
    expect(status('hubspot').dataset.state).not.toBe('not-configured');
    expect(within(status('hubspot')).getByRole('button', { name: 'Yes, remove it' })).toBeTruthy();
  });
});

describe('the form after a Remove', () => {
  it('no longer offers to keep the removed secret, and Save asks for the token next to the field', async () => {
    fakePermissions(true);
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    const { form, status, choose } = await renderSources({ destination: 'hubspot', connections: { hubspot: {} } });
    await waitFor(() => within(form).getByText('Saved: ••••3456. Leave empty to keep it.'));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Remove HubSpot' }));
    fireEvent.click(within(status('hubspot')).getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(status('hubspot').dataset.state).toBe('not-configured'));
    // The form follows the destination, this browser only now; HubSpot chosen again starts empty.
    await waitFor(() => expect(form.dataset.destination).toBe('local'));
    await choose('hubspot');
    await waitFor(() => expect(within(form).queryByText('Saved: ••••3456. Leave empty to keep it.')).toBeNull());

    sendMock.mockClear();
    fireEvent.submit(form);
    await waitFor(() => expect(errorFor(form, 'token')).toBe('Required'));
    expect(within(form).getByRole('status').textContent).toBe('Not saved: correct the fields marked below.');
    expect(sendMock).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'connection/save' }));
  });

  it("the background's own refusal of a missing credential is in the UI language, naming the field as the form does", async () => {
    const save = () => send({ type: 'connection/save', kind: 'hubspot', config: {}, secret: {} });
    await expect(save()).rejects.toThrow(/^Private-app token: required$/);
    useFallbackMessages(german);
    try {
      // The label comes from the browser's own German table in the product; here only the sentence is German.
      await expect(save()).rejects.toThrow(/: erforderlich$/);
    } finally {
      useFallbackMessages(english);
    }
  });
});

describe('Test before saving: a late answer', () => {
  const result = (form: HTMLElement) => form.querySelector<HTMLElement>('[data-testid="connection-test"]')!;

  it('is dropped when the kind or the values changed while it ran', async () => {
    fakePermissions(true);
    const answers: ((answer: unknown) => void)[] = [];
    routeToBackground(sendMock, { 'connection/test-unsaved': () => new Promise((resolve) => answers.push(resolve)) });
    const { form, type, choose } = await renderSources();
    await choose('hubspot');
    type('token', 'pat-na1-abc');
    fireEvent.click(within(form).getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(answers).toHaveLength(1));
    // The rep edits the token while the first test runs: its answer is about a token no longer typed.
    type('token', 'pat-na1-abcd');
    answers[0]!({ ok: false, state: 'error', cause: 'rejected-token', message: 'Token rejected (401)' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result(form).dataset.state).toBe('idle');
    expect(result(form).textContent).toBe('');

    fireEvent.click(within(form).getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(answers).toHaveLength(2));
    // Another connection is chosen meanwhile: HubSpot's answer is not shown under the webhook's form.
    await choose('webhook');
    answers[1]!({ ok: true, state: 'connected', cause: 'connected', message: 'Connected' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result(form).dataset.state).toBe('idle');
    expect(result(form).textContent).toBe('');
  });
});
