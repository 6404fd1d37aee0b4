import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock, startWebhookMock, verifyWebhook, type WebhookMock } from '@/tests/mocks';
import { closedPort, type ExtensionHarness, launchExtension, sidebar } from './helpers';
import { DANA, destinationForm, fillDestination, logAction, openGmailThread } from './helpers/sync';

/**
 * Options → Sources in real Chromium, the way a rep sets up HubSpot: the address and token typed,
 * Test pressed before anything is saved. Nothing listening must read "unreachable" (never "needs
 * access"); a wrong token against the loopback mock must read as rejected and name the scopes.
 * The webhook's Test sends a real signed ping and is green only on a 2xx; HubSpot saved as a lookup
 * source only leaves the webhook the destination and fills the Gmail card; and a source whose host
 * access is missing is said once on the card (docs/architecture.md, "Testing a connection").
 */
const TOKEN = 'pat-na1-conntest-5c1e';
const SECRET = 'whsec-conntest-77d1';


const field = (options: Page, name: string) => destinationForm(options).locator(`[name="${name}"]`);
const result = (options: Page) => destinationForm(options).locator('[data-testid="connection-test"]');

describe('connection test before saving', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let webhook: WebhookMock;
  let options: Page;

  beforeAll(async () => {
    hubspot = await startHubSpotMock({ token: TOKEN });
    webhook = await startWebhookMock({ secret: SECRET });
    ext = await launchExtension();
    options = await ext.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
    await webhook?.close();
  });

  it('says unreachable where nothing listens, then names the scopes for a rejected token, and saves nothing', async () => {
    await field(options, 'destination').selectOption('hubspot');
    await options.locator('[data-testid="destination-form"][data-destination="hubspot"]').waitFor();
    await field(options, 'baseUrl').fill(`http://127.0.0.1:${await closedPort()}`);
    await field(options, 'token').fill('pat-na1-wrong-0000');
    await field(options, 'test').click();
    await expect.poll(() => result(options).getAttribute('data-cause'), { timeout: 20_000 }).toBe('unreachable');
    expect(await result(options).textContent()).toMatch(/^Unreachable: nothing answers at 127\.0\.0\.1:\d+/);
    expect(await result(options).textContent()).not.toContain('access');

    await field(options, 'baseUrl').fill(hubspot.url);
    await field(options, 'test').click();
    await expect.poll(() => result(options).getAttribute('data-cause'), { timeout: 20_000 }).toBe('rejected-token');
    const words = await result(options).textContent();
    expect(words).toContain('Token rejected (401)');
    expect(words).toContain('crm.objects.contacts.read');
    expect(words).toContain('crm.objects.owners.read');
    // The mock saw the typed token: a real request was made.
    expect(hubspot.requests.some((r) => r.headers.authorization === 'Bearer pat-na1-wrong-0000')).toBe(true);

    // Tested, not saved: the sources list still has no HubSpot connection.
    expect(await options.locator('[data-testid="source-status"][data-kind="hubspot"]').getAttribute('data-state')).toBe('not-configured');
  });

  /**
   * Presses Test and waits for its answer; returns the cause and the words shown. The address is
   * typed again first (an edit clears the last answer), so a stale answer is never read as the new one.
   */
  async function pressTest(): Promise<{ cause: string | null; state: string | null; words: string }> {
    const url = field(options, 'url');
    await url.fill(await url.inputValue());
    await expect.poll(() => result(options).getAttribute('data-state')).toBe('idle');
    await field(options, 'test').click();
    await expect.poll(() => result(options).getAttribute('data-state'), { timeout: 20_000 }).not.toMatch(/^(idle|testing)$/);
    return { cause: await result(options).getAttribute('data-cause'), state: await result(options).getAttribute('data-state'), words: (await result(options).textContent()) ?? '' };
  }

  it('the webhook Test sends a signed ping, is green only on a 2xx, names a wrong path, and never says connected where nothing answers', async () => {
    await field(options, 'destination').selectOption('webhook');
    await options.locator('[data-testid="destination-form"][data-destination="webhook"]').waitFor();
    await field(options, 'url').fill(webhook.hookUrl);
    await field(options, 'secret').fill(SECRET);

    expect(await pressTest()).toMatchObject({ cause: 'connected', state: 'connected', words: expect.stringMatching(/^Connected/) });
    // A real request reached the receiver, signed as a delivery is, and verified there.
    expect(webhook.deliveries).toHaveLength(1);
    const ping = webhook.deliveries[0]!;
    expect(ping.json).toMatchObject({ type: 'ping', id: expect.stringMatching(/^ping-/) });
    expect(ping.idempotencyKey).toBe((ping.json as { id: string }).id);
    expect(verifyWebhook(SECRET, ping.timestamp, ping.signature, ping.body, Date.now())).toBeUndefined();

    // Any 2xx is green; an error answer is not, and another secret is a rejected one.
    webhook.setStatus(202);
    expect((await pressTest()).cause).toBe('connected');
    webhook.setStatus(500);
    const failed = await pressTest();
    expect(failed.cause).not.toBe('connected');
    expect(failed.state).toBe('error');
    expect(failed.words).not.toMatch(/^Connected/);
    webhook.setStatus(200);
    await field(options, 'secret').fill('whsec-someone-else');
    expect((await pressTest()).cause).toBe('rejected-token');
    await field(options, 'secret').fill(SECRET);

    // The right server at the wrong path (404) is named as a wrong address.
    await field(options, 'url').fill(`${webhook.url}/hooks/wrong`);
    const wrong = await pressTest();
    expect(wrong.cause).toBe('wrong-path');
    expect(wrong.words).toMatch(/wrong address/i);
    expect(wrong.words).toContain(new URL(webhook.url).host);

    // Nothing listening: unreachable, not connected.
    await field(options, 'url').fill(`http://127.0.0.1:${await closedPort()}/hook`);
    expect(await pressTest()).toMatchObject({ cause: 'unreachable', words: expect.stringMatching(/^Unreachable/) });

    // A made-up host: the browser has no access to it yet (the prompt never answers headless), so the
    // test stops before sending and says so — never connected.
    const sent = webhook.requests.length;
    await field(options, 'url').fill('https://hooks.made-up-host.invalid/hook');
    const madeUp = await pressTest();
    expect(madeUp.cause).toBe('no-access');
    expect(madeUp.words).toContain('hooks.made-up-host.invalid');
    expect(webhook.requests.length).toBe(sent);

    // Tested, not saved.
    expect(await options.locator('[data-testid="source-status"][data-kind="webhook"]').getAttribute('data-state')).toBe('not-configured');
    expect(webhook.processed.every((d) => (d.json as { type?: string }).type === 'ping')).toBe(true);
  });

  it('the card says "access not granted" once when a source has no host access', async () => {
    // First, before any lookup has HubSpot's answer to show. A HubSpot address that is not loopback: the credentialed fetch asks the browser for host access,
    // which the save's prompt never granted (headless), so nothing is sent and the card says why.
    await field(options, 'destination').selectOption('hubspot');
    await options.locator('[data-testid="destination-form"][data-destination="hubspot"]').waitFor();
    await field(options, 'baseUrl').fill('https://api.hubapi.com');
    await field(options, 'token').fill(TOKEN);
    await field(options, 'useAsDestination').setChecked(false);
    await destinationForm(options).locator('button[type="submit"]').click();
    await destinationForm(options).locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
    await expect.poll(() => options.locator('[data-testid="source-status"][data-kind="hubspot"]').getAttribute('data-state')).toBe('needs-access');

    const { page } = await openGmailThread(ext);
    const notice = `[data-testid="prospect-card"][data-prospect-key="${DANA}"] [data-testid="source-status"][data-source="hubspot"]`;
    const bar = sidebar(page);
    await bar.waitFor(`${notice}[data-state="no-access"]`, { timeout: 20_000, state: 'attached' });
    const words = (await bar.text(notice)) ?? '';
    expect(words.match(/access not granted/gi)).toHaveLength(1);
    expect(words).toMatch(/grant it in Options/i);
    await page.close();
  }, 60_000);

  it('HubSpot saved as a lookup source only: the webhook stays the destination, and the Gmail card shows HubSpot data', async () => {
    await fillDestination(options, { kind: 'webhook', url: webhook.hookUrl, secret: SECRET });
    await field(options, 'destination').selectOption('hubspot');
    await options.locator('[data-testid="destination-form"][data-destination="hubspot"]').waitFor();
    await field(options, 'baseUrl').fill(hubspot.url);
    await field(options, 'token').fill(TOKEN);
    await field(options, 'useAsSource').setChecked(true);
    await field(options, 'useAsDestination').setChecked(false);
    await destinationForm(options).locator('button[type="submit"]').click();
    await destinationForm(options).locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });

    // The webhook keeps the destination badge; HubSpot is listed as a source.
    const badge = (kind: string) => options.locator(`[data-testid="source-status"][data-kind="${kind}"] .badge`);
    await expect.poll(() => badge('webhook').count()).toBe(1);
    expect(await badge('hubspot').count()).toBe(0);
    expect(await options.locator('[data-testid="source-status"][data-kind="hubspot"]').getAttribute('data-state')).not.toBe('not-configured');

    // The Gmail thread's card for Dana shows what HubSpot holds about her (the mock's seed).
    const { page } = await openGmailThread(ext);
    const card = `[data-testid="prospect-card"][data-prospect-key="${DANA}"]`;
    const bar = sidebar(page);
    await bar.waitFor(`${card} [data-testid="lifecycle-stage"][data-value="marketingqualifiedlead"]`, { timeout: 20_000, state: 'attached' });
    expect(await bar.attr(`${card} [data-testid="lead-score"]`, 'data-value')).toBe('72');
    expect(hubspot.requests.some((r) => r.path.startsWith('/crm/v3/objects/contacts') && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // A logged action goes to the webhook, not to HubSpot.
    const writesBefore = hubspot.requests.filter((r) => r.method === 'POST' && !r.path.includes('/search')).length;
    const action = await logAction(ext, { prospectKey: DANA, type: 'note', notes: 'Lookup-only check' });
    await expect.poll(() => webhook.processed.some((d) => d.idempotencyKey === action.id), { timeout: 20_000 }).toBe(true);
    expect(hubspot.requests.filter((r) => r.method === 'POST' && !r.path.includes('/search')).length).toBe(writesBefore);
    await page.close();
  }, 60_000);

  it('ran with no CSP violation and no page error', async () => {
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
  });
});
