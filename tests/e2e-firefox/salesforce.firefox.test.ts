import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionMarker } from '@/lib/sources/action-text';
import { type SalesforceMock, startSalesforceMock } from '@/tests/mocks';
import { type FirefoxHarness, launchFirefox, settle } from './helpers';

interface ExtensionGlobals {
  browser: {
    identity: { getRedirectURL(): string };
    runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; data?: unknown; error?: { message: string } }> };
  };
}

/**
 * Salesforce's Connect and log path in real Firefox: the options page's Connect runs Firefox's own
 * `identity.launchWebAuthFlow` (redirect URL `https://<hash>.extensions.allizom.org/`) against the
 * loopback org, and a logged call reaches its Task list once.
 */
describe('Firefox: Salesforce connect and log', () => {
  let ext: FirefoxHarness;
  let org: SalesforceMock;
  let options: Page;

  const send = async <T>(message: unknown): Promise<T> => {
    const reply = await ext.inExtension((m) => (globalThis as unknown as ExtensionGlobals).browser.runtime.sendMessage(m), message);
    if (!reply.ok) throw new Error(reply.error?.message ?? 'refused');
    return reply.data as T;
  };

  beforeAll(async () => {
    ext = await launchFirefox();
    const redirect = await ext.inExtension(() => (globalThis as unknown as ExtensionGlobals).browser.identity.getRedirectURL(), null);
    org = await startSalesforceMock({ callbackUrl: redirect });
    options = await ext.openExtensionPage('options.html');
  });

  afterAll(async () => {
    await ext?.close();
    await org?.close();
  });

  it('connects through the browser auth window', async () => {
    const form = '[data-testid="destination-form"]';
    await options.waitForSelector(`${form} select[name="destination"]`);
    await options.select(`${form} select[name="destination"]`, 'salesforce');
    await options.waitForSelector(`${form}[data-destination="salesforce"] input[name="loginHost"]`);
    expect(org.callbackUrl).toMatch(/^https:\/\/[0-9a-f]+\.extensions\.allizom\.org\/$/);
    await options.locator(`${form} input[name="loginHost"]`).fill(org.url);
    await options.locator(`${form} input[name="consumerKey"]`).fill(org.consumerKey);
    await options.click(`${form} button[name="connect"]`);
    const state = await settle(
      () => options.$eval(`${form} [data-testid="connection-status"]`, (e) => `${e.getAttribute('data-state')}: ${e.textContent}`),
      (text) => text.startsWith('connected') || text.startsWith('failed'),
      20_000,
    );
    expect(state).toMatch(/^connected: /);
    expect(org.requests.find((r) => r.path === '/services/oauth2/token')?.status).toBe(200);
  });

  it('logs a call into the Task list once', async () => {
    const before = org.records.Task.length;
    const action = await send<{ id: string }>({ type: 'action/log', action: { prospectKey: 'dana.whitfield@northwind.example', type: 'call', notes: 'From Firefox' } });
    await settle(
      async () => {
        await send({ type: 'sync/now' });
        const { actions } = await send<{ actions: { id: string; sync: { state: string } }[] }>({ type: 'action/list', limit: 20 });
        return actions.find((a) => a.id === action.id)?.sync.state;
      },
      (s) => s === 'done' || s === 'dead',
      20_000,
    );
    await send({ type: 'sync/now' });
    const created = org.records.Task.slice(before);
    expect(created.filter((t) => String(t.Description).includes(actionMarker(action.id)))).toHaveLength(1);
    expect(created).toHaveLength(1);
  });

  it('raised no uncaught error in any page', () => {
    expect(ext.pageErrors()).toEqual([]);
  });
});
