import { send } from '@/lib/messaging';

/** What `send` answers when called with nothing: one of the mocks below, or `real` for the real one. */
export function whoAnswers(): string {
  return String(send).includes('mocked by') ? (send as unknown as () => string)() : 'real';
}
