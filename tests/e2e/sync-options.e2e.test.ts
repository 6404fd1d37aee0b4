import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import { destinationForm, fillDestination, request } from './helpers/sync';

/**
 * The options page round trip in real Chromium: every section's fields are saved, the page is
 * reloaded, and what was saved is shown again — except secrets, which are only ever shown masked.
 * Saving a connection fires `permissions.request`, which never answers in headless Chromium: the save
 * must go through anyway and the source must say that access is still to be granted.
 */
const HUBSPOT_TOKEN = 'pat-na1-roundtrip-7f3a';
const WEBHOOK_SECRET = 'whsec-roundtrip-91b2';
const MAUTIC_SECRET = 'mautic-client-secret-c4d8';
const SECRETS = [HUBSPOT_TOKEN, WEBHOOK_SECRET, MAUTIC_SECRET];

const source = (options: Page, kind: string) => options.locator(`[data-testid="source-status"][data-kind="${kind}"]`);
const field = (options: Page, name: string) => destinationForm(options).locator(`[name="${name}"]`);
/** The "Saved: ••••abcd. Leave empty to keep it." hint under a secret input. */
const hintOf = (options: Page, name: string) => options.locator(`#dest-${name}-hint`);

async function chooseDestination(options: Page, kind: string): Promise<void> {
  await field(options, 'destination').selectOption(kind);
  await options.locator(`[data-testid="destination-form"][data-destination="${kind}"]`).waitFor();
}

/** Every input, textarea and select value on the page, and its HTML: where a secret must not appear. */
async function everythingShown(options: Page): Promise<string> {
  const values = await options.locator('input, textarea, select').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  return `${await options.content()}\n${values.join('\n')}`;
}

describe('options round trip', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let options: Page;
  const started = Date.now();

  beforeAll(async () => {
    hubspot = await startHubSpotMock({ token: HUBSPOT_TOKEN });
    ext = await launchExtension();
    options = await ext.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
    console.log(`sync-options: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
  });

  it('saves each connection without waiting on the unanswerable permission prompt', async () => {
    expect(await source(options, 'hubspot').getAttribute('data-state')).toBe('not-configured');
    await fillDestination(options, { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: WEBHOOK_SECRET });
    await chooseDestination(options, 'mautic');
    await field(options, 'baseUrl').fill('https://marketing.example.com');
    await field(options, 'authMethod').selectOption('oauth2');
    await field(options, 'clientId').fill('prospect-lens-client');
    await field(options, 'clientSecret').fill(MAUTIC_SECRET);
    await field(options, 'feedbackAs').selectOption('tags');
    await field(options, 'useAsSource').setChecked(false);
    await destinationForm(options).locator('button[type="submit"]').click();
    await destinationForm(options).locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
    await fillDestination(options, { kind: 'hubspot', baseUrl: hubspot.url, token: HUBSPOT_TOKEN, ownerId: '9002', useAsSource: false, createContacts: true });

    // The prompt is still open (it never answers here), so each source says access is yet to be granted.
    for (const kind of ['hubspot', 'mautic', 'webhook']) {
      await expect.poll(() => source(options, kind).getAttribute('data-state')).toBe('needs-access');
    }
    await source(options, 'hubspot').getByRole('button', { name: 'Grant access' }).waitFor();
  });

  it('saves the sites, own domains, my addresses and retention', async () => {
    const sites = options.locator('[data-testid="sites-form"]');
    await sites.locator('input[name="outlook"]').setChecked(false);
    await sites.locator('input[name="linkedinOverlay"]').setChecked(true);
    await sites.locator('textarea[name="ownDomains"]').fill('acme.example\nAcme-Corp.example');
    await sites.locator('textarea[name="myAddresses"]').fill('Sam.Carter@acme.example');
    await sites.locator('button[type="submit"]').click();
    await sites.locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor();

    const retention = options.locator('form:has(input[name="retentionDays"])');
    await retention.locator('input[name="retentionDays"]').fill('90');
    await retention.locator('button[type="submit"]').click();
    await options.locator('#privacy [role="status"]').filter({ hasText: 'Saved.' }).waitFor();
  });

  it('shows everything again after a reload, secrets only masked', async () => {
    await options.reload();
    await destinationForm(options).waitFor();

    expect(await field(options, 'destination').inputValue()).toBe('hubspot');
    expect(await field(options, 'baseUrl').inputValue()).toBe(hubspot.url);
    expect(await field(options, 'ownerId').inputValue()).toBe('9002');
    expect(await field(options, 'useAsSource').isChecked()).toBe(false);
    expect(await field(options, 'createContacts').isChecked()).toBe(true);
    expect(await field(options, 'token').inputValue()).toBe('');
    await expect.poll(() => hintOf(options, 'token').textContent()).toBe('Saved: ••••7f3a. Leave empty to keep it.');

    await chooseDestination(options, 'webhook');
    expect(await field(options, 'url').inputValue()).toBe('http://127.0.0.1:9/hook');
    expect(await field(options, 'secret').inputValue()).toBe('');
    await expect.poll(() => hintOf(options, 'secret').textContent()).toBe('Saved: ••••91b2. Leave empty to keep it.');

    await chooseDestination(options, 'mautic');
    expect(await field(options, 'baseUrl').inputValue()).toBe('https://marketing.example.com');
    expect(await field(options, 'authMethod').inputValue()).toBe('oauth2');
    await expect.poll(() => field(options, 'clientId').inputValue()).toBe('prospect-lens-client');
    expect(await field(options, 'clientSecret').inputValue()).toBe('');
    await expect.poll(() => hintOf(options, 'clientSecret').textContent()).toBe('Saved: ••••c4d8. Leave empty to keep it.');
    expect(await field(options, 'feedbackAs').inputValue()).toBe('tags');
    expect(await field(options, 'useAsSource').isChecked()).toBe(false);

    const sites = options.locator('[data-testid="sites-form"]');
    const checked = async (name: string) => sites.locator(`input[name="${name}"]`).isChecked();
    expect([await checked('gmail'), await checked('outlook'), await checked('linkedin'), await checked('linkedinOverlay')]).toEqual([true, false, true, true]);
    expect(await sites.locator('textarea[name="ownDomains"]').inputValue()).toBe('acme.example\nacme-corp.example');
    expect(await sites.locator('textarea[name="myAddresses"]').inputValue()).toBe('sam.carter@acme.example');
    expect(await options.locator('input[name="retentionDays"]').inputValue()).toBe('90');

    const shown = await everythingShown(options);
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });

  it('keeps the saved token when its input is left empty', async () => {
    await chooseDestination(options, 'hubspot');
    await fillDestination(options, { kind: 'hubspot', baseUrl: hubspot.url, ownerId: '9001' });
    // The mock accepts only the token saved first: a connection test that passes proves it was kept.
    expect(await request(ext, { type: 'connection/test', kind: 'hubspot' })).toMatchObject({ ok: true, state: 'connected' });
    expect(hubspot.requests.at(-1)?.headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
    await expect.poll(() => hintOf(options, 'token').textContent()).toBe('Saved: ••••7f3a. Leave empty to keep it.');

    // Diagnostics ("copy diagnostics") carry the settings, never a credential.
    const diagnostics = JSON.stringify(await request(ext, { type: 'diagnostics' }));
    expect(diagnostics).toContain('"ownerId":"9001"');
    for (const secret of SECRETS) expect(diagnostics).not.toContain(secret);
  });

  it('ran with no CSP violation and no page error', async () => {
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
  });
});
