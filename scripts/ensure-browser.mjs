#!/usr/bin/env node
/**
 * Finds the browsers the end-to-end tests drive — Chromium, and Firefox ESR for the Firefox suite —
 * and installs Debian's package when one is missing and this process may do so (root, apt-get
 * present). It never lets the browser tests be skipped quietly: without a browser it fails and says
 * how to get one.
 *
 * Only Chromium builds are candidates: branded Google Chrome (137 and later) ignores --load-extension,
 * so it cannot load the unpacked build. Any Firefox loads a temporary add-on; ESR is what CI installs.
 *
 * Usage: `node scripts/ensure-browser.mjs [chromium|firefox]` prints the path, or explains and exits 1.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** Where Debian's Chromium keeps its UI languages' resources. */
const DEBIAN_LOCALES = '/usr/lib/chromium/locales';
const DEBIAN_FIREFOX = '/usr/lib/firefox-esr';
export const DEBIAN_FIREFOX_LANGPACK = `${DEBIAN_FIREFOX}/browser/extensions/langpack-de@firefox-esr.mozilla.org.xpi`;
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

const HOW_TO_GET_ONE =
  'Install Debian\'s package as root (`apt-get update && apt-get install -y chromium`), ' +
  'or set CHROMIUM_PATH to a Chromium binary (not Google Chrome, which ignores --load-extension).';
const HOW_TO_GET_FIREFOX =
  'Install Debian\'s package as root (`apt-get update && apt-get install -y firefox-esr`), ' +
  'or set FIREFOX_PATH to a Firefox binary.';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to use, or undefined. A CHROMIUM_PATH that does not point at a program is an error. */
export function findChromium(env = process.env) {
  return findBrowser(env, 'CHROMIUM_PATH', CANDIDATES);
}

/** The Firefox to use, or undefined. A FIREFOX_PATH that does not point at a program is an error. */
export function findFirefox(env = process.env) {
  return findBrowser(env, 'FIREFOX_PATH', FIREFOX_CANDIDATES);
}

function findBrowser(env, variable, candidates) {
  const override = env[variable];
  if (override) {
    if (!isExecutable(override)) throw new Error(`${variable}=${override} is not an executable file.`);
    return override;
  }
  return candidates.find(isExecutable);
}

function canInstallWithApt() {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function installWithApt(pkg, howTo) {
  console.log(`${pkg} is missing: installing Debian's package for the end-to-end tests…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', pkg]]) {
    const { status } = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${status}). ${howTo}`);
  }
}

/**
 * Returns the Chromium path, installing it first when possible, and exports it as CHROMIUM_PATH so
 * child processes (vitest workers) use the same binary.
 */
export function ensureChromium() {
  let path = findChromium();
  if (!path && canInstallWithApt()) {
    installWithApt('chromium', HOW_TO_GET_ONE);
    path = findChromium();
  }
  if (!path) throw new Error(`No Chromium found for the end-to-end tests. ${HOW_TO_GET_ONE}`);
  // Debian's Chromium ships only en-US resources; a browser in German (tests/e2e/german.e2e.test.ts)
  // needs the others, which `chromium-l10n` holds. Without them Chromium quietly stays English.
  if (existsSync(DEBIAN_LOCALES) && !existsSync(`${DEBIAN_LOCALES}/de.pak`) && canInstallWithApt()) {
    installWithApt('chromium-l10n', 'Install it as root: `apt-get install -y chromium-l10n`.');
  }
  process.env.CHROMIUM_PATH = path;
  return path;
}

/** The same for Firefox (Debian's `firefox-esr`), exported as FIREFOX_PATH. */
export function ensureFirefox() {
  let path = findFirefox();
  if (!path && canInstallWithApt()) {
    installWithApt('firefox-esr', HOW_TO_GET_FIREFOX);
    path = findFirefox();
  }
  if (!path) throw new Error(`No Firefox found for the Firefox end-to-end tests. ${HOW_TO_GET_FIREFOX}`);
  // Firefox in German (tests/e2e-firefox/german.firefox.test.ts) needs Debian's German language pack;
  // without it Firefox quietly stays English.
  if (existsSync(DEBIAN_FIREFOX) && !existsSync(DEBIAN_FIREFOX_LANGPACK) && canInstallWithApt()) {
    installWithApt('firefox-esr-l10n-de', 'Install it as root: `apt-get install -y firefox-esr-l10n-de`.');
  }
  process.env.FIREFOX_PATH = path;
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(process.argv[2] === 'firefox' ? ensureFirefox() : ensureChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
