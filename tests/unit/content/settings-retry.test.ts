/**
 * The content script's first request, the page's settings (lib/content/main.ts, `pageSettings`): asked
 * again when it went unanswered (the background starting or stopping), not when it was refused. Without
 * settings the script does nothing on the page until a reload.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { runContentScript } from '@/lib/content/main';
import { MessageError, send } from '@/lib/messaging';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));

const GMAIL = 'https://mail.google.com/mail/u/0/#inbox';
// Project `dom` shares the worker's window between files: the address goes back as it was.
const STARTING_URL = location.href;
const setURL = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
/** Off for this site: the script stops right after the answer, so each test ends there. */
const OFF = { enabled: false };
const NO_RECEIVER = () => new Error('Could not establish connection. Receiving end does not exist.');

const start = () => runContentScript({ site: 'gmail', detect: () => ({ candidates: [], selfAddresses: [] }) as never });

beforeEach(() => {
  vi.useFakeTimers();
  setURL(GMAIL);
});

afterEach(() => {
  vi.useRealTimers();
  setURL(STARTING_URL);
  vi.mocked(send).mockReset();
});

it('asks again after no answer, and goes on with the answer that comes', async () => {
  vi.mocked(send)
    .mockRejectedValueOnce(NO_RECEIVER())
    .mockRejectedValueOnce(new MessageError('unavailable', 'No answer from the extension'))
    .mockResolvedValueOnce(OFF as never);
  const running = start();
  await vi.advanceTimersByTimeAsync(499);
  expect(send).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(1);
  expect(send).toHaveBeenCalledTimes(2);
  await vi.advanceTimersByTimeAsync(2_000);
  await running;
  expect(send).toHaveBeenCalledTimes(3);
  expect(vi.mocked(send).mock.calls.every(([request]) => request.type === 'page/settings')).toBe(true);
});

it('gives up after three more tries spread over 7.5 s', async () => {
  vi.mocked(send).mockRejectedValue(NO_RECEIVER());
  const running = start();
  await vi.advanceTimersByTimeAsync(60_000);
  await running;
  expect(send).toHaveBeenCalledTimes(4);
});

it.each(['forbidden', 'invalid'] as const)('does not ask again when the request was refused (%s)', async (code) => {
  vi.mocked(send).mockRejectedValue(new MessageError(code, 'Refused'));
  const running = start();
  await vi.advanceTimersByTimeAsync(60_000);
  await running;
  expect(send).toHaveBeenCalledTimes(1);
});

it('stops asking once a newer copy of the script took over the page', async () => {
  vi.mocked(send).mockRejectedValue(NO_RECEIVER());
  const older = start();
  await vi.advanceTimersByTimeAsync(0);
  // The newer copy's first request is answered: the site is off, and it stops.
  vi.mocked(send).mockResolvedValueOnce(OFF as never);
  const newer = start();
  await vi.advanceTimersByTimeAsync(60_000);
  await Promise.all([older, newer]);
  // The older copy's first try and the newer copy's one; the older never asked again.
  expect(send).toHaveBeenCalledTimes(2);
});
