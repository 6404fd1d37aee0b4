import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/detect';
import { MAX_BODY_CHARS, readOpenMessage } from '@/lib/detect/open-message';
import { fixtures, parse, withoutClasses } from './fixtures';

const page = (name: string) => fixtures.find((f) => f.name === name)!.html;

describe('readOpenMessage (Log this email)', () => {
  it('reads the newest expanded Gmail message: its id, subject, sender, to and cc, time, and no body unless asked', () => {
    const message = readOpenMessage(parse(page('gmail-thread')), 'gmail', false);
    expect(message).toEqual({
      messageId: 'gmail:18b8e2c4f0a1daaf',
      subject: 'Pilot pricing for Q1',
      from: 'dana.whitfield@northwind.example',
      to: ['sam.carter@acme.example'],
      cc: ['jonas.berg@fabrikam.example', 'priya+pilots@fabrikam.example', 'li.wei@contoso.example'],
      sentAt: new Date('Nov 24, 2026 10:15 AM').toISOString(),
      body: undefined,
    });
  });

  it('reads the Gmail body only when asked, without the quoted earlier message', () => {
    const message = readOpenMessage(parse(page('gmail-thread')), 'gmail', true);
    expect(message?.body).toBe('Thanks both. Li (Contoso) joins us for the security review.');
  });

  it('caps a long body', () => {
    const long = page('gmail-thread').replace('Thanks both.', 'x'.repeat(MAX_BODY_CHARS * 2));
    expect(readOpenMessage(parse(long), 'gmail', true)?.body).toHaveLength(MAX_BODY_CHARS);
  });

  it('still finds the Gmail message when every class is gone (fallbacks)', () => {
    const message = readOpenMessage(withoutClasses(page('gmail-thread')), 'gmail', false);
    expect(message?.messageId).toBe('gmail:18b8e2c4f0a1daaf');
    expect(message?.subject).toBe('Pilot pricing for Q1');
  });

  it('reads no message on a Gmail page without an open thread', () => {
    expect(readOpenMessage(parse(page('gmail-inbox-1000')), 'gmail', false)).toBeNull();
  });

  it('reads the expanded Outlook message with its item id, To and Cc wells and subject', () => {
    const message = readOpenMessage(parse(page('outlook-reading-en')), 'outlook', true);
    expect(message).toMatchObject({
      messageId: 'outlook:AAMkAGVuMDExAAA=',
      subject: 'Pilot scope',
      from: 'priya@fabrikam.example',
      to: ['sam.carter@acme.example', 'jonas.berg@fabrikam.example'],
      cc: ['marta.nowak@tailspin.example'],
      sentAt: new Date('11/25/2026 2:02 PM').toISOString(),
    });
    expect(message?.body).toContain('the pilot covers two sites');
  });

  it('reads an Outlook date in the page’s own order: day first with dots, and with slashes outside US English', () => {
    const german = page('outlook-reading-de');
    const sentAt = (html: string) => readOpenMessage(parse(html), 'outlook', false)?.sentAt;
    expect(sentAt(german)).toBe(new Date(2026, 10, 24, 10, 15).toISOString());
    // 3 December, not 12 March: Date.parse reads every numeric date month first.
    expect(sentAt(german.replace('Di 24.11.2026 10:15', 'Do 03.12.2026 16:05'))).toBe(new Date(2026, 11, 3, 16, 5).toISOString());
    const spanish = german.replace('<html lang="de"', '<html lang="es"').replace('Di 24.11.2026 10:15', 'jue 03/12/2026 16:05');
    expect(sentAt(spanish)).toBe(new Date(2026, 11, 3, 16, 5).toISOString());
    const british = german.replace('<html lang="de"', '<html lang="en-GB"').replace('Di 24.11.2026 10:15', 'Thu 03/12/2026 4:05 PM');
    expect(sentAt(british)).toBe(new Date(2026, 11, 3, 16, 5).toISOString());
    const american = page('outlook-reading-en').replace('Wed 11/25/2026 2:02 PM', 'Thu 12/3/2026 12:05 AM');
    expect(sentAt(american)).toBe(new Date(2026, 11, 3, 0, 5).toISOString());
    // A day the calendar does not have is no date: the time is left out.
    expect(sentAt(german.replace('Di 24.11.2026 10:15', 'Di 31.11.2026 10:15'))).toBeUndefined();
  });

  it('reads no Outlook recipient from a link in the message body', () => {
    // The body of outlook-reading-de links `mailto:rechnung@…` with the address as its label.
    const message = readOpenMessage(parse(page('outlook-reading-de')), 'outlook', false);
    expect(message).toMatchObject({
      from: 'joerg@müller-bau.example',
      to: ['mara.klein@contoso-legal.example', 't.nowak@baufirma-nowak.example'],
      cc: ['buero@müller-bau.example'],
    });
  });

  // The background logs a message only when everyone in it is someone the thread showed, or the rep
  // (lib/background/log-email.ts, checkOpenMessage): reader and detection must agree on who that is.
  // (Not the 1,000-row inbox: it has no open message, and takes seconds to parse.)
  const webmail = fixtures.filter((f) => f.site !== 'linkedin' && f.name !== 'gmail-inbox-1000');
  it.each(webmail)('names only people detection found on $name', ({ html, url, site }) => {
    const document = parse(html);
    const message = readOpenMessage(document, site as 'gmail' | 'outlook', false);
    if (!message) return;
    const found = detect(document, url);
    const shown = new Set([...found.selfAddresses, ...found.candidates.flatMap((c) => [c.key, c.email])]);
    expect([message.from, ...message.to, ...message.cc].filter((p) => !shown.has(p))).toEqual([]);
  });

  it('takes the first message when Outlook shows the newest on top', () => {
    const message = readOpenMessage(parse(page('outlook-newest-on-top')), 'outlook', false);
    expect(message).toMatchObject({ messageId: 'outlook:AAMkAG5ld3MxAAA=', subject: 'Renewal terms', from: 'priya@fabrikam.example' });
  });

  it('has no id when the page shows none, so the background falls back to a fingerprint', () => {
    const html = page('gmail-thread').replace(/data-(legacy-)?message-id="[^"]*"/g, '');
    expect(readOpenMessage(parse(html), 'gmail', false)?.messageId).toBeUndefined();
  });
});
