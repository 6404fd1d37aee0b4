import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { useState } from 'preact/hooks';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Welcome } from '@/components/onboarding/Welcome';
import { PrivacySection } from '@/components/options/PrivacySection';
import { SitesSection } from '@/components/options/SitesSection';
import { type MessageEntry, useFallbackMessages } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { Settings, SettingsInput } from '@/lib/model/settings';
import { recordScan } from '@/lib/store/detection-health';
import { addEvents, countEvents } from '@/lib/store/events';
import { logAction } from '@/lib/sync/actions';
import { secretOrigin, setSecret } from '@/lib/store/secrets';
import { rememberChoice } from '@/lib/store/matches';
import { getSettings, saveSettings } from '@/lib/store/settings';
import english from '@/public/_locales/en/messages.json';
import { routeToBackground, withRealBackground } from '../support/background';
import { fakePermissions } from './fake-permissions';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

function Harness({ initial, Section }: { initial: Settings; Section: typeof PrivacySection | typeof SitesSection }) {
  const [settings, setSettings] = useState(initial);
  return <Section settings={settings} onSettings={setSettings} />;
}

async function renderSection(Section: typeof PrivacySection | typeof SitesSection, saved: SettingsInput = {}) {
  return render(<Harness initial={await saveSettings(saved)} Section={Section} />);
}

withRealBackground(sendMock);

/** Privacy & data's own status line, the last of the section's (Never log has its own). */
const privacyStatus = () => screen.getAllByRole('status').at(-1)!;

