/**
 * "Log this email" requests (docs/architecture.md, "Log this email"). The open message comes from
 * the content script, i.e. from the page: every field is bounded here and checked again against the
 * tab in lib/background/log-email.ts.
 */
import { z } from './zod';

const address = z.string().trim().toLowerCase().max(320).regex(/^[^\s@<>]+@[^\s@<>]+$/, { message: 'Not an email address' });

export const OpenMessage = z.object({
  /** `gmail:<id>` or `outlook:<item id>`; absent when the page shows none. */
  messageId: z.string().regex(/^(gmail|outlook):[\w#:+/=.-]{1,190}$/).optional(),
  subject: z.string().max(300),
  from: address,
  to: z.array(address).max(50),
  cc: z.array(address).max(50),
  sentAt: z.iso.datetime({ offset: true }).optional(),
  /** Only when the rep ticked "include the text"; the content script caps it lower. */
  body: z.string().max(10_000).optional(),
});
export type OpenMessage = z.infer<typeof OpenMessage>;
