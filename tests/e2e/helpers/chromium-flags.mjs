/**
 * How the tests, the benchmarks and the screenshots launch Chromium (`launchChromium`): the flags all
 * pass, the features all turn off, the environment all give it, and the check that the features stay
 * off. Plain JavaScript (types in chromium-flags.d.mts) so bench/lib/browser.mjs and scripts/ share it
 * with tests/e2e/helpers/launch.ts; docs/testing.md, "What Chromium does not run".
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Playwright's persistent context in `profileDir`, with `options` as Playwright takes them but for
 * `args`, which come before ours (CHROMIUM_FLAGS), and `env`, which is added to chromiumEnv's. Closed
 * again, and the error thrown, when the check below fails.
 */
export async function launchChromium(profileDir, { args = [], env = {}, ...options }) {
  const context = await chromium.launchPersistentContext(profileDir, { ...options, args: [...args, ...CHROMIUM_FLAGS], env: chromiumEnv(env) });
  try {
    await checkDisabledFeatures(context);
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
  return context;
}

/**
 * The features Chromium runs without. Chromium keeps only the last `--disable-features` it is given, and
 * Playwright passes a list of its own before ours, so ours repeats Playwright's (playwright-core 1.65.1)
 * and adds two; `checkDisabledFeatures` fails a launch where Playwright's list has one ours lacks.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying',
  'AimEnabled', 'PreconnectToSearch', 'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
  // Ours: Chromium 156 draws the address bar's suggestions with two pages of its own
  // (chrome://omnibox-popup.top-chrome/), kept loaded in a renderer that every tab opened and every content
  // script registered also reaches. Headless, nobody types in the address bar. A DevTools trace of
  // gmail-sidebar put that renderer at 0.7–1.2 s of CPU per file (docs/testing.md, "Session 27").
  'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup',
];

/** The flags every test, benchmark and screenshot Chromium gets. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

/**
 * Chromium's environment: ours, with a PATH whose `xdg-desktop-menu` and `xdg-icon-resource` do nothing.
 * On Linux, Chromium runs both on every extension uninstall, to delete the desktop shortcuts an app
 * might have made (four shell scripts, each starting a dozen `sed`/`grep`/`rm`); ours makes none, and
 * each file of the suite uninstalls its copy. Without them, eight light files of the suite used 78–93 s of
 * CPU (mean 83) instead of 82–108 s (mean 94), over six and five runs (docs/testing.md, "Session 27").
 */
function chromiumEnv(extra) {
  return { ...process.env, PATH: `${desktopScriptStubs()}:${process.env.PATH ?? ''}`, ...extra };
}

let stubs;

function desktopScriptStubs() {
  if (stubs) return stubs;
  const dir = mkdtempSync(join(tmpdir(), 'prospect-lens-xdg-'));
  for (const name of ['xdg-desktop-menu', 'xdg-icon-resource']) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (stubs = dir);
}

/**
 * Throws unless the last `--disable-features` on Chromium's command line (ours) holds every feature the
 * earlier ones (Playwright's) name: Chromium would run with those on again. Read off chrome://version,
 * in a page closed again.
 */
async function checkDisabledFeatures(context) {
  const page = await context.newPage();
  try {
    await page.goto('chrome://version');
    const commandLine = await page.locator('#command_line').innerText();
    const lists = [...commandLine.matchAll(/--disable-features=(\S*)/g)].map(([, list]) => list.split(','));
    const last = new Set(lists.at(-1));
    const missing = lists.slice(0, -1).flat().filter((feature) => !last.has(feature));
    if (missing.length) {
      throw new Error(`Chromium keeps only the last --disable-features: add ${missing.join(', ')} to DISABLED_FEATURES (tests/e2e/helpers/chromium-flags.mjs).`);
    }
  } finally {
    await page.close();
  }
}
