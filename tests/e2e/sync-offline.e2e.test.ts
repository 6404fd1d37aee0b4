import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookMock, type WebhookMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import { actionRow, configureDestination, DANA, listActions, logAction, logFromPopup, openGmailThread, openPopup } from './helpers/sync';

/**
 * Offline, then online: an action logged with no network is saved at once and waits; when the
 * network returns it is delivered without the rep doing anything. Playwright's offline emulation
 * reaches the extension's service worker (its `navigator.onLine` turns false, and fetch fails) but
 * fires no `online`/`offline` event there, so what sends the action here is the outbox's own backoff
 * timer; the worker's `online` listener is not exercised by this file.
 */
describe('logging offline, syncing once online', () => {
  let ext: ExtensionHarness;
  let hook: WebhookMock;
  const started = Date.now();

  beforeAll(async () => {
    hook = await startWebhookMock();
    ext = await launchExtension();
    await configureDestination(ext, { kind: 'webhook', url: hook.hookUrl });
  });
  afterAll(async () => {
    await ext?.close();
    await hook?.close();
    console.log(`sync-offline: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
  });

  it('saves while offline, shows it waiting, and delivers it once the browser is back online', async () => {
    const { page: gmail, tabId } = await openGmailThread(ext);
    const popup = await openPopup(ext, tabId);
    await ext.context.setOffline(true);
    try {
      const { id, status } = await logFromPopup(popup, { prospect: DANA, type: 'note', notes: 'Logged on the train' });
      expect(status).toBe('Saved — will sync');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await actionRow(popup, id).getAttribute('data-sync-state')).toBe('pending');
      expect(hook.requests).toHaveLength(0);
      const offline = (await listActions(ext)).actions.find((a) => a.id === id)!.sync;

      await ext.context.setOffline(false);
      const online = Date.now();
      await popup.locator(`[data-testid="action-row"][data-action-id="${id}"][data-sync-state="done"]`).waitFor({ timeout: 60_000 });
      console.log(
        `offline for 3 s: ${offline.attempts} attempts used, next attempt was due ${Date.parse(offline.nextAttemptAt ?? '') - online} ms ` +
          `after going online; delivered ${Date.now() - online} ms after going online`,
      );
      expect(hook.deliveries.map((d) => d.idempotencyKey)).toEqual([id]);
    } finally {
      await ext.context.setOffline(false);
    }
    await popup.close();
    await gmail.close();
  });

  // Fails today: lib/sync/drain.ts sends while navigator.onLine is false, and lib/sync/state.ts `settle`
  // counts the resulting "Offline" retry as a failed attempt, so ~2 minutes offline (8 attempts at
  // 2 s·2^n backoff) turns every waiting action dead.
  it('uses up no delivery attempts while offline', async () => {
    await ext.context.setOffline(true);
    try {
      const action = await logAction(ext, { prospectKey: DANA, type: 'note', notes: 'Still offline' });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const { sync } = (await listActions(ext)).actions.find((a) => a.id === action.id)!;
      expect(sync).toMatchObject({ state: 'pending', attempts: 0 });
    } finally {
      await ext.context.setOffline(false);
    }
  });

  it('ran with no CSP violation and no page error', async () => {
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
  });
});
