import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotMock, type HubSpotMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import { actionRow, configureDestination, DANA, logFromPopup, openGmailThread, openPopup } from './helpers/sync';

describe('logging from the popup', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;

  beforeAll(async () => {
    hubspot = await startHubSpotMock({ searchDelayMs: 5_000 });
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
  });

  it('logs a note on a Gmail thread and HubSpot records it once', async () => {
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token });
    const { tabId } = await openGmailThread(ext);
    const popup = await openPopup(ext, tabId);
    const { id, status } = await logFromPopup(popup, { type: 'note', notes: 'Asked for pricing', prospect: DANA });
    console.log(status, id, await actionRow(popup, id).getAttribute('data-sync-state'));
    await actionRow(popup, id).and(popup.locator('[data-sync-state="done"]')).waitFor({ timeout: 15_000 });
    console.log(hubspot.requests.map((r) => `${r.method} ${r.path} ${r.status}`));
    console.log(JSON.stringify(hubspot.records.notes));
  });
});
