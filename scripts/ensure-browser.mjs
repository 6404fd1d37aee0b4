#!/usr/bin/env node
/**
 * Finds the Chromium the end-to-end tests drive, and installs Debian's package when it is missing and
 * this process may do so (root, apt-get present). It never lets the browser tests be skipped quietly:
 * without a browser it fails and says how to get one.
 *
 * Only Chromium builds are candidates: branded Google Chrome (137 and later) ignores --load-extension,
 * so it cannot load the unpacked build.
 *
 * Usage: `node scripts/ensure-browser.mjs` prints the path, or explains and exits 1.
 */
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const HOW_TO_GET_ONE =
  'Install Debian\'s package as root (`apt-get update && apt-get install -y chromium`), ' +
  'or set CHROMIUM_PATH to a Chromium binary (not Google Chrome, which ignores --load-extension).';

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
  const override = env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutable(override)) throw new Error(`CHROMIUM_PATH=${override} is not an executable file.`);
    return override;
  }
  return CANDIDATES.find(isExecutable);
}

function canInstallWithApt() {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function installWithApt() {
  console.log('Chromium is missing: installing Debian\'s package for the end-to-end tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const { status } = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${status}). ${HOW_TO_GET_ONE}`);
  }
}

/**
 * Returns the Chromium path, installing it first when possible, and exports it as CHROMIUM_PATH so
 * child processes (vitest workers) use the same binary.
 */
export function ensureChromium() {
  let path = findChromium();
  if (!path && canInstallWithApt()) {
    installWithApt();
    path = findChromium();
  }
  if (!path) throw new Error(`No Chromium found for the end-to-end tests. ${HOW_TO_GET_ONE}`);
  process.env.CHROMIUM_PATH = path;
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
