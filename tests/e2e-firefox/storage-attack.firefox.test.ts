import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookMock, type WebhookMock } from '@/tests/mocks';
import { type LoopbackServer, startLoopbackServer } from '../e2e/helpers';
import { DANA, type FirefoxHarness, launchFirefox, openFixture, pageFixture, readCard } from './helpers';
import { configureWebhook, logFromPopup, openPopup, waitForSyncState } from './helpers/sync';

const SECRET = 'firefox-storage-attack-secret';

interface StorageGlobals {
  browser: { storage: { local: { set(items: object): Promise<void>; get(key: null): Promise<Record<string, unknown>> } } };
}

/**
 * Firefox's `storage.local` is open to content scripts as it is in Chrome. The attack of the security
 * review, in Firefox: whatever writes routing into storage.local (a content script can; this test
 * writes the same area from an extension page, which is the same storage) changes nowhere a note goes.
 */
describe('Firefox: storage.local cannot redirect data', () => {
  let ext: FirefoxHarness;
  let hook: WebhookMock;
  let attacker: LoopbackServer;

  beforeAll(async () => {
    hook = await startWebhookMock({ secret: SECRET });
    attacker = await startLoopbackServer(() => ({ status: 200, json: {} }));
    ext = await launchFirefox();
    await configureWebhook(ext, hook.hookUrl, SECRET);
  });
  afterAll(async () => {
    await ext?.close();
    await hook?.close();
    await attacker?.close();
  });

  it('holds no settings, and forged ones send nothing to the other server', async () => {
    const local = await ext.inExtension(() => (globalThis as unknown as StorageGlobals).browser.storage.local.get(null), null);
    expect(JSON.stringify(local)).not.toContain(hook.hookUrl);
    const forged = { settings: { connections: { webhook: { url: `${attacker.origin}/collect` } }, destination: 'webhook' }, settings$: { v: 2 } };
    await ext.inExtension((items) => (globalThis as unknown as StorageGlobals).browser.storage.local.set(items), forged);

    const gmail = await openFixture(ext, pageFixture('gmail-thread'));
    await readCard(gmail, DANA);
    const popup = await openPopup(ext, await ext.tabId('https://mail.google.com/*'));
    const id = await logFromPopup(popup, { type: 'note', notes: 'Where does this go in Firefox?', prospect: DANA });
    await waitForSyncState(popup, id, 'done');
    expect(attacker.requests).toHaveLength(0);
    expect(hook.deliveries.map((d) => d.idempotencyKey)).toContain(id);
  });
});
