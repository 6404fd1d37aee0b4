#!/usr/bin/env node
/**
 * `npm run demo`: builds the extension, starts Chromium with it loaded, loads the demo data set through
 * the options page (the same import path a user takes), and opens demo pages served at the real
 * addresses of Gmail, Outlook on the web and LinkedIn.
 *
 * With a display it leaves the browser open for you. With `--headless` (or no display) it prints what
 * the sidebar and side panel show for each page and saves screenshots to .output/demo/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureChromium } from './ensure-browser.mjs';
import { sidebar } from '../tests/e2e/helpers/sidebar.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXT = join(ROOT, '.output', 'chrome-mv3');
const SHOTS = join(ROOT, '.output', 'demo');
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

const PAGES = [
  { name: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxzPilotPricingQ1', file: 'tests/fixtures/pages/gmail-thread.html', route: 'https://mail.google.com/**' },
  { name: 'outlook', url: 'https://outlook.office.com/mail/inbox/id/DEMO1', file: 'demo/outlook.html', route: 'https://outlook.office.com/**' },
  { name: 'linkedin', url: 'https://www.linkedin.com/in/prospect-lens.demo.marta-oliveira/', file: 'demo/linkedin.html', route: 'https://www.linkedin.com/**' },
];

/**
 * The demo's CRM (scripts/demo-crm.ts): a loopback HubSpot whose team has called Dana and holds an
 * open deal of her company, so the cards show the sales lane and the deal. `--no-crm` leaves it out.
 */
async function startDemoCrm() {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'vite-node'), [join(ROOT, 'scripts', 'demo-crm.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`the demo CRM exited (${code})`)));
  });
  return { ...JSON.parse(line), stop: () => child.kill('SIGTERM') };
}

async function connectDemoCrm(context, extensionId, crm) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const form = options.locator('[data-testid="destination-form"]');
  await form.locator('select[name="destination"]').selectOption('hubspot');
  await options.locator('[data-testid="destination-form"][data-destination="hubspot"]').waitFor();
  await form.locator('input[name="baseUrl"]').fill(crm.url);
  await form.locator('input[name="token"]').fill(crm.token);
  await form.locator('input[name="useAsSource"]').setChecked(true);
  await form.locator('button[type="submit"]').click();
  await form.locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
  await options.close();
}

function build() {
  const wxt = join(ROOT, 'node_modules', '.bin', 'wxt');
  const { status } = spawnSync(wxt, ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (status !== 0) throw new Error('wxt build failed');
}

/** What each card in `root` (a document, or the sidebar's shadow root) shows. Runs in the browser. */
function describeCards(root) {
  return [...root.querySelectorAll('[data-testid="prospect-card"]')].map((card) => {
    const value = (id) => card.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') || '–';
    return {
      key: card.getAttribute('data-prospect-key'),
      known: card.getAttribute('data-known'),
      stage: value('lifecycle-stage'),
      score: value('lead-score'),
      heat: value('heat'),
      journey: value('journey-stage'),
      events: card.querySelectorAll('[data-testid="engagement-event"]').length,
      owner: value('owner'),
      sales: [...card.querySelectorAll('[data-testid="sales-activity"]')].map((a) => `${a.getAttribute('data-type')} by ${a.getAttribute('data-author') || 'a colleague'}`),
      deals: [...card.querySelectorAll('[data-testid="deal"]')].map((d) => `${d.getAttribute('data-stage')} ${d.getAttribute('data-amount')} ${d.getAttribute('data-currency')}`.trim()),
    };
  });
}

function print(name, cards) {
  console.log(`\n${name}: ${cards.length} ${cards.length === 1 ? 'person' : 'people'} detected`);
  for (const c of cards) {
    console.log(`  ${c.known === 'true' ? '●' : '○'} ${c.key}  stage=${c.stage} score=${c.score} heat=${c.heat} journey=${c.journey} events=${c.events}`);
    if (c.owner !== '–' || c.sales.length || c.deals.length) console.log(`      owner=${c.owner} team=[${c.sales.join(', ')}] deals=[${c.deals.join('; ')}]`);
  }
}

async function main() {
  const executablePath = ensureChromium();
  console.log('Building the extension…');
  build();
  const crm = process.argv.includes('--no-crm') ? undefined : await startDemoCrm();
  const profile = mkdtempSync(join(tmpdir(), 'prospect-lens-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    const extensionId = new URL(worker.url()).host;
    for (const page of PAGES) {
      const body = readFileSync(join(ROOT, page.file), 'utf8');
      await context.route(page.route, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }));
    }

    console.log('Loading the demo data set through the options page…');
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#import`);
    await options.getByRole('button', { name: 'Load demo data' }).click();
    const status = options.getByRole('status').filter({ hasText: /^Demo data/ });
    await status.waitFor({ timeout: 60_000 });
    console.log(`  ${await status.textContent()}`);
    if (crm) {
      console.log(`Connecting the demo CRM (a loopback HubSpot at ${crm.url})…`);
      await connectDemoCrm(context, extensionId, crm);
    }
    // The welcome page opened on install is not part of the tour.
    for (const p of context.pages()) if (p.url().endsWith('/welcome.html')) await p.close();

    mkdirSync(SHOTS, { recursive: true });
    for (const demo of PAGES) {
      const page = await context.newPage();
      await page.goto(demo.url);
      if (demo.name === 'linkedin') {
        // LinkedIn context shows in the side panel, never inside LinkedIn's page: open the panel page for this tab.
        const probe = await context.newPage();
        await probe.goto(`chrome-extension://${extensionId}/manifest.json`);
        const tabId = await probe.evaluate(async () => (await chrome.tabs.query({ url: 'https://www.linkedin.com/*' }))[0]?.id);
        await probe.close();
        await page.waitForTimeout(500);
        const panel = await context.newPage();
        await panel.setViewportSize({ width: 360, height: 900 });
        await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
        await panel.locator('[data-testid="prospect-card"]').first().waitFor({ timeout: 15_000 });
        print('LinkedIn (side panel)', await panel.evaluate(`(${describeCards})(document)`));
        if (headless) await panel.screenshot({ path: join(SHOTS, 'linkedin-sidepanel.png'), fullPage: true });
        continue;
      }
      // The sidebar's shadow root is closed: read through DevTools, as the tests do.
      const bar = sidebar(page);
      await bar.waitFor('[data-testid="prospect-card"]', { timeout: 15_000 });
      // The demo CRM answers behind the cached card: wait for its deal on the thread's sender.
      if (crm && demo.name === 'gmail') await bar.waitFor('[data-testid="deal"]', { timeout: 15_000, state: 'attached' }).catch(() => undefined);
      await page.waitForTimeout(300);
      print(demo.name === 'gmail' ? 'Gmail' : 'Outlook on the web', await bar.evaluate(describeCards));
      if (headless) await page.screenshot({ path: join(SHOTS, `${demo.name}.png`) });
    }

    if (headless) {
      console.log(`\nScreenshots: ${SHOTS}`);
    } else {
      console.log('\nThe demo is open. Close the browser window to end it.');
      await new Promise((resolve) => context.on('close', resolve));
    }
  } finally {
    crm?.stop();
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
