/**
 * Options → Salesforce: the form of the test contract (loginHost, consumerKey, Connect, the
 * connection status), driven against a real background and the loopback org, with the browser's auth
 * window stubbed to follow the org's authorize page.
 */
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SourcesSection } from '@/components/options/SourcesSection';
import { send } from '@/lib/messaging';
import type { Settings } from '@/lib/model/settings';
import { type SalesforceMock, startSalesforceMock } from '@/lib/sources/salesforce/mock';
import { secretOrigin } from '@/lib/store/secrets';
import { getSettings } from '@/lib/store/settings';
import { withRealBackground } from '../../support/background';
import { fakePermissions } from '../../options/fake-permissions';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;
withRealBackground(sendMock);

let mock: SalesforceMock;
beforeEach(async () => {
  mock = await startSalesforceMock();
  vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(mock.callbackUrl);
  vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => {
    const answer = await fetch(url, { redirect: 'manual' });
    const location = answer.headers.get('location');
    if (!location?.startsWith(mock.callbackUrl)) throw new Error('Authorization page could not be loaded.');
    return location;
  });
});
afterEach(async () => {
  await mock.close();
});

function Harness({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  return <SourcesSection settings={settings} onSettings={setSettings} />;
}

async function renderSalesforce() {
  const view = render(<Harness initial={await getSettings()} />);
  const form = view.getByTestId('destination-form') as HTMLFormElement;
  fireEvent.change(form.querySelector('select[name="destination"]')!, { target: { value: 'salesforce' } });
  await waitFor(() => expect(form.dataset.destination).toBe('salesforce'));
  const field = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`);
  const type = (name: string, value: string) => fireEvent.input(field(name)!, { target: { value } });
  const status = () => form.querySelector<HTMLElement>('[data-testid="connection-status"]')!;
  return { form, field, type, status };
}

describe('Options → Salesforce', () => {
  it('connects with the login host and consumer key, then shows Connected and Disconnect', async () => {
    const permissions = fakePermissions(true);
    const { form, field, type, status } = await renderSalesforce();
    expect(field('loginHost')!.value).toBe('login.salesforce.com');
    expect(status().dataset.state).toBe('disconnected');
    // The admin registers this browser's redirect URL as the connected app's callback.
    expect(form.querySelector('[data-testid="redirect-url"]')!.textContent).toBe(mock.callbackUrl);
    type('loginHost', mock.url);
    type('consumerKey', mock.consumerKey);
    fireEvent.click(field('connect')!);

    await waitFor(() => expect(status().dataset.state).toBe('connected'));
    expect(status().textContent).toContain(mock.url);
    expect(field('disconnect')).toBeTruthy();
    expect(await secretOrigin('salesforce')).toBe(mock.url);
    expect((await getSettings()).destination).toBe('salesforce');
    // A loopback org needs no host access; a real one is asked for in the click.
    expect(permissions.request).not.toHaveBeenCalled();

    fireEvent.click(field('disconnect')!);
    await waitFor(() => expect(status().dataset.state).toBe('disconnected'));
    expect(mock.liveTokens().refresh).toEqual([]);
    expect(field('connect')).toBeTruthy();
  });

  it('asks for host access to the login host and the API hosts (a legacy instance included) in the click, and stops when refused', async () => {
    const permissions = fakePermissions(false);
    const { field, type, status } = await renderSalesforce();
    type('consumerKey', mock.consumerKey);
    fireEvent.click(field('connect')!);
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://login.salesforce.com/*', 'https://*.salesforce.com/*'] });
    await waitFor(() => expect(status().dataset.state).toBe('failed'));
    expect(status().textContent).toMatch(/not granted/);
    expect(fakeBrowser.identity.launchWebAuthFlow).not.toHaveBeenCalled();
  });

  it('shows the sign-in refusal, and Reconnect once the org revoked the connection', async () => {
    fakePermissions(true);
    mock.setConsent('deny');
    const { field, type, status } = await renderSalesforce();
    type('loginHost', mock.url);
    type('consumerKey', mock.consumerKey);
    fireEvent.click(field('connect')!);
    await waitFor(() => expect(status().dataset.state).toBe('failed'));
    expect(status().textContent).toMatch(/declined/);

    mock.setConsent('approve');
    fireEvent.click(field('connect')!);
    await waitFor(() => expect(status().dataset.state).toBe('connected'));

    // The admin revokes the app; the next request's refresh is refused and marks the connection.
    mock.revokeRefreshTokens();
    const reply = await send({ type: 'connection/test', kind: 'salesforce' });
    expect(reply.ok).toBe(false);
    expect(reply.message).toMatch(/Reconnect/);

    // Options opened again shows Reconnect, which signs in afresh.
    cleanup();
    const again = await renderSalesforce();
    await waitFor(() => expect(again.status().dataset.state).toBe('reconnect'));
    fireEvent.click(again.field('reconnect')!);
    await waitFor(() => expect(again.status().dataset.state).toBe('connected'));
    expect((await send({ type: 'connection/test', kind: 'salesforce' })).ok).toBe(true);
  });

  it('refuses Connect with a login host that is not Salesforce, at the field', async () => {
    fakePermissions(true);
    const { form, field, type } = await renderSalesforce();
    type('loginHost', 'login.evil.example');
    type('consumerKey', mock.consumerKey);
    fireEvent.click(field('connect')!);
    await waitFor(() => expect(form.querySelector('[data-error-for="loginHost"]')?.textContent).toMatch(/login\.salesforce\.com/));
    expect(fakeBrowser.identity.launchWebAuthFlow).not.toHaveBeenCalled();
  });
});