describe('privacy & data', () => {
  it('deletes nothing until the deletion is confirmed, then everything', async () => {
    await addEvents([{ id: 'local:1', prospectKey: 'dana@northwind.example', source: 'local', type: 'page_view', occurredAt: '2025-11-10T09:00:00.000Z' }]);
    await setSecret('hubspot', { token: 'pat-na1-abcdef123456' }, 'https://api.hubapi.com');
    await renderSection(PrivacySection, { ownDomains: ['acme.com'], retentionDays: 30 });

    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    expect(await screen.findByText(/It cannot be undone/)).toBeTruthy();
    // Nothing waits to be delivered: no warning.
    expect(screen.queryByTestId('unsynced-warning')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('confirm-delete')).toBeNull();
    expect(await countEvents()).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/^Everything was deleted and settings were reset\./);
    expect(await countEvents()).toBe(0);
    expect(await secretOrigin('hubspot')).toBeUndefined();
    expect(await getSettings()).toMatchObject({ ownDomains: [], retentionDays: 365 });
    await waitFor(() => expect((screen.getByLabelText('Keep data for (days)') as HTMLInputElement).value).toBe('365'));
  });

  it('moves the focus to Cancel when the question shows, and back to "Delete everything…" after Cancel or the answer', async () => {
    await renderSection(PrivacySection);
    // A keyboard press: the button has the focus, then it is activated. Twice, as autofocus works once per page at most.
    for (let round = 0; round < 2; round++) {
      const trigger = screen.getByRole('button', { name: 'Delete everything…' });
      trigger.focus();
      fireEvent.click(trigger);
      const cancel = await screen.findByRole('button', { name: 'Cancel' });
      expect(document.activeElement, 'Cancel has the focus').toBe(cancel);
      fireEvent.click(cancel);
      expect(document.activeElement, 'back on the trigger after Cancel').toBe(screen.getByRole('button', { name: 'Delete everything…' }));
    }
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await screen.findByText(/^Everything was deleted/);
    expect(document.activeElement, 'back on the trigger after the answer').toBe(screen.getByRole('button', { name: 'Delete everything…' }));
  });

  it('says how many logged actions would be lost before deleting, and offers the export first', async () => {
    await logAction({ prospectKey: 'dana@northwind.example', type: 'call', notes: 'Called about the pilot' }, 'hubspot');
    await logAction({ prospectKey: 'dana@northwind.example', type: 'note', notes: 'Budget in Q1' }, 'hubspot');
    const downloads: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:export');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    await renderSection(PrivacySection);

    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    const warning = await screen.findByTestId('unsynced-warning');
    expect(warning.dataset.count).toBe('2');
    expect(warning.textContent).toContain('2 logged actions have not reached your CRM or webhook yet');
    fireEvent.click(screen.getByRole('button', { name: 'Export everything first' }));
    await waitFor(() => expect(downloads).toEqual([expect.stringMatching(/\.json$/)]));
    // Exporting deletes nothing; the choice is still the rep's.
    expect(screen.getByTestId('confirm-delete')).toBeTruthy();
    vi.restoreAllMocks();
  });

  it('validates and saves the retention period', async () => {
    await renderSection(PrivacySection);
    const input = screen.getByLabelText('Keep data for (days)') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '5000' } });
    fireEvent.submit(input.form!);
    await screen.findByText('Enter a whole number of days from 0 to 3650.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(input, { target: { value: '90' } });
    fireEvent.submit(input.form!);
    await waitFor(async () => expect((await getSettings()).retentionDays).toBe(90));
  });

  it('copies the diagnostics the background builds to the clipboard', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    sendMock.mockResolvedValue({ version: '0.1.0', recentErrors: [] });
    await renderSection(PrivacySection);
    fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    await screen.findByText('Diagnostics copied to the clipboard.');
    expect(sendMock).toHaveBeenCalledWith({ type: 'diagnostics' });
    expect(JSON.parse(writeText.mock.calls[0]![0])).toEqual({ version: '0.1.0', recentErrors: [] });
    vi.unstubAllGlobals();
  });

  it('says why an export failed, and stops saying it is working', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
      throw new Error('Downloads are blocked');
    });
    await renderSection(PrivacySection);
    fireEvent.click(screen.getByRole('button', { name: 'Export everything (JSON)' }));
    await waitFor(() => expect(privacyStatus().textContent).toBe('Not exported: Downloads are blocked'));
  });

  it('says why a deletion failed, and closes the question', async () => {
    routeToBackground(sendMock, {
      'data/erase': () => {
        throw new Error('The database is busy');
      },
    });
    await renderSection(PrivacySection);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await waitFor(() => expect(privacyStatus().textContent).toBe('Not everything could be deleted: The database is busy'));
    expect(screen.queryByTestId('confirm-delete')).toBeNull();
  });

  it('holds the question\'s buttons and the exports while the deletion runs, then says it is done', async () => {
    let finish!: () => void;
    routeToBackground(sendMock, { 'data/erase': () => new Promise<void>((resolve) => (finish = resolve)) });
    await renderSection(PrivacySection);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    await waitFor(() => expect(privacyStatus().textContent).toBe('Working…'));
    // A second click cannot send a second erase, nor can the box be left mid-way.
    for (const button of within(screen.getByTestId('confirm-delete').parentElement!).getAllByRole('button')) expect((button as HTMLButtonElement).disabled).toBe(true);
    // Nor can an export open the database from this page meanwhile.
    for (const name of ['Export everything (JSON)', 'Export events (CSV, importable)', 'Export logged actions (CSV)']) expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(sendMock.mock.calls.filter(([message]) => (message as { type: string }).type === 'data/erase')).toHaveLength(1);
    finish();
    await waitFor(() => expect(privacyStatus().textContent).toBe('Everything was deleted and settings were reset.'));
    expect(screen.queryByTestId('confirm-delete')).toBeNull();
  });

  it('says why the retention period was not saved', async () => {
    routeToBackground(sendMock, {
      'settings/update': () => {
        throw new Error('The database is busy');
      },
    });
    await renderSection(PrivacySection);
    const input = screen.getByLabelText('Keep data for (days)') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '90' } });
    fireEvent.submit(input.form!);
    await waitFor(() => expect(privacyStatus().textContent).toBe('Not saved: The database is busy'));
    expect((await getSettings()).retentionDays).toBe(365);
  });

  it('shows the storage used', async () => {
    vi.stubGlobal('navigator', { ...navigator, storage: { estimate: async () => ({ usage: 1_400_000, quota: 10 ** 10 }) } });
    await renderSection(PrivacySection);
    await waitFor(() => expect(screen.getByTestId('storage-used').textContent).toBe('Storage used: 1.4 MB'));
    vi.unstubAllGlobals();
  });

  it('writes the storage used the UI language\'s way', async () => {
    vi.stubGlobal('navigator', { ...navigator, storage: { estimate: async () => ({ usage: 1_400_000, quota: 10 ** 10 }) } });
    try {
      for (const [language, words] of [['de', '1,4 MB'], ['fr', '1,4 Mo']]) {
        useFallbackMessages(JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, MessageEntry>);
        const { unmount } = await renderSection(PrivacySection);
        await waitFor(() => expect(screen.getByTestId('storage-used').textContent?.replace(/\s/g, ' ')).toContain(words));
        unmount();
      }
    } finally {
      vi.unstubAllGlobals();
      useFallbackMessages(english);
    }
  });
});

