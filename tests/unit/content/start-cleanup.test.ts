/**
 * What a site's script clears when it starts (lib/content/main.ts, `runContentScript`): the sidebar and
 * the room on <body> that a copy from before an update left behind. Firefox ends a content script's
 * sandbox on an update without its clean-up, so both stayed, dead, on the page
 * (docs/architecture.md, "What the content script carries"). The make-room half is also tested on its
 * own in make-room.test.ts; this is the start-up that calls it, and the stale host's removal.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { runContentScript } from '@/lib/content/main';
import { SIDEBAR_HOST } from '@/lib/content/shadow-host';
import { send } from '@/lib/messaging';

// The background answers that the extension is off here, so the script stops right after its start-up.
vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn(async () => null) }));

const GMAIL = 'https://mail.google.com/mail/u/0/#inbox';
// Project `dom` shares the worker's window between files: the address goes back as it was.
const STARTING_URL = location.href;
/** happy-dom's own handle on the window, which moves it to another address without a navigation. */
const setURL = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

afterEach(() => {
  setURL(STARTING_URL);
  vi.mocked(send).mockClear();
  document.documentElement.querySelectorAll(SIDEBAR_HOST).forEach((host) => host.remove());
  document.body.removeAttribute('style');
});

function leaveAnOldCopysSidebar(): void {
  // The host lives outside <body> (lib/content/shadow-host.ts), after it.
  document.documentElement.append(document.createElement(SIDEBAR_HOST));
  document.body.setAttribute('style', 'width: calc(100% - 320px) !important; transform: translateX(0) !important; color: red');
}

it('removes an older copy’s sidebar and gives back the room it took, keeping the page’s own style', async () => {
  setURL(GMAIL);
  leaveAnOldCopysSidebar();
  await runContentScript({ site: 'gmail', detect: () => ({ candidates: [], selfAddresses: [] }) as never });
  expect(vi.mocked(send)).toHaveBeenCalledWith({ type: 'page/settings' });
  expect(document.querySelectorAll(SIDEBAR_HOST)).toHaveLength(0);
  expect(document.body.getAttribute('style')).toBe('color: red;');
});

it('leaves a page of another site alone', async () => {
  setURL('https://outlook.office.com/mail/');
  leaveAnOldCopysSidebar();
  await runContentScript({ site: 'gmail', detect: () => ({ candidates: [], selfAddresses: [] }) as never });
  expect(vi.mocked(send)).not.toHaveBeenCalled();
  expect(document.querySelectorAll(SIDEBAR_HOST)).toHaveLength(1);
});
