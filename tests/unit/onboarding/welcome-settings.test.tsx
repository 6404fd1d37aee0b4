/**
 * The welcome page follows settings saved elsewhere (Options, "Delete everything") through
 * `push/settings`, so saving its domains box never writes an old list back; and it says how many demo
 * people there are, a second load included.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Welcome } from '@/components/onboarding/Welcome';
import { send } from '@/lib/messaging';
import { closeDbForTests } from '@/lib/store/db';
import { getSettings, saveSettings } from '@/lib/store/settings';

vi.mock('@/lib/messaging', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

const box = (container: ParentNode) => container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
const pushSettings = () => fakeBrowser.runtime.onMessage.trigger({ type: 'push/settings' }, { id: fakeBrowser.runtime.id });

beforeEach(async () => {
  await closeDbForTests();
  sendMock.mockReset();
  // The background saves what it is asked to and answers with the settings.
  sendMock.mockImplementation(async (message: { type: string; patch: object }) => saveSettings({ ...(await getSettings()), ...message.patch }));
});
afterEach(() => fakeBrowser.reset());

async function opened() {
  const { container } = render(<Welcome loadDemoData={async () => undefined} />);
  await waitFor(() => expect((screen.getByRole('button', { name: 'Save domains' }) as HTMLButtonElement).disabled).toBe(false));
  return container;
}

describe('welcome page: own domains saved elsewhere', () => {
  it('shows domains Options saved, and saving the box keeps them', async () => {
    const container = await opened();
    await saveSettings({ ...(await getSettings()), ownDomains: ['acme.com'] });
    await pushSettings();
    await waitFor(() => expect(box(container).value).toBe('acme.com'));
    fireEvent.submit(screen.getByTestId('domains-form'));
    await screen.findByText('Saved. You are all set.');
    expect((await getSettings()).ownDomains).toEqual(['acme.com']);
  });

  it('shows the empty list "Delete everything" left', async () => {
    await saveSettings({ ownDomains: ['acme.com'] });
    const container = await opened();
    expect(box(container).value).toBe('acme.com');
    await saveSettings({});
    await pushSettings();
    await waitFor(() => expect(box(container).value).toBe(''));
  });

  it('keeps what the rep is typing', async () => {
    const container = await opened();
    fireEvent.input(box(container), { target: { value: 'mine.com' } });
    await saveSettings({ ...(await getSettings()), ownDomains: ['acme.com'] });
    await pushSettings();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(box(container).value).toBe('mine.com');
  });
});

describe('welcome page: the demo count', () => {
  it('says how many demo people there are when a second load adds none', async () => {
    render(<Welcome loadDemoData={async () => ({ prospectsUpserted: 0, demoPeople: 307 })} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo data' }));
    await screen.findByText('Demo data loaded: 307 people.');
  });
});
