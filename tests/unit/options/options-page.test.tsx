import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { send } from '@/lib/messaging';
import { closeDbForTests } from '@/lib/store/db';
import { saveSettings } from '@/lib/store/settings';
import { routeToBackground } from '../support/background';
import { fakePermissions } from './fake-permissions';

vi.mock('@/lib/messaging', async (importOriginal) => ({ ...(await importOriginal<object>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

const services = { importFile: vi.fn(), loadDemoData: vi.fn(), removeDemoData: vi.fn() };
// happy-dom computes no colours; the palette in base.css is chosen for AA contrast.
const axeOptions: axe.RunOptions = { rules: { 'color-contrast': { enabled: false } } };

beforeEach(async () => {
  await closeDbForTests();
  sendMock.mockReset();
  routeToBackground(sendMock, { 'action/list': () => ({ actions: [], waiting: 2, dead: 1 }) });
  fakePermissions(true);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Prospect Lens', version: '0.1.0' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

it('has the six sections with plain headings, in order, each with its anchor', async () => {
  render(<OptionsApp services={services} />);
  await screen.findByTestId('destination-form');
  const headings = screen.getAllByRole('heading', { level: 2 });
  expect(headings.map((h) => h.textContent)).toEqual(['Sources', 'Sync', 'Sites', 'Privacy & data', 'Import', 'About']);
  expect(headings.map((h) => h.closest('section')?.id)).toEqual(['sources', 'sync', 'sites', 'privacy', 'import', 'about']);
  expect(screen.getByTestId('version').textContent).toBe('Version 0.1.0');
  await waitFor(() => expect(screen.getByTestId('sync-queue').textContent).toBe('2 waiting to sync, 1 failed.'));
});

it('shows settings changed by another page (the welcome page) without a reload', async () => {
  const { container } = render(<OptionsApp services={services} />);
  await screen.findByTestId('destination-form');
  await saveSettings({ ownDomains: ['acme.com'] });
  // Only the background's word counts: the same message from a content script (it has a tab) is ignored.
  await fakeBrowser.runtime.onMessage.trigger({ type: 'push/settings' }, { id: fakeBrowser.runtime.id, tab: { id: 3 } as never });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement).value).toBe('');
  await fakeBrowser.runtime.onMessage.trigger({ type: 'push/settings' }, { id: fakeBrowser.runtime.id });
  await waitFor(() => expect((container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement).value).toBe('acme.com'));
});

it("keeps what the rep is typing in Sites when another section saves, or a card's Mute changes the settings", async () => {
  const { container } = render(<OptionsApp services={services} />);
  await screen.findByTestId('destination-form');
  const domains = () => container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
  const addresses = () => container.querySelector('textarea[name="myAddresses"]') as HTMLTextAreaElement;
  // The mount effects run first (in a browser, a frame after the page draws: long before anyone types).
  await new Promise((resolve) => setTimeout(resolve, 50));
  fireEvent.input(domains(), { target: { value: 'acme.com' } });
  fireEvent.input(addresses(), { target: { value: 'sam@acme.com' } });

  // Privacy & data: the retention is saved, and the whole page gets the new settings.
  const retention = container.querySelector('input[name="retentionDays"]') as HTMLInputElement;
  fireEvent.input(retention, { target: { value: '90' } });
  fireEvent.submit(retention.form!);
  const privacy = container.querySelector<HTMLElement>('#privacy')!;
  await waitFor(() => expect(within(privacy).getAllByRole('status').some((s) => s.textContent === 'Saved.')).toBe(true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect([domains().value, addresses().value]).toEqual(['acme.com', 'sam@acme.com']);

  // A card's Mute in another tab: the ignore list changes, and the background says so.
  await saveSettings({ retentionDays: 90, ignoreList: ['jo@example.com'] });
  await fakeBrowser.runtime.onMessage.trigger({ type: 'push/settings' }, { id: fakeBrowser.runtime.id });
  await waitFor(() => expect(within(screen.getByTestId('ignore-list')).getAllByRole('listitem')).toHaveLength(1));
  expect([domains().value, addresses().value]).toEqual(['acme.com', 'sam@acme.com']);
});

it('has no axe violations', async () => {
  await saveSettings({ destination: 'hubspot', connections: { hubspot: {} }, ignoreList: ['jo@example.com'] });
  const { container } = render(<OptionsApp services={services} />);
  await screen.findByTestId('destination-form');
  await waitFor(() => expect(container.querySelector('[data-kind="hubspot"]')?.getAttribute('data-state')).toBe('configured'));
  const results = await axe.run(container, axeOptions);
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
});

it('links to the lead feedback page from About, in a tab of its own', async () => {
  render(<OptionsApp services={services} />);
  const link = await screen.findByRole('link', { name: 'Lead feedback' });
  expect(link.getAttribute('href')).toBe('/feedback.html');
  expect(link.getAttribute('target')).toBe('_blank');
  expect(link.closest('section')?.id).toBe('about');
});
