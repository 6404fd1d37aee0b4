import axe from 'axe-core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type MessageEntry, useFallbackMessages } from '@/components/i18n';
import { FeedbackApp, type FeedbackServices } from '@/components/feedback/FeedbackApp';
import { loadFeedback } from '@/lib/feedback';
import { closeDbForTests } from '@/lib/store/db';
import { putAction } from '@/lib/store/outbox';
import english from '@/public/_locales/en/messages.json';
import { DANA, feedback, LI, NOBODY, NOW, SAM, seed } from './fixtures';

afterEach(closeDbForTests);

function page() {
  const saved: { blob: Blob; name: string }[] = [];
  const services: FeedbackServices = { load: vi.fn(loadFeedback), save: (blob, name) => saved.push({ blob, name }), now: () => NOW };
  render(<FeedbackApp services={services} />);
  return { saved, services };
}

const rows = () => screen.queryAllByTestId('feedback-row');
const summaries = () => screen.queryAllByTestId('campaign-summary');
const attrs = (el: Element, ...names: string[]) => names.map((n) => el.getAttribute(n));

describe('the lead feedback page', () => {
  it('shows one row per feedback or stage change and one summary per first-touch campaign', async () => {
    await seed();
    page();
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(rows().map((r) => attrs(r, 'data-prospect-key', 'data-verdict', 'data-campaign'))).toEqual([
      [LI, 'stage', 'web'],
      [SAM, 'rejected', ''],
      [LI, 'rejected', 'web'],
      [DANA, 'accepted', 'Procurement nurture'],
      [NOBODY, 'accepted', ''],
    ]);
    expect(summaries().map((s) => attrs(s, 'data-campaign', 'data-accepted', 'data-rejected'))).toEqual([
      ['', '1', '1'],
      ['web', '0', '1'],
      ['Procurement nurture', '1', '0'],
    ]);
    const nurture = summaries()[2]!;
    expect(within(nurture).getByTestId('median-days').textContent).toBe('50');
    expect(summaries()[0]!.textContent).toContain('No marketing touch');
    expect(summaries()[1]!.textContent).toContain('web (source)');
    expect(summaries()[1]!.textContent).toContain('No budget ×1');
    // Where each one is, in words: nothing pretends a local feedback reached marketing.
    expect(rows()[2]!.textContent).toContain('Rejected: No budget');
    expect(rows()[2]!.textContent).toContain('in HubSpot');
    expect(rows()[3]!.textContent).toContain('this browser only');
    expect(rows()[3]!.textContent).toContain('Dana Whitfield');
  });

  it('groups by the last touch when asked', async () => {
    await seed();
    page();
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'last' } });
    await waitFor(() => expect(summaries().map((s) => s.getAttribute('data-campaign'))).toEqual(['', 'IT digest', 'Q4 nurture']));
    // The rows keep naming the first-touch campaign (the test contract).
    expect(rows()[3]!.getAttribute('data-campaign')).toBe('Procurement nurture');
  });

  it('filters by date range, and the export holds what is shown', async () => {
    await seed();
    const { saved } = page();
    await waitFor(() => expect(rows()).toHaveLength(5));
    const local = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    fireEvent.input(screen.getByLabelText('From'), { target: { value: local(NOW - 10 * 86_400_000) } });
    fireEvent.input(screen.getByLabelText('To'), { target: { value: local(NOW - 3 * 86_400_000) } });
    await waitFor(() => expect(rows().map((r) => r.getAttribute('data-prospect-key'))).toEqual([LI, DANA]));
    expect(summaries().map((s) => s.getAttribute('data-campaign'))).toEqual(['Procurement nurture', 'web']);

    fireEvent.click(screen.getByTestId('feedback-export'));
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('prospect-lens-lead-feedback-2026-11-30.csv');
    const csv = Papa.parse<Record<string, string>>((await saved[0]!.blob.text()).trim(), { header: true }).data;
    expect(csv.map((r) => r.prospect_key)).toEqual([LI, DANA]);
    expect(screen.getByRole('status').textContent).toBe('Exported 2 rows.');

    fireEvent.input(screen.getByLabelText('From'), { target: { value: local(NOW + 86_400_000) } });
    await screen.findByTestId('feedback-empty');
    expect(summaries()).toHaveLength(0);
  });

  it('reads again when the background says the outbox changed, and only then', async () => {
    await seed();
    const { services } = page();
    await waitFor(() => expect(rows()).toHaveLength(5));
    await putAction(feedback('new@example.com', 0));
    // A page's own message (it has a tab) is not the background's.
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/actions-changed' }, { id: fakeBrowser.runtime.id, tab: { id: 3 } as never });
    expect(services.load).toHaveBeenCalledTimes(1);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/actions-changed' }, { id: fakeBrowser.runtime.id });
    await waitFor(() => expect(rows()).toHaveLength(6));
  });

  it("writes a rejection and its reason the language's way, and names the CRM", async () => {
    await seed();
    useFallbackMessages(JSON.parse(readFileSync('public/_locales/fr/messages.json', 'utf8')) as Record<string, MessageEntry>);
    try {
      page();
      await waitFor(() => expect(rows()).toHaveLength(5));
      // French puts a no-break space before the colon.
      expect(rows()[2]!.textContent).toContain('Refusé\u00a0: Pas de budget');
      expect(rows()[2]!.textContent).toContain('dans HubSpot');
    } finally {
      useFallbackMessages(english);
    }
  });

  it('says why the feedback could not be read, instead of loading forever', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('The database is busy')).mockImplementation(loadFeedback);
    render(<FeedbackApp services={{ load, save: () => undefined, now: () => NOW }} />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('The feedback logged in this browser could not be read: The database is busy'));
    expect(screen.queryByText('Loading…')).toBeNull();
    // The next read (the outbox changed) shows the rows and clears the failure.
    await seed();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/actions-changed' }, { id: fakeBrowser.runtime.id });
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('renders notes as text', async () => {
    await putAction(feedback(DANA, 1, { notes: '<img src=x onerror=alert(1)>' }));
    const { container } = render(<FeedbackApp services={{ load: loadFeedback, save: () => undefined, now: () => NOW }} />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(container.querySelector('img')).toBeNull();
    expect(rows()[0]!.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('has no axe violations', async () => {
    await seed();
    const { container } = render(<FeedbackApp services={{ load: loadFeedback, save: () => undefined, now: () => NOW }} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });
});
