#!/usr/bin/env node
/**
 * The README's screenshots: builds the extension into a temporary folder (never `.output/`, which tests
 * read), loads the demo data set through the options page, opens the demo pages at the real addresses
 * of Gmail and LinkedIn in headless Chromium, and saves to docs/screenshots/:
 *   sidebar-light.png                     the in-page sidebar on the Gmail demo thread: "Log this email", Dana's
 *                                         compact card (touches, heat, timeline, "Show all"), the others as rows
 *   sidebar-dark.png                      dark, on a reply to nine people over the same thread: Jonas's card with
 *                                         "Others at Fabrikam", and the people with no data folded under one line
 *   sidepanel-linkedin.png                the side panel for the LinkedIn demo profile
 *   popup.png, options.png                the popup (pre-filled from the Gmail tab) and the options page
 *
 * Usage: node scripts/screenshots.mjs [--build <unpacked chrome-mv3 dir>]   (skips the build)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'wxt';
import { ensureChromium } from './ensure-browser.mjs';
import { sidebar } from '../tests/e2e/helpers/sidebar.mjs';
import { launchChromium } from '../tests/e2e/helpers/chromium-flags.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = join(ROOT, 'docs', 'screenshots');
const GMAIL = { url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxzPilotPricingQ1', file: 'tests/fixtures/pages/gmail-thread.html', route: 'https://mail.google.com/**' };
/** The same thread with a reply and a new message being written (the fixture's ten recipient chips). */
const COMPOSE = { url: 'https://mail.google.com/mail/u/0/?compose=DmwnWrRttWfQxMcLqHmhKHNvXgmTsxKbTQ#inbox/FMfcgzQbfxzPilotPricingQ1', file: 'tests/fixtures/pages/gmail-compose.html' };
const JONAS = '[data-testid="prospect-card"][data-prospect-key="jonas.berg@fabrikam.example"]';
const LINKEDIN = { url: 'https://www.linkedin.com/in/prospect-lens.demo.marta-oliveira/', file: 'demo/linkedin.html', route: 'https://www.linkedin.com/**' };
function buildDirFromArgs() {
  const at = process.argv.indexOf('--build');
  return at === -1 ? undefined : resolve(process.argv[at + 1] ?? '');
}

async function freshBuild(tempDir) {
  console.log('Building the extension…');
  await build({ root: ROOT, outDir: tempDir, browser: 'chrome', logLevel: 1 });
  return join(tempDir, 'chrome-mv3');
}

async function tabIdOf(context, extensionId, url) {
  const probe = await context.newPage();
  await probe.goto(`chrome-extension://${extensionId}/manifest.json`);
  const tabs = await probe.evaluate(() => chrome.tabs.query({}));
  await probe.close();
  const id = tabs.find((tab) => tab.url === url)?.id;
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}

async function shoot(context, extensionId) {
  const started = performance.now();
  const step = (what) => console.log(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const gmailPages = Object.fromEntries([GMAIL, COMPOSE].map((page) => [new URL(page.url).search, readFileSync(join(ROOT, page.file), 'utf8')]));
  await context.route(GMAIL.route, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: gmailPages[new URL(route.request().url()).search] ?? gmailPages[''] }),
  );
  const linkedinBody = readFileSync(join(ROOT, LINKEDIN.file), 'utf8');
  await context.route(LINKEDIN.route, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: linkedinBody }));
  const ext = (path) => `chrome-extension://${extensionId}/${path}`;

  const options = await context.newPage();
  await options.goto(ext('options.html#import'));
  await options.getByRole('button', { name: 'Load demo data' }).click();
  await options.getByRole('status').filter({ hasText: 'Demo data loaded.' }).waitFor({ timeout: 60_000 });
  for (const page of context.pages()) if (page.url().endsWith('/welcome.html')) await page.close();
  step('demo data loaded');

  // One page per scheme, set before it loads: switching a loaded page would catch the buttons' colour
  // transition half-way. Light: the demo thread, tall enough for the rows under Dana's card.
  const gmail = await context.newPage();
  await gmail.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await gmail.setViewportSize({ width: 1280, height: 940 });
  await gmail.goto(GMAIL.url);
  // Inside the sidebar's closed shadow root: waited for through DevTools, as the tests do.
  await sidebar(gmail).waitFor('[data-testid="prospect-card"][data-known="true"]', { timeout: 15_000 });
  await sidebar(gmail).waitFor('[data-testid="log-email"]', { timeout: 15_000 });
  await gmail.screenshot({ path: join(SHOTS, 'sidebar-light.png') });
  const gmailTab = await tabIdOf(context, extensionId, GMAIL.url);

  // Dark: the reply being written to nine people, Jonas (no data, but a colleague at Fabrikam is known)
  // unfolded to show "Others at Fabrikam"; the people with nothing to link them to fold under one line.
  const compose = await context.newPage();
  await compose.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await compose.setViewportSize({ width: 1280, height: 800 });
  await compose.goto(COMPOSE.url);
  const bar = sidebar(compose);
  await bar.waitFor('[data-testid="no-data-group"]', { timeout: 15_000 });
  await bar.click({ within: JONAS, selector: '.pl-toggle' });
  await bar.waitFor({ within: JONAS, role: 'button', name: /^Others at / }, { timeout: 5_000 });
  await compose.screenshot({ path: join(SHOTS, 'sidebar-dark.png') });
  await compose.close();
  step('sidebar');

  const linkedin = await context.newPage();
  await linkedin.goto(LINKEDIN.url);
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 360, height: 800 });
  await panel.goto(ext(`sidepanel.html?tab=${await tabIdOf(context, extensionId, LINKEDIN.url)}`));
  await panel.locator('[data-testid="prospect-card"]').first().waitFor({ timeout: 15_000 });
  await panel.screenshot({ path: join(SHOTS, 'sidepanel-linkedin.png') });
  step('side panel');

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.goto(ext(`popup.html?tab=${gmailTab}`));
  await popup.locator('form[data-testid="log-form"]').waitFor({ timeout: 15_000 });
  await popup.screenshot({ path: join(SHOTS, 'popup.png') });

  await options.setViewportSize({ width: 1100, height: 900 });
  await options.goto(ext('options.html'));
  await options.locator('h1').first().waitFor();
  await options.screenshot({ path: join(SHOTS, 'options.png') });
  step('popup and options');
}

async function main() {
  const executablePath = ensureChromium();
  const given = buildDirFromArgs();
  const buildTemp = given ? undefined : mkdtempSync(join(tmpdir(), 'prospect-lens-shots-build-'));
  const extensionDir = given ?? (await freshBuild(buildTemp));
  const profile = mkdtempSync(join(tmpdir(), 'prospect-lens-shots-'));
  const context = await launchChromium(profile, {
    executablePath,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    mkdirSync(SHOTS, { recursive: true });
    await shoot(context, new URL(worker.url()).host);
    console.log(`Screenshots saved to ${SHOTS}`);
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    if (buildTemp) rmSync(buildTemp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`screenshots failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
