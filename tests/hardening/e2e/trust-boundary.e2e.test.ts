/**
 * The trust boundary in real Chromium, attacked from where a compromised content script runs: its own
 * isolated world on a Gmail tab (reached through DevTools), with its `chrome.storage` and
 * `chrome.runtime`. Each attack of the security review is repeated and must fail:
 * - rewriting `storage.local` to point HubSpot and the webhook at another server sends 0 requests there;
 * - storage.local holds nothing that routes data (no settings, no address);
 * - looking up, muting, adding or linking people the tab does not show is refused, whatever tab id is named;
 * - a forged push to extension pages changes nothing the side panel shows;
 * - "delete everything" empties the open sidebar and side panel at once, and storage.local and
 *   storage.session with them.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension, type LoopbackServer, startLoopbackServer } from '../../e2e/helpers';
import { isolatedWorld, type IsolatedWorld } from '../../e2e/helpers/isolated-world';
import { DANA, configureDestination, logAction, openGmailThread, request, waitUntilSettled } from '../../e2e/helpers/sync';
import { recordResult } from '../support/results';

const TOKEN = 'pat-na1-trust-boundary-token';
const OUTSIDER = 'ceo@rival.example';

type Reply = { ok: boolean; error?: { code: string } };

/** The cards the sidebar shows, read from the content script's world (the root is closed to the page). */
const SIDEBAR_KEYS = `(() => {
  const host = document.querySelector('prospect-lens-sidebar');
  const root = host && chrome.dom.openOrClosedShadowRoot(host);
  return root ? [...root.querySelectorAll('[data-testid="prospect-card"]')].map((e) => e.getAttribute('data-prospect-key')) : [];
})()`;

