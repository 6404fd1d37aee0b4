/**
 * The content script's half of "Log this email" (docs/architecture.md, "Log this email"): read the
 * open message when the rep asks (the body only when ticked) and send it to the background, which
 * checks it against the tab and logs it once. The start-up script makes it and hands it to the sidebar
 * script (`MountSidebar`): it shares the address and markup helpers detection already brings.
 */
import { readOpenMessage } from '../detect/open-message';
import { UserFacingError } from '../errors';
import type { send as sendMessage } from '../messaging';

/** What logging answered, in the words the sidebar shows. */
export type LogEmailOutcome =
  | { kind: 'logged'; added: boolean; local: boolean; destinationName: string }
  | { kind: 'refused'; message: string }
  | { kind: 'no-message' };

export interface EmailLogger {
  /** The open message's id or fingerprint; undefined when no message is open. */
  messageKey(): string | undefined;
  onLogEmail(includeBody: boolean): Promise<LogEmailOutcome>;
  isLogged(): Promise<boolean>;
}

/** `send` is the start-up script's sender (the sidebar script carries no messaging of its own). */
export function emailLogger(site: 'gmail' | 'outlook', document: Document, send: typeof sendMessage): EmailLogger {
  const read = (withBody: boolean) => readOpenMessage(document, site, withBody);
  return {
    /** The open message's identity, for the button to know when another message opened. */
    messageKey() {
      const message = read(false);
      return message ? (message.messageId ?? `${message.from}|${message.sentAt ?? ''}|${message.subject}`) : undefined;
    },
    async onLogEmail(includeBody: boolean): Promise<LogEmailOutcome> {
      const message = read(includeBody);
      if (!message) return { kind: 'no-message' };
      try {
        const reply = await send({ type: 'email/log', message, includeBody });
        return { kind: 'logged', added: reply.added, local: reply.destination === 'local', destinationName: reply.destinationName };
      } catch (error) {
        // A refusal (never-log list, not in this thread) is said as the background words it. MessageError is
        // a UserFacingError; importing it from lib/messaging would bring the polyfill into the sidebar script.
        if (error instanceof UserFacingError && error.code !== 'internal') return { kind: 'refused', message: error.message };
        throw error;
      }
    },
    async isLogged(): Promise<boolean> {
      const message = read(false);
      if (!message) return false;
      return (await send({ type: 'email/status', message })).logged;
    },
  };
}
