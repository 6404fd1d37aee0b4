import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, type HubSpotRecord, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';
import { configureDestination, listActions, syncNow } from './helpers/sync';

/**
 * Issue 15, item 3 in real Chromium: "Log this email" on the Gmail thread fixture with a loopback
 * HubSpot as the destination. One click gives HubSpot exactly one email engagement (subject,
 * direction, people, no body); a second click adds nothing; the body goes only when ticked; a
 * domain on the never-log list is refused with its reason on screen, and nothing is queued.
 */
const FIXTURES = join(PROJECT_ROOT, 'tests/fixtures/pages');
const THREAD = readFileSync(join(FIXTURES, 'gmail-thread.html'), 'utf8');
const { url: THREAD_URL } = JSON.parse(readFileSync(join(FIXTURES, 'gmail-thread.expected.json'), 'utf8')) as { url: string };
/** The same thread whose newest message has another id: as if another message had arrived. */
const variant = (n: string) => THREAD.replaceAll('18b8e2c4f0a1daaf', `18b8e2c4f0a1d${n}`);
const at = (n: string) => THREAD_URL.replace('/mail/u/0/', `/mail/u/0/?v=${n}`);

const BUTTON = '[data-testid="log-email"]';
const STATUS = '[data-testid="log-email-status"]';
/** A refusal is an alert of its own; the status line stays a status (components/sidebar/LogEmail.tsx). */
const ERROR = '[data-testid="log-email-error"]';
const DANA_CARD = '[data-testid="prospect-card"][data-prospect-key="dana.whitfield@northwind.example"]';

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Log this email (Gmail → HubSpot)', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let page: Page | undefined;

  beforeAll(async () => {
    ext = await launchExtension();
    hubspot = await startHubSpotMock();
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token });
    await ext.routeSite('https://mail.google.com/**', (url) => (url.searchParams.get('v') ? variant(url.searchParams.get('v')!) : THREAD));
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
  });

  async function open(url: string) {
    await page?.close();
    page = await ext.openPage(url);
    const bar = sidebar(page);
    await bar.waitFor(DANA_CARD, { timeout: 30_000 });
    await bar.waitFor(BUTTON, { timeout: 15_000 });
    return bar;
  }
  const headers = (record: HubSpotRecord) => JSON.parse(record.properties.hs_email_headers ?? '{}') as Record<string, unknown>;

  it('logs the open message once, as a received email with its subject and people and without its body', async () => {
    const bar = await open(THREAD_URL);
    expect(await bar.attr(BUTTON, 'data-state')).toBe('not-logged');
    await bar.click(BUTTON);
    await until(() => bar.text(STATUS), (t) => !!t?.includes('HubSpot'));
    expect(await bar.text(STATUS)).toContain('HubSpot');
    expect(await bar.attr(BUTTON, 'data-state')).toBe('logged');

    const emails = await until(() => hubspot.records.emails.length, (n) => n >= 1).then(() => hubspot.records.emails);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email!.properties).toMatchObject({ hs_email_subject: 'Pilot pricing for Q1', hs_email_direction: 'INCOMING_EMAIL', hs_email_status: 'SENT' });
    expect(headers(email!)).toEqual({
      from: { email: 'dana.whitfield@northwind.example' },
      to: [{ email: 'sam.carter@acme.example' }],
      cc: [{ email: 'jonas.berg@fabrikam.example' }, { email: 'priya+pilots@fabrikam.example' }, { email: 'li.wei@contoso.example' }],
      bcc: [],
    });
    expect(email!.properties.hs_email_text).not.toContain('security review');
    expect(email!.associations[0]!.types[0]!.associationTypeId).toBe(198);

    // Again: the sidebar says it is logged already, and neither the outbox nor HubSpot gets a second one.
    await bar.click(BUTTON);
    await until(() => bar.text(STATUS), (t) => !!t?.includes('Already logged'));
    expect(await bar.text(STATUS)).toContain('Already logged');
    await syncNow(ext);
    expect(hubspot.records.emails).toHaveLength(1);
    expect((await listActions(ext)).actions.filter((a) => a.type === 'email')).toHaveLength(1);

    // Opened afresh, the button knows.
    const reopened = await open(THREAD_URL);
    await until(() => reopened.attr(BUTTON, 'data-state'), (s) => s === 'logged', 10_000);
    expect(await reopened.attr(BUTTON, 'data-state')).toBe('logged');
  }, 120_000);

  it('sends the body only when the rep ticks it for that message', async () => {
    const bar = await open(at('b01'));
    expect(await bar.attr(BUTTON, 'data-state')).toBe('not-logged');
    await bar.click('[data-testid="log-email-body"]');
    await bar.click(BUTTON);
    const emails = await until(() => hubspot.records.emails.length, (n) => n >= 2).then(() => hubspot.records.emails);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.properties.hs_email_text).toContain('Thanks both. Li (Contoso) joins us for the security review.');
    // The quoted earlier message is not part of it.
    expect(emails[1]!.properties.hs_email_text).not.toContain('happy to share our numbers');
  }, 120_000);

  it('refuses a message from a never-log domain, says why, and queues nothing', async () => {
    const options = await ext.openExtensionPage('options.html');
    await options.locator('[data-testid="never-log"]').fill('https://www.northwind.example/');
    await options.locator('[data-testid="never-log-save"]').click();
    await options.locator('[data-testid="never-log-form"] [role="status"]').filter({ hasText: 'Saved' }).waitFor({ timeout: 10_000 });
    expect(await options.locator('[data-testid="never-log"]').inputValue()).toBe('@northwind.example');
    await options.close();

    const before = (await listActions(ext)).actions.length;
    const bar = await open(at('c02'));
    await bar.click(BUTTON);
    await until(() => bar.text(ERROR), (t) => !!t?.includes('never log'));
    expect(await bar.text(ERROR)).toContain('@northwind.example is on your "never log" list');
    expect(await bar.attr(ERROR, 'role')).toBe('alert');
    expect(await bar.attr(STATUS, 'role')).toBe('status');
    expect(await bar.attr(BUTTON, 'data-state')).toBe('not-logged');
    await syncNow(ext);
    expect((await listActions(ext)).actions).toHaveLength(before);
    expect(hubspot.records.emails).toHaveLength(2);
    expect(await ext.cspViolations()).toEqual([]);
  }, 120_000);
});
