import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock, startWebhookMock, type WebhookMock, webhookSignature } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import { actionRow, configureDestination, DANA, logFromPopup, markedIds, openGmailThread, openPopup } from './helpers/sync';

/**
 * The rep's path: a Gmail thread is open, the popup opens for that tab with its people, the rep logs
 * an action and sees "Saved — will sync", then the row turns from waiting to synced on its own while
 * the CRM (a loopback HubSpot, then a loopback webhook) records it once.
 */
const SECRET = 'whsec-popup-test';

describe('logging from the popup on a Gmail thread', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let hook: WebhookMock;
  let tabId: number;
  let gmail: Page;
  const started = Date.now();

  beforeAll(async () => {
    [hubspot, hook] = await Promise.all([startHubSpotMock({ searchDelayMs: 5_000 }), startWebhookMock({ secret: SECRET })]);
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await Promise.all([hubspot?.close(), hook?.close()]);
    console.log(`logging-popup: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
  });

  it('logs a call to HubSpot: the row goes pending → done and HubSpot has exactly one call', async () => {
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token, ownerId: '9001' });
    ({ page: gmail, tabId } = await openGmailThread(ext));
    const popup = await openPopup(ext, tabId);
    // The tab's people are offered, the thread's sender among them.
    expect(await popup.locator('select[name="prospect"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain(DANA);

    // HubSpot answers the create a second late, so the waiting state is there to be seen.
    hubspot.setFault({ fault: { type: 'delay', ms: 1_000 }, method: 'POST', path: '/crm/v3/objects/calls', times: 1 });
    const { id, status } = await logFromPopup(popup, {
      prospect: DANA,
      type: 'call',
      notes: 'Walked through the pilot pricing <b>not markup</b>',
      fields: { outcome: 'connected', direction: 'outbound', durationMinutes: '12' },
    });
    expect(status).toBe('Saved — will sync');
    // Waiting, not synced yet (the drain may already have claimed it: inflight).
    expect(['pending', 'inflight']).toContain(await actionRow(popup, id).getAttribute('data-sync-state'));
    // No reload: the background tells the popup when the sync finished.
    await popup.locator(`[data-testid="action-row"][data-action-id="${id}"][data-sync-state="done"]`).waitFor({ timeout: 15_000 });

    expect(hubspot.records.calls).toHaveLength(1);
    expect(hubspot.records.notes).toHaveLength(0);
    const [call] = hubspot.records.calls;
    expect(markedIds(call!.properties.hs_call_body!)).toEqual([id]);
    expect(call!.properties).toMatchObject({
      hs_call_direction: 'OUTBOUND',
      hs_call_status: 'COMPLETED',
      hs_call_duration: String(12 * 60_000),
      hubspot_owner_id: '9001',
    });
    // The rep's words arrive as text: markup they typed is escaped, not interpreted.
    expect(call!.properties.hs_call_body).toContain('&lt;b&gt;not markup&lt;/b&gt;');
    expect(call!.associations).toEqual([{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }]);
    expect(hubspot.requests.filter((r) => r.path === '/crm/v3/objects/calls')).toHaveLength(1);
    await popup.close();
  });

  it('logs a note to a webhook: one signed delivery keyed by the action id', async () => {
    await configureDestination(ext, { kind: 'webhook', url: hook.hookUrl, secret: SECRET });
    const popup = await openPopup(ext, tabId);
    hook.setFault({ fault: { type: 'delay', ms: 1_000 }, method: 'POST', times: 1 });
    const { id, status } = await logFromPopup(popup, { prospect: DANA, type: 'note', notes: 'Sent the security questionnaire' });
    expect(status).toBe('Saved — will sync');
    // Waiting, not synced yet (the drain may already have claimed it: inflight).
    expect(['pending', 'inflight']).toContain(await actionRow(popup, id).getAttribute('data-sync-state'));
    await popup.locator(`[data-testid="action-row"][data-action-id="${id}"][data-sync-state="done"]`).waitFor({ timeout: 15_000 });

    expect(hook.deliveries).toHaveLength(1);
    const [delivery] = hook.deliveries;
    expect(delivery!.idempotencyKey).toBe(id);
    expect(delivery!.signature).toBe(webhookSignature(SECRET, delivery!.timestamp!, delivery!.body));
    expect(delivery!.json).toMatchObject({ id, type: 'note', notes: 'Sent the security questionnaire', prospect: { key: DANA, email: DANA } });
    // Earlier actions went to HubSpot and stay there: nothing else reached the webhook.
    expect(hook.requests).toHaveLength(1);
    await popup.close();
  });

  it('ran with no CSP violation and no page error', async () => {
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
    await gmail.close();
  });
});