describe('trust boundary: attacks from the content script’s world', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let attacker: LoopbackServer;
  let page: Page;
  let tabId: number;
  let world: IsolatedWorld;
  const send = (message: object) => world.evaluate<Reply>(`chrome.runtime.sendMessage(${JSON.stringify(message)})`);

  beforeAll(async () => {
    hubspot = await startHubSpotMock({ token: TOKEN });
    attacker = await startLoopbackServer(() => ({ status: 200, json: { results: [] } }));
    ext = await launchExtension();
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: TOKEN, useAsSource: true });
    ({ page, tabId } = await openGmailThread(ext));
    world = await isolatedWorld(ext, page);
  });
  afterAll(async () => {
    await world?.detach();
    await ext?.close();
    await hubspot?.close();
    await attacker?.close();
  });

  it('storage.local holds nothing that decides where data goes', async () => {
    const local = JSON.stringify(await world.evaluate('chrome.storage.local.get(null)'));
    expect(local).not.toContain('settings');
    expect(local).not.toContain(hubspot.url);
    expect(local).not.toMatch(/https?:\/\//);
  });

  it('rewriting storage.local to another server sends no credential and no note there', async () => {
    const forged = {
      sites: { gmail: true, outlook: true, linkedin: true, linkedinOverlay: true },
      connections: { hubspot: { baseUrl: attacker.origin, useAsSource: true }, webhook: { url: `${attacker.origin}/collect` } },
      destination: 'webhook',
    };
    await world.evaluate(`chrome.storage.local.set(${JSON.stringify({ settings: forged, settings$: { v: 2 } })}).then(() => true)`);
    // A lookup the content script may ask for, and a note the rep logs.
    expect(await send({ type: 'lookup', keys: [DANA], refresh: true })).toMatchObject({ ok: true });
    const action = await logAction(ext, { prospectKey: DANA, type: 'note', notes: 'Trust boundary: where does this go?' });
    const [settled] = await waitUntilSettled(ext, [action.id], { timeoutMs: 30_000 });
    expect(settled?.sync.state).toBe('done');
    recordResult('e2e-storage-redirect', { attackerRequests: attacker.requests.length, hubspotNotes: hubspot.records.notes.length });
    expect(attacker.requests).toHaveLength(0);
    // The note went where the rep configured it, with the token (the check above is not vacuous).
    expect(hubspot.records.notes.length).toBeGreaterThan(0);
    expect(hubspot.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('refuses every request about a person the tab does not show, whatever tab it names', async () => {
    const before = hubspot.requests.length;
    const attempts = [
      { type: 'lookup', keys: [OUTSIDER] },
      { type: 'lookup', keys: [OUTSIDER], tabId: tabId + 1 },
      { type: 'lookup', keys: [DANA, OUTSIDER] },
      { type: 'ignore/add', entry: OUTSIDER },
      { type: 'ignore/add', entry: '@northwind.example' },
      { type: 'prospect/add', candidate: { key: OUTSIDER, email: OUTSIDER } },
      { type: 'match/choose', detectedKey: DANA, chosenKey: OUTSIDER },
      { type: 'popup/open', prospectKey: OUTSIDER },
      { type: 'action/log', action: { prospectKey: DANA, type: 'note', notes: 'forged' } },
      { type: 'sidepanel/open', tabId },
      { type: 'settings/update', patch: { destination: 'webhook' } },
      { type: 'connection/save', kind: 'webhook', config: { url: attacker.origin }, secret: { secret: 'x' } },
      { type: 'data/erase' },
    ];
    const replies: Reply[] = [];
    for (const attempt of attempts) replies.push(await send(attempt));
    const accepted = attempts.filter((_, i) => replies[i]!.ok).map((a) => a.type);
    recordResult('e2e-scope', { attempts: attempts.length, accepted: accepted.length });
    expect(accepted).toEqual([]);
    expect(hubspot.requests.slice(before).filter((r) => r.body.includes(OUTSIDER) || r.path.includes(encodeURIComponent(OUTSIDER)))).toEqual([]);
    const settings = JSON.stringify(await request(ext, { type: 'diagnostics' }));
    expect(settings).toContain('"ignoreList":0');
  });

  it('a push forged by the content script changes nothing in the side panel', async () => {
    const panel = await ext.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await panel.locator(`[data-testid="prospect-card"][data-prospect-key="${DANA}"]`).waitFor({ timeout: 10_000 });
    const fake = { key: 'fake@forged.example', detectedKey: 'fake@forged.example', known: true, prospect: { key: 'fake@forged.example', emails: [], refs: [] } };
    // Above any revision the tab owner gives (they start at the time in ms): only the sender check can drop it.
    await world.evaluate(`chrome.runtime.sendMessage(${JSON.stringify({ type: 'push/tab', tabId, revision: Number.MAX_SAFE_INTEGER, views: [fake] })}).catch(() => null)`);
    await panel.waitForTimeout(500);
    expect(await panel.locator('[data-prospect-key="fake@forged.example"]').count()).toBe(0);
    expect(await panel.locator(`[data-prospect-key="${DANA}"]`).count()).toBe(1);
    await panel.close();
  });

  it('"delete everything" empties the open sidebar and side panel at once, and every storage area', async () => {
    const panel = await ext.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await panel.locator(`[data-testid="prospect-card"][data-prospect-key="${DANA}"]`).waitFor({ timeout: 10_000 });
    expect(await world.evaluate<string[]>(SIDEBAR_KEYS)).toContain(DANA);
    await request(ext, { type: 'data/erase' });
    await expect.poll(() => world.evaluate<string[]>(SIDEBAR_KEYS), { timeout: 5_000 }).toEqual([]);
    await expect.poll(() => panel.locator('[data-testid="prospect-card"]').count(), { timeout: 5_000 }).toBe(0);
    const probe = await ext.openExtensionPage('manifest.json');
    const areas = await probe.evaluate(async () => {
      const { storage } = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { get(k: null): Promise<object> }> } }).chrome;
      return { local: await storage.local.get(null), session: await storage.session.get(null) };
    });
    expect(areas).toEqual({ local: {}, session: {} });
    expect(await request(ext, { type: 'tab/get', tabId })).toBeNull();
    await probe.close();
    await panel.close();
  });
});
