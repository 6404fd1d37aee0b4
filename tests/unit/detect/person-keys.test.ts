/**
 * detect() leaves out anyone the background would refuse as a detected key: the `detected` request is
 * parsed whole, so one such person would cost everyone the page shows their card.
 */
import { expect, it, vi } from 'vitest';
import { detect } from '@/lib/detect';
import { Candidate } from '@/lib/model/prospect';

vi.mock('@/lib/detect/gmail', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/detect/gmail')>()),
  // An adapter that slipped: people no key can hold among those it reads right.
  detectGmail: () => ({
    candidates: [
      { key: '"john doe"@example.com', email: '"john doe"@example.com', role: 'from' },
      { key: 'dana@northwind.example', email: 'dana@northwind.example', role: 'to', newest: true },
      { key: '@northwind.example', role: 'cc' },
      { key: 'name:jonas berg', name: 'Jonas Berg', email: 'jonas@fabrikam.example', role: 'cc' },
      { key: 'linkedin:priya-raman', role: 'cc' },
    ],
    selfAddresses: [],
  }),
}));

it('sends only people whose key the background takes', () => {
  const found = detect(new DOMParser().parseFromString('<div role="main"></div>', 'text/html'), 'https://mail.google.com/mail/u/0/#inbox/x');
  expect(found.candidates.map((c) => c.key)).toEqual(['dana@northwind.example', 'linkedin:priya-raman']);
  for (const candidate of found.candidates) expect(Candidate.safeParse(candidate).success).toBe(true);
});
