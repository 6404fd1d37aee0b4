/**
 * Counts the Options and feedback pages put into sentences (and the import's line numbers) are written
 * the UI language's way, as `plural()` writes its own: "12.345" in German, not "12345".
 */
import { render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '@/public/_locales/en/messages.json';
import { FeedbackApp } from '@/components/feedback/FeedbackApp';
import { ImportSummaryView } from '@/components/options/ImportSummaryView';
import { SyncSection } from '@/components/options/SyncSection';
import { type MessageEntry, useFallbackMessages } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { Settings } from '@/lib/model/settings';
import { closeDbForTests } from '@/lib/store/db';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

function inGerman(): void {
  useFallbackMessages(JSON.parse(readFileSync('public/_locales/de/messages.json', 'utf8')) as Record<string, MessageEntry>);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de');
}

afterEach(async () => {
  vi.restoreAllMocks();
  sendMock.mockReset();
  useFallbackMessages(english);
  await closeDbForTests();
});

describe('counts in the UI language', () => {
  it('the import summary', () => {
    inGerman();
    render(
      <ImportSummaryView
        summary={{
          format: 'canonical-csv',
          recordsRead: 12_345,
          imported: 12_000,
          skipped: 300,
          rejected: 45,
          rejectedRows: [],
          unknownColumns: [],
          prospectsUpserted: 4_000,
          cancelled: false,
          durationMs: 1200,
        }}
      />,
    );
    const text = screen.getByTestId('import-summary').textContent!;
    expect(text).toContain('12.000');
    expect(text).toContain('12.345');
  });

  it('the import summary\'s rejected rows: their line numbers', () => {
    inGerman();
    render(
      <ImportSummaryView
        summary={{
          format: 'canonical-csv',
          recordsRead: 20_000,
          imported: 19_999,
          skipped: 0,
          rejected: 1,
          rejectedRows: [{ line: 12_345, problems: [{ key: 'importReason_unreadable', args: [] }] }],
          unknownColumns: [],
          prospectsUpserted: 4_000,
          cancelled: false,
          durationMs: 1200,
        }}
      />,
    );
    expect(screen.getByTestId('rejected-row').firstElementChild!.textContent).toBe('12.345');
  });

  it('the sync queue', async () => {
    inGerman();
    sendMock.mockResolvedValue({ actions: [], waiting: 1_234, dead: 5_678 });
    render(<SyncSection settings={Settings.parse({})} />);
    await waitFor(() => expect(screen.getByTestId('sync-queue').textContent).toContain('1.234'));
    expect(screen.getByTestId('sync-queue').textContent).toContain('5.678');
  });

  it('the feedback page’s "only the newest N" when the CRM read was capped', async () => {
    inGerman();
    render(
      <FeedbackApp
        services={{
          load: async () => [],
          loadRemote: async () => ({ rows: [], notices: [{ source: 'hubspot', capped: true, count: 1_000 }] }),
          save: () => undefined,
          now: () => Date.parse('2025-11-14T10:00:00Z'),
        }}
      />,
    );
    await waitFor(() => expect(screen.getByTestId('feedback-crm').getAttribute('data-state')).toBe('capped'));
    expect(screen.getByTestId('feedback-crm').textContent).toContain('1.000');
  });
});
