import { send } from '@/lib/messaging';

/** What `send` answers when called with nothing: the mock of mock-first or mock-second.test.ts, or `real` for the real one. */
export function whoAnswers(): string {
  return String(send).includes('mocked by') ? (send as unknown as () => string)() : 'real';
}
