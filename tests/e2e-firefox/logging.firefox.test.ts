import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookMock, type WebhookMock, webhookSignature } from '@/tests/mocks';
import { DANA, type FirefoxHarness, launchFirefox, openFixture, pageFixture, readCard, settle } from './helpers';
import { configureWebhook, logFromPopup, openPopup, waitForSyncState } from './helpers/sync';

const SECRET = 'firefox-e2e-secret';

interface SessionGlobals {
  browser: {
    storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
    runtime: { sendMessage(message: unknown): Promise<unknown> };
  };
}

/**
 * Logging from the popup and syncing to a loopback webhook, in real Firefox: the destination is saved
 * on the options page, the action is logged in `popup.html?tab=<id>` for the Gmail tab, and the event
 * page delivers it — signed, once. A 429 with Retry-After parks the destination in `storage.session`
 * (which Firefox's MV3 event page has) and the action still arrives exactly once afterwards.
 */
describe('Firefox: logging from the popup syncs to a webhook', () => {
  let ext: FirefoxHarness;
  let hook: WebhookMock;
  let popup: Page;

  beforeAll(async () => {
    hook = await startWebhookMock({ secret: SECRET });
    ext = await launchFirefox();
    await configureWebhook(ext, hook.hookUrl, SECRET);
    const gmail = await openFixture(ext, pageFixture('gmail-thread'));
    // The sender's card means the tab's people are known to the event page, as the popup needs.
    await readCard(gmail, DANA);
    popup = await openPopup(ext, await ext.tabId('https://mail.google.com/*'));
  });

  afterAll(async () => {
    await ext?.close();
    await hook?.close();
  });

  /** Presses the popup's "Sync now" through its request and waits until that drain is over. */
  const syncNow = () =>
    ext.inExtension((message) => (globalThis as unknown as SessionGlobals).browser.runtime.sendMessage(message), { type: 'sync/now' });

  it('delivers a note logged in the popup to the webhook once, signed and keyed by the action id', async () => {
    const id = await logFromPopup(popup, { type: 'note', notes: 'Asked for pricing from Firefox', prospect: DANA });
    await waitForSyncState(popup, id, 'done');
    // Any repeat would go out in a further drain: run one and count again.
    await syncNow();

    expect(hook.deliveries).toHaveLength(1);
    const [delivery] = hook.deliveries;
    expect(delivery!.idempotencyKey).toBe(id);
    expect(delivery!.signature).toBe(webhookSignature(SECRET, delivery!.timestamp!, delivery!.body));
    expect(delivery!.json).toMatchObject({ id, type: 'note', notes: 'Asked for pricing from Firefox', prospect: { key: DANA, email: DANA } });
  });

  it('honours a 429’s Retry-After through storage.session, then delivers once', async () => {
    hook.setFault({ fault: { type: 'status', status: 429, headers: { 'Retry-After': '2' }, body: { error: 'slow down' } }, times: 1 });
    const id = await logFromPopup(popup, { type: 'call', notes: 'Called back about the pilot', prospect: DANA });

    const blocked = await settle(
      () => ext.inExtension((key) => (globalThis as unknown as SessionGlobals).browser.storage.session.get(key), 'syncBlockedUntil'),
      (stored) => Object.keys(stored).length > 0,
    );
    expect(blocked).toEqual({ syncBlockedUntil: { webhook: expect.any(Number) } });

    await waitForSyncState(popup, id, 'done');
    await syncNow();
    const attempts = hook.requests.filter((r) => r.method === 'POST' && r.body.includes('Called back about the pilot'));
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts.map((r) => r.headers['idempotency-key'])).toEqual([id, id]);
    expect(hook.deliveries.filter((d) => d.body.includes('Called back about the pilot'))).toHaveLength(1);
  });

  it('raised no uncaught error in any page', () => {
    expect(ext.pageErrors()).toEqual([]);
  });
});