describe('sites', () => {
  // Sites asks the browser which sites it may still reach (fakeBrowser has no permissions).
  beforeEach(() => void fakePermissions(true));

  it('saves own domains one per line, and quotes a bad entry inline', async () => {
    const { container } = await renderSection(SitesSection);
    const domains = container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
    fireEvent.input(domains, { target: { value: 'acme.com\nnot a domain\n' } });
    fireEvent.submit(domains.form!);
    await waitFor(() =>
      expect(container.querySelector('[data-error-for="ownDomains"]')?.textContent).toBe('"not a domain": Not a domain name (example: acme.com)'),
    );
    expect((await getSettings()).ownDomains).toEqual([]);
    fireEvent.input(domains, { target: { value: 'Acme.com\n\n@acme.co.uk\nacme.com' } });
    fireEvent.submit(domains.form!);
    await waitFor(async () => expect((await getSettings()).ownDomains).toEqual(['acme.com', 'acme.co.uk']));
  });

  it('turns sites on and off; the LinkedIn overlay is off by default and explained', async () => {
    const { container } = await renderSection(SitesSection);
    const box = (name: string) => container.querySelector(`input[name="${name}"]`) as HTMLInputElement;
    expect(box('linkedinOverlay').checked).toBe(false);
    expect(screen.getByText(/LinkedIn's terms prohibit tools/)).toBeTruthy();
    fireEvent.click(box('outlook'));
    fireEvent.click(box('linkedinOverlay'));
    fireEvent.submit(box('gmail').form!);
    await waitFor(async () => expect((await getSettings()).sites).toEqual({ gmail: true, outlook: false, linkedin: true, linkedinOverlay: true }));
  });

  it('lists the muted entries and removes one', async () => {
    await renderSection(SitesSection, { ignoreList: ['jo@example.com', '@spam.example'] });
    const list = screen.getByTestId('ignore-list');
    expect(within(list).getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual(['jo@example.com', '@spam.example']);
    fireEvent.click(within(list).getByRole('button', { name: 'Remove jo@example.com from the muted list' }));
    await waitFor(async () => expect((await getSettings()).ignoreList).toEqual(['@spam.example']));
    await waitFor(() => expect(within(screen.getByTestId('ignore-list')).getAllByRole('listitem')).toHaveLength(1));
  });
  it('names muted people and linked people in words, never by their keys', async () => {
    await rememberChoice('name:dana whitfield', 'dana@northwind.example');
    await rememberChoice('linkedin:lee-park', 'lee@contoso.example');
    await renderSection(SitesSection, { ignoreList: ['name:jo bloggs', 'linkedin:jo-b', 'jo@example.com'] });
    const muted = screen.getByTestId('ignore-list');
    expect(within(muted).getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual(['jo bloggs', 'jo-b (LinkedIn)', 'jo@example.com']);
    expect(within(muted).getByRole('button', { name: 'Remove jo bloggs from the muted list' })).toBeTruthy();
    const links = await screen.findByTestId('links-list');
    const rows = within(links).getAllByRole('listitem').map((li) => li.firstChild?.textContent);
    expect(rows.sort()).toEqual(['dana whitfield is shown as dana@northwind.example', 'lee-park (LinkedIn) is shown as lee@contoso.example']);
    expect(within(links).getByRole('button', { name: 'Undo the link of dana whitfield' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/name:|linkedin:/);
  });

  it('tells two muted Sales Navigator leads apart, row and button', async () => {
    await renderSection(SitesSection, { ignoreList: ['linkedin-sales:acwaaa1', 'linkedin-sales:acwaaa2'] });
    const muted = screen.getByTestId('ignore-list');
    expect(within(muted).getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual(['Sales Navigator lead (acwaaa1)', 'Sales Navigator lead (acwaaa2)']);
    expect(within(muted).getByRole('button', { name: 'Remove Sales Navigator lead (acwaaa2) from the muted list' })).toBeTruthy();
  });

  it('says why a save failed instead of keeping the last "Saved."', async () => {
    const { container } = await renderSection(SitesSection);
    const domains = container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
    const status = () => container.querySelector('[data-testid="sites-form"] [role="status"]')!.textContent;
    fireEvent.input(domains, { target: { value: 'acme.com' } });
    fireEvent.submit(domains.form!);
    await waitFor(() => expect(status()).toBe('Saved.'));

    // The worker is gone: the next save is not answered.
    routeToBackground(sendMock, {
      'settings/update': () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    fireEvent.input(domains, { target: { value: 'acme.com\nacme.co.uk' } });
    fireEvent.submit(domains.form!);
    await waitFor(() => expect(status()).toBe('Not saved: Could not establish connection. Receiving end does not exist.'));
    expect((await getSettings()).ownDomains).toEqual(['acme.com']);
  });

  it('says why a muted entry was not removed', async () => {
    await renderSection(SitesSection, { ignoreList: ['jo@example.com'] });
    routeToBackground(sendMock, {
      'ignore/remove': () => {
        throw new Error('The database is busy');
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove jo@example.com from the muted list' }));
    await waitFor(() => expect(screen.getByTestId('ignore-status').textContent).toBe('Not removed: The database is busy'));
    expect(within(screen.getByTestId('ignore-list')).getAllByRole('listitem')).toHaveLength(1);
  });

  it("shows each site's detection health: unseen, exact markup, or how much fell back and which finders", async () => {
    await recordScan('gmail', { precise: ['message', 'sender', 'recipientLine', 'account'], fallback: [] });
    await recordScan('gmail', { precise: ['account'], fallback: ['message', 'sender', 'recipientLine'] });
    await recordScan('outlook', { precise: ['readingPane', 'person'], fallback: [] });
    await renderSection(SitesSection);

    const table = await screen.findByTestId('detection-health');
    const row = (site: string) => table.querySelector(`[data-site="${site}"]`)!;
    expect(row('gmail').getAttribute('data-state')).toBe('fallback');
    expect(row('gmail').getAttribute('data-fallback-share')).toBe('0.38');
    expect(row('gmail').textContent).toMatch(/38% found by fallback rules \(message, recipientLine, sender\)/);
    expect(row('outlook').getAttribute('data-state')).toBe('precise');
    expect(row('outlook').textContent).toContain('Exact markup matched');
    expect(row('linkedin').getAttribute('data-state')).toBe('unseen');
    expect(within(row('linkedin') as HTMLElement).getByText('Not seen yet')).toBeTruthy();
  });
});

describe('welcome page', () => {
  it('offers the three starts', async () => {
    const loadDemoData = vi.fn(async () => undefined);
    render(<Welcome loadDemoData={loadDemoData} />);
    expect(screen.getByRole('link', { name: 'Import a file' }).getAttribute('href')).toBe('/options.html#import');
    expect(screen.getByRole('link', { name: 'Connect a CRM' }).getAttribute('href')).toBe('/options.html#sources');
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo data' }));
    await screen.findByText(/Demo data loaded/);
    expect(loadDemoData).toHaveBeenCalledOnce();
  });

  it('says how many people the demo loaded, links to a demo email, and lists the next steps with the shortcuts', async () => {
    render(<Welcome loadDemoData={async () => ({ demoPeople: 48 })} />);
    expect(within(screen.getByTestId('next-steps')).getByText(/Pin Prospect Lens/)).toBeTruthy();
    expect(screen.getByTestId('next-steps').textContent).toContain('Log a sales action: Alt+Shift+L; Show or hide the sidebar: Alt+Shift+P; Open the side panel: Alt+Shift+K');
    expect(screen.queryByTestId('open-demo-email')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo data' }));
    await screen.findByText('Demo data loaded: 48 people.');
    expect(screen.getByRole('link', { name: 'Open a demo email' }).getAttribute('href')).toBe('/demo-email.html');
  });

  it('loads the demo once when "Load the demo data" is clicked twice', async () => {
    let finish: () => void = () => undefined;
    const loadDemoData = vi.fn(() => new Promise<{ demoPeople: number }>((resolve) => (finish = () => resolve({ demoPeople: 48 }))));
    render(<Welcome loadDemoData={loadDemoData} />);
    const button = screen.getByRole('button', { name: 'Load the demo data' }) as HTMLButtonElement;
    button.click();
    button.click();
    expect(loadDemoData).toHaveBeenCalledOnce();
    // Busy, but never `disabled`: that would drop the focus (aria-disabled instead).
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(button.disabled).toBe(false);
    finish();
    await screen.findByText('Demo data loaded: 48 people.');
    expect(button.getAttribute('aria-disabled')).not.toBe('true');
  });

  it('tidies pasted domains (a URL, www., an address) before saving them', async () => {
    const { container } = render(<Welcome loadDemoData={vi.fn()} />);
    const domains = container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save domains' }).hasAttribute('disabled')).toBe(false));
    fireEvent.input(domains, { target: { value: 'https://www.acme.com/team\nsam@acme.de' } });
    fireEvent.submit(domains.form!);
    await screen.findByText('Saved. You are all set.');
    expect((await getSettings()).ownDomains).toEqual(['acme.com', 'acme.de']);
    expect(domains.value).toBe('acme.com\nacme.de');
  });

  it("saves the user's own domains and marks onboarding done", async () => {
    const { container } = render(<Welcome loadDemoData={vi.fn()} />);
    const domains = container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save domains' }).hasAttribute('disabled')).toBe(false));
    fireEvent.input(domains, { target: { value: 'acme' } });
    fireEvent.submit(domains.form!);
    await waitFor(() => expect(container.querySelector('[data-error-for="ownDomains"]')).not.toBeNull());
    fireEvent.input(domains, { target: { value: 'acme.com, acme.de' } });
    fireEvent.submit(domains.form!);
    await screen.findByText('Saved. You are all set.');
    expect(await getSettings()).toMatchObject({ ownDomains: ['acme.com', 'acme.de'], onboarded: true });
  });

  it('says why the domains were not saved, and keeps them typed', async () => {
    const { container } = render(<Welcome loadDemoData={vi.fn()} />);
    const domains = container.querySelector('textarea[name="ownDomains"]') as HTMLTextAreaElement;
    const status = () => container.querySelector('[data-testid="domains-form"] [role="status"]')!.textContent;
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save domains' }).hasAttribute('disabled')).toBe(false));
    fireEvent.input(domains, { target: { value: 'acme.com' } });
    fireEvent.submit(domains.form!);
    await screen.findByText('Saved. You are all set.');

    routeToBackground(sendMock, {
      'settings/update': () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    fireEvent.input(domains, { target: { value: 'acme.com\nacme.de' } });
    fireEvent.submit(domains.form!);
    await waitFor(() => expect(status()).toBe('Not saved: Could not establish connection. Receiving end does not exist.'));
    expect(domains.value).toBe('acme.com\nacme.de');
    expect((await getSettings()).ownDomains).toEqual(['acme.com']);
  });
});
