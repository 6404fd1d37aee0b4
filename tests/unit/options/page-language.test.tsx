/**
 * Every extension page says its language and title in the UI language once it starts: the HTML files
 * are static English, and a screen reader picks its voice by `lang`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MessageEntry, useFallbackMessages } from '@/components/i18n';
import english from '@/public/_locales/en/messages.json';
import german from '@/public/_locales/de/messages.json';

// The entries render their app into #app: only what they set on the document is under test here.
vi.mock('preact', async (actual) => ({ ...(await actual<typeof import('preact')>()), render: vi.fn() }));
// Vite's `?worker` import exists only in a build.
vi.mock('@/lib/import/worker-start', () => ({ startImportWorker: vi.fn() }));

beforeEach(() => {
  useFallbackMessages(german as Record<string, MessageEntry>);
  document.documentElement.lang = 'en';
  document.title = '';
});
afterEach(() => useFallbackMessages(english));

describe('the pages, started in a German browser', () => {
  it.each([
    ['options', () => import('@/entrypoints/options/main'), 'Prospect Lens – Optionen'],
    ['welcome', () => import('@/entrypoints/welcome/main'), 'Willkommen bei Prospect Lens'],
    ['feedback', () => import('@/entrypoints/feedback/main'), 'Prospect Lens – Lead-Feedback'],
    ['demo-email', () => import('@/entrypoints/demo-email/main'), 'Demo-E-Mail – Prospect Lens'],
    ['popup', () => import('@/entrypoints/popup/main'), 'Prospect Lens'],
    ['sidepanel', () => import('@/entrypoints/sidepanel/main'), 'Prospect Lens'],
  ])('%s says it is German, with a German title', async (_page, start, title) => {
    await start();
    expect(document.documentElement.lang).toBe('de');
    expect(document.title).toBe(title);
  });
});
