import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import { destinationForm } from './helpers/sync';

/**
 * Options → Sources in real Chromium, the way a rep sets up HubSpot: the address and token typed,
 * Test pressed before anything is saved. Nothing listening must read "unreachable" (never "needs
 * access"); a wrong token against the loopback mock must read as rejected and name the scopes.
 */
const TOKEN = 'pat-na1-conntest-5c1e';

/** A loopback port where nothing listens: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const field = (options: Page, name: string) => destinationForm(options).locator(`[name="${name}"]`);
const result = (options: Page) => destinationForm(options).locator('[data-testid="connection-test"]');

describe('connection test before saving', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let options: Page;

  beforeAll(async () => {
    hubspot = await startHubSpotMock({ token: TOKEN });
    ext = await launchExtension();
    options = await ext.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
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
});
