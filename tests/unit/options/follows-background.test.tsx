/**
 * The options page follows what the background changes while it is open: Delete everything and
 * Remove (the destination form), a drain (the Sync queue), the erase's pushes (Linked people), and
 * site access the browser withdrew.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { IMPORT_STOP_WAIT_MS } from '@/components/options/PrivacySection';
import type { ImportSummary } from '@/lib/import';
import { send } from '@/lib/messaging';
import { closeDbForTests } from '@/lib/store/db';
import { rememberChoice } from '@/lib/store/matches';
import { putAction } from '@/lib/store/outbox';
import { setSecret } from '@/lib/store/secrets';
import { saveSettings } from '@/lib/store/settings';
import { SITE_MATCHES } from '@/lib/sites';
import { routeToBackground } from '../support/background';
import { storedAction } from '../popup/helpers';
import { fakePermissions } from './fake-permissions';

vi.mock('@/lib/messaging', async (importOriginal) => ({ ...(await importOriginal<object>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;
const services = { importFile: vi.fn(), loadDemoData: vi.fn(), removeDemoData: vi.fn() };

beforeEach(async () => {
  await closeDbForTests();
  sendMock.mockReset();
  routeToBackground(sendMock);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Prospect Lens', version: '0.1.0' });
});
afterEach(() => vi.restoreAllMocks());

const fromBackground = { id: fakeBrowser.runtime.id };
const push = (type: string, sender: object = fromBackground) => fakeBrowser.runtime.onMessage.trigger({ type }, sender as never);
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

async function mauticSaved() {
  await saveSettings({ destination: 'mautic', connections: { mautic: { baseUrl: 'https://crm.acme.example', authMethod: 'basic' } } });
  await setSecret('mautic', { username: 'sam.rep', password: 'hunter22' }, 'https://crm.acme.example');
}
const form = () => screen.getByTestId('destination-form') as HTMLFormElement;
const field = (name: string) => form().querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
const shown = () => ({ select: field('destination')?.value, baseUrl: field('baseUrl')?.value ?? null, username: field('username')?.value ?? null });
const sourceRow = (container: Element, kind: string) => container.querySelector<HTMLElement>(`[data-testid="source-status"][data-kind="${kind}"]`)!;

describe('the destination form after the connection is deleted', () => {
  beforeEach(() => void fakePermissions(true));

  it('Delete everything: shows this browser only, with no address or user name left to save back', async () => {
    await mauticSaved();
    render(<OptionsApp services={services} />);
    await waitFor(() => expect(field('username')?.value).toBe('sam.rep'), { timeout: 5000 });
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/Everything was deleted/);
    await settle();
    expect(shown()).toEqual({ select: 'local', baseUrl: null, username: null });
  });

  it('Remove: the same', async () => {
    await mauticSaved();
    const { container } = render(<OptionsApp services={services} />);
    await waitFor(() => expect(field('username')?.value).toBe('sam.rep'), { timeout: 5000 });
    const row = sourceRow(container, 'mautic');
    fireEvent.click(within(row).getByRole('button', { name: 'Remove Mautic' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(row.dataset.state).toBe('not-configured'));
    await settle();
    expect(shown()).toEqual({ select: 'local', baseUrl: null, username: null });
  });

  it('Remove of a lookup source being edited (not the destination): its inputs empty too', async () => {
    await saveSettings({
      destination: 'local',
      connections: { mautic: { baseUrl: 'https://crm.acme.example', authMethod: 'basic', useAsSource: true } },
    });
    await setSecret('mautic', { username: 'sam.rep', password: 'hunter22' }, 'https://crm.acme.example');
    const { container } = render(<OptionsApp services={services} />);
    await screen.findByTestId('destination-form');
    const row = sourceRow(container, 'mautic');
    fireEvent.click(await within(row).findByRole('button', { name: 'Edit Mautic' }));
    await waitFor(() => expect(field('username')?.value).toBe('sam.rep'), { timeout: 5000 });
    fireEvent.click(within(row).getByRole('button', { name: 'Remove Mautic' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(row.dataset.state).toBe('not-configured'));
    await settle();
    expect({ baseUrl: field('baseUrl')?.value, username: field('username')?.value }).toEqual({ baseUrl: '', username: '' });
  });
});

describe('what is read from the background follows its pushes', () => {
  beforeEach(() => void fakePermissions(true));

  it('the Sync queue and Linked people after Delete everything', async () => {
    await saveSettings({ destination: 'hubspot', connections: { hubspot: {} } });
    await putAction(storedAction({ state: 'pending' }));
    await putAction(storedAction({ state: 'dead' }));
    await rememberChoice('dana@northwind.example', 'dana.w@northwind.example');
    render(<OptionsApp services={services} />);
    await waitFor(() => expect(screen.getByTestId('sync-queue').textContent).toBe('1 waiting to sync, 1 failed.'), { timeout: 5000 });
    await waitFor(() => expect(screen.getAllByTestId('link-row')).toHaveLength(1), { timeout: 5000 });
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/Everything was deleted/);
    // What the real background sends after an erase (entrypoints/background.ts, eraseAll).
    await push('push/settings');
    await push('push/actions-changed');
    await settle();
    expect({ queue: screen.getByTestId('sync-queue').textContent, links: screen.queryAllByTestId('link-row').length }).toEqual({
      queue: '0 waiting to sync, 0 failed.',
      links: 0,
    });
  });

  it('the Sync queue after a drain, and only on the background\'s word', async () => {
    await saveSettings({ destination: 'hubspot', connections: { hubspot: {} } });
    const action = await putAction(storedAction({ state: 'pending' }));
    render(<OptionsApp services={services} />);
    await waitFor(() => expect(screen.getByTestId('sync-queue').textContent).toBe('1 waiting to sync, 0 failed.'), { timeout: 5000 });
    await putAction({ ...action, sync: { ...action.sync, state: 'done' } });
    // A content script's message has a tab: not the background.
    await push('push/actions-changed', { ...fromBackground, tab: { id: 3 } });
    await settle();
    expect(screen.getByTestId('sync-queue').textContent).toBe('1 waiting to sync, 0 failed.');
    await push('push/actions-changed');
    await waitFor(() => expect(screen.getByTestId('sync-queue').textContent).toBe('0 waiting to sync, 0 failed.'));
  });

  it('Linked people: an old failure clears once a read succeeds', async () => {
    let failing = true;
    routeToBackground(sendMock, { 'match/list': () => (failing ? Promise.reject(new Error('No answer')) : []) });
    render(<OptionsApp services={services} />);
    await screen.findByText('No answer');
    failing = false;
    await push('push/settings');
    await waitFor(() => expect(screen.queryByText('No answer')).toBeNull());
  });

  it('Detection health: read again on a settings push, clearing an old failure', async () => {
    let failing = true;
    routeToBackground(sendMock, {
      'detection/health': () =>
        failing ? Promise.reject(new Error('No answer')) : Object.fromEntries(['gmail', 'outlook', 'linkedin'].map((s) => [s, { state: 'unseen', fallbackShare: 0, fallbackFinders: [] }])),
    });
    render(<OptionsApp services={services} />);
    await screen.findByText(/could not be read/i);
    failing = false;
    await push('push/settings');
    await screen.findByTestId('detection-health');
  });

  it('"Sync now" stays usable while actions wait for a CRM, even with this browser as the destination', async () => {
    await saveSettings({ destination: 'local', connections: { hubspot: {} } });
    await putAction(storedAction({ state: 'pending' }));
    render(<OptionsApp services={services} />);
    await waitFor(() => expect(screen.getByTestId('sync-queue').textContent).toBe('1 waiting to sync, 0 failed.'), { timeout: 5000 });
    const button = screen.getByRole('button', { name: 'Sync now' });
    expect(button.getAttribute('aria-disabled')).not.toBe('true');
    fireEvent.click(button);
    await screen.findByText(/Tried 0 waiting actions/);
  });
});

describe('site access withdrawn in the browser', () => {
  it('says so for a site that is on, and "Grant access" asks inside the click; once granted the warning goes', async () => {
    const { request, contains, granted } = fakePermissions(true);
    for (const pattern of [...SITE_MATCHES.outlook, ...SITE_MATCHES.linkedin]) granted.add(pattern);
    const { container } = render(<OptionsApp services={services} />);
    await screen.findByTestId('sites-form');
    const sites = container.querySelector<HTMLElement>('#sites')!;
    const warning = await within(sites).findByTestId('site-access-missing', {}, { timeout: 5000 });
    expect(contains).toHaveBeenCalledWith({ origins: ['https://mail.google.com/*'] });
    expect(warning.dataset.site).toBe('gmail');
    expect(within(sites).getAllByTestId('site-access-missing')).toHaveLength(1);
    // The request is made in the click itself (Firefox shows no prompt after an await).
    fireEvent.click(within(warning).getByRole('button', { name: 'Grant access to Gmail' }));
    expect(request).toHaveBeenCalledWith({ origins: ['https://mail.google.com/*'] });
    await waitFor(() => expect(within(sites).queryByTestId('site-access-missing')).toBeNull());
  });

  it('says nothing about a site that is off', async () => {
    fakePermissions(true);
    await saveSettings({ sites: { gmail: false, outlook: false, linkedin: false, linkedinOverlay: false } });
    const { container } = render(<OptionsApp services={services} />);
    await screen.findByTestId('sites-form');
    await settle();
    expect(container.querySelector('[data-testid="site-access-missing"]')).toBeNull();
  });
});

describe('Delete everything while a file imports on this page', () => {
  beforeEach(() => void fakePermissions(true));

  const erasesSent = () => sendMock.mock.calls.filter(([request]) => (request as { type: string }).type === 'data/erase').length;

  /**
   * An import that runs until its `signal` aborts and then, like the real one (which stops between two
   * batches), ends a moment later with `value`. `erasedFirst` says whether the erase was already sent then.
   */
  function endsAfterAbort<T>(value: T) {
    const seen: { erasedFirst?: boolean } = {};
    const run = (signal?: AbortSignal) =>
      new Promise<T>((resolve) => {
        signal!.addEventListener('abort', () =>
          setTimeout(() => {
            seen.erasedFirst = erasesSent() > 0;
            resolve(value);
          }, 50),
        );
      });
    return { run, seen };
  }

  /** Options with `importFile` wired, a file chosen, and its import under way. */
  async function importUnderWay(importFile: (file: Blob, options: { signal?: AbortSignal }) => Promise<ImportSummary>, more: Partial<typeof services> = {}) {
    render(<OptionsApp services={{ ...services, importFile, ...more }} />);
    const input = (await screen.findByTestId('import-file')) as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['email\n'], 'events.csv', { type: 'text/csv' })], configurable: true });
    fireEvent.change(input);
    await screen.findByTestId('import-progress');
  }

  it('says the import stops first, stops it, erases once it stopped, and shows no summary of what is gone', async () => {
    const { run, seen } = endsAfterAbort<ImportSummary>({ format: 'canonical-csv', recordsRead: 500, imported: 500, skipped: 0, rejected: 0, rejectedRows: [], unknownColumns: [], prospectsUpserted: 20, cancelled: true, durationMs: 90 });
    const importFile = vi.fn((_file: Blob, { signal }: { signal?: AbortSignal }) => run(signal));
    await importUnderWay(importFile);

    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    expect((await screen.findByTestId('import-stops-warning')).textContent).toBe('The import running on this page stops first, and what it imported is deleted too.');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/Everything was deleted/);

    expect(importFile.mock.calls[0]![1].signal!.aborted).toBe(true);
    expect(seen.erasedFirst).toBe(false);
    expect(erasesSent()).toBe(1);
    expect(screen.getByTestId('import-stopped').textContent).toBe('Import stopped: everything was deleted, what it had imported too.');
    expect(screen.queryByTestId('import-summary')).toBeNull();
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('stops a demo load the same way', async () => {
    const { run, seen } = endsAfterAbort<void>(undefined);
    const loadDemoData = vi.fn(run);
    render(<OptionsApp services={{ ...services, loadDemoData }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Load demo data' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    await screen.findByTestId('import-stops-warning');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/Everything was deleted/);
    expect(loadDemoData.mock.calls[0]![0]!.aborted).toBe(true);
    expect(seen.erasedFirst).toBe(false);
    await screen.findByText('Import stopped: everything was deleted, what it had imported too.');
  });

  it('stops a file import and a demo load running at once, both before it erases', async () => {
    const file = endsAfterAbort<ImportSummary>({ format: 'canonical-csv', recordsRead: 250, imported: 250, skipped: 0, rejected: 0, rejectedRows: [], unknownColumns: [], prospectsUpserted: 10, cancelled: true, durationMs: 40 });
    const demo = endsAfterAbort<void>(undefined);
    const loadDemoData = vi.fn(demo.run);
    await importUnderWay((_file, { signal }) => file.run(signal), { loadDemoData });
    fireEvent.click(screen.getByRole('button', { name: 'Load demo data' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/Everything was deleted/);
    expect({ file: file.seen.erasedFirst, demo: demo.seen.erasedFirst }).toEqual({ file: false, demo: false });
    expect(screen.getByTestId('import-stopped')).toBeTruthy();
    expect(screen.getAllByText('Import stopped: everything was deleted, what it had imported too.')).toHaveLength(2);
  });

  it('erases anyway when the import does not stop in time (its worker hung): the wait is bounded', async () => {
    // Aborted, it never ends.
    const importFile = vi.fn(() => new Promise<ImportSummary>(() => undefined));
    await importUnderWay(importFile);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    const yes = await screen.findByRole('button', { name: 'Yes, delete everything' });

    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      fireEvent.click(yes);
      await vi.advanceTimersByTimeAsync(IMPORT_STOP_WAIT_MS - 1);
      expect(erasesSent()).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
    } finally {
      vi.useRealTimers();
    }
    await screen.findByText(/Everything was deleted/);
    expect(erasesSent()).toBe(1);
  });

  it('stops its import when "Delete everything" starts elsewhere (push/erasing), and only on the background\'s word', async () => {
    const { run, seen } = endsAfterAbort<ImportSummary>({ format: 'canonical-csv', recordsRead: 250, imported: 250, skipped: 0, rejected: 0, rejectedRows: [], unknownColumns: [], prospectsUpserted: 10, cancelled: true, durationMs: 40 });
    const importFile = vi.fn((_file: Blob, { signal }: { signal?: AbortSignal }) => run(signal));
    await importUnderWay(importFile);
    // A content script's message has a tab: not the background.
    await push('push/erasing', { ...fromBackground, tab: { id: 3 } });
    await settle();
    expect(importFile.mock.calls[0]![1].signal!.aborted).toBe(false);
    await push('push/erasing');
    await screen.findByTestId('import-stopped');
    expect(importFile.mock.calls[0]![1].signal!.aborted).toBe(true);
    expect(seen.erasedFirst).toBe(false);
    expect(screen.queryByTestId('import-summary')).toBeNull();
  });

  it('says nothing of an import when none runs', async () => {
    render(<OptionsApp services={services} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete everything…' }));
    await screen.findByRole('button', { name: 'Yes, delete everything' });
    expect(screen.queryByTestId('import-stops-warning')).toBeNull();
  });
});
