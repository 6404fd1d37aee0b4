/**
 * A sign-in (Connect, Reconnect) makes the connection the destination only when the form's "Send logged
 * actions here" is ticked, as Save does: a Reconnect of a CRM used for lookups only must not send the
 * rep's logged actions there from then on.
 */
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SourcesSection } from '@/components/options/SourcesSection';
import { connectConnection, type WebAuth } from '@/lib/background/connect';
import { send } from '@/lib/messaging';
import type { Settings } from '@/lib/model/settings';
import { resetApiUsage } from '@/lib/sources/salesforce/client';
import { type SalesforceMock, startSalesforceMock } from '@/lib/sources/salesforce/mock';
import { closeDbForTests } from '@/lib/store/db';
import { getSettings, saveSettings, updateSettings } from '@/lib/store/settings';
import { routeToBackground } from '../support/background';
import { fakePermissions } from './fake-permissions';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

const CONSUMER_KEY = '3MVG9prospectLensTestConsumerKey000000000000000000000000';

beforeEach(async () => {
  await closeDbForTests();
  sendMock.mockReset();
});
afterEach(() => vi.restoreAllMocks());

function Harness({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  return <SourcesSection settings={settings} onSettings={setSettings} />;
}

describe('Connect in Options', () => {
  it.each([
    ['ticked', true],
    ['not ticked', false],
  ])('asks the background to make Salesforce the destination only when "Send logged actions here" is %s', async (_, ticked) => {
    fakePermissions(true);
    const connects: unknown[] = [];
    routeToBackground(sendMock, {
      'connection/connect': (request: { useAsDestination?: boolean }) => {
        connects.push(request.useAsDestination);
        return getSettings();
      },
    });
    // Saved as a lookup source only: the box starts unticked.
    const settings = await saveSettings({ destination: 'local', connections: { salesforce: { loginHost: 'https://login.salesforce.com', consumerKey: CONSUMER_KEY, useAsSource: true } } });
    const view = render(<Harness initial={settings} />);
    const form = view.getByTestId('destination-form');
    fireEvent.change(form.querySelector('select[name="destination"]')!, { target: { value: 'salesforce' } });
    await waitFor(() => expect(form.dataset.destination).toBe('salesforce'));
    const box = form.querySelector<HTMLInputElement>('input[name="useAsDestination"]')!;
    expect(box.checked).toBe(false);
    if (ticked) fireEvent.click(box);

    fireEvent.click(within(form).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(connects).toEqual([ticked]));
  });
});

describe('connection/connect in the background', () => {
  let mock: SalesforceMock;
  beforeEach(async () => {
    resetApiUsage();
    mock = await startSalesforceMock();
  });
  afterEach(() => mock.close());

  const auth = (): WebAuth => ({
    redirectUrl: mock.callbackUrl,
    launchWebAuthFlow: async (url) => (await fetch(url, { redirect: 'manual' })).headers.get('location')!,
  });

  it('a Reconnect of a CRM kept as a lookup source leaves the destination where the rep put it', async () => {
    const form = { loginHost: mock.url, consumerKey: mock.consumerKey };
    await connectConnection('salesforce', form, auth);
    expect((await getSettings()).destination).toBe('salesforce');
    await updateSettings((s) => ({ ...s, destination: 'local' }));

    await connectConnection('salesforce', form, auth, false);
    expect((await getSettings()).destination).toBe('local');
  });

  it('a Reconnect of the destination with "Send logged actions here" unticked keeps logged actions in this browser', async () => {
    const form = { loginHost: mock.url, consumerKey: mock.consumerKey };
    await connectConnection('salesforce', form, auth);
    await updateSettings((s) => ({ ...s, destination: 'salesforce' }));
    await connectConnection('salesforce', form, auth, false);
    expect((await getSettings()).destination).toBe('local');
  });
});
