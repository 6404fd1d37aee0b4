/**
 * The extension's reach, as committed snapshots: adding a permission, a host, a content script or any
 * of its fields (matches, frames, about:blank, world, …), `externally_connectable`, web-accessible
 * resources or a custom CSP fails this test until the snapshot is updated on purpose (and the change
 * reviewed). The manifest declares no content script: the script is registered at run time
 * (lib/background/registration.ts), so the options passed to `registerContentScripts` are a snapshot
 * too. `npm run test:hardening` also compares the built manifests to manifest.snapshot.json.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '@/wxt.config';
import { contentScriptRegistrations } from '@/lib/background/registration';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import { manifestSurface } from '../../hardening/support/manifest-surface';
import snapshot from './manifest.snapshot.json';
import registrationSnapshot from './registration.snapshot.json';

type ManifestFn = (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Record<string, unknown>;

/** The entrypoint names WXT turns into manifest `content_scripts` (content.ts, x.content/index.tsx, …). */
const DECLARED_CONTENT_SCRIPT = /^(?:.+\.)?content(?:\.[jt]sx?|\.css|\.scss)?$/;

describe('manifest snapshot', () => {
  it.each(['chrome', 'firefox'])('%s: permissions, hosts and content scripts are exactly the reviewed ones', (browser) => {
    const manifest = (config.manifest as ManifestFn)({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
    const surface = manifestSurface(manifest);
    expect(surface, 'The manifest gained or lost reach: review the change, then update manifest.snapshot.json').toEqual(snapshot[browser as keyof typeof snapshot]);
  });

  it('no entrypoint adds a content script to the manifest (WXT would, for these names)', () => {
    const entrypoints = readdirSync(join(dirname(fileURLToPath(import.meta.url)), '../../../entrypoints'));
    expect(entrypoints.filter((name) => DECLARED_CONTENT_SCRIPT.test(name))).toEqual([]);
  });

  it('every content-script field of a manifest counts, with defaults written out', () => {
    const script = { matches: ['https://mail.google.com/*'], js: ['content-scripts/content.js'] };
    const base = manifestSurface({ content_scripts: [script] });
    expect(base.content_scripts).toEqual([
      {
        matches: ['https://mail.google.com/*'],
        exclude_matches: [],
        include_globs: [],
        exclude_globs: [],
        js: ['content-scripts/content.js'],
        css: [],
        run_at: 'document_idle',
        all_frames: false,
        match_about_blank: false,
        match_origin_as_fallback: false,
        world: 'ISOLATED',
      },
    ]);
    const changes = {
      matches: ['https://*/*'],
      exclude_matches: ['https://mail.google.com/x/*'],
      include_globs: ['*inbox*'],
      exclude_globs: ['*x*'],
      js: ['other.js'],
      css: ['page.css'],
      run_at: 'document_start',
      all_frames: true,
      match_about_blank: true,
      match_origin_as_fallback: true,
      world: 'MAIN',
      // A field this test does not know yet still shows.
      cookie_store_id: 'firefox-container-1',
    };
    for (const [field, value] of Object.entries(changes)) {
      expect(manifestSurface({ content_scripts: [{ ...script, [field]: value }] }), field).not.toEqual(base);
    }
  });

  it('the run-time registrations, with every site on, are exactly the reviewed ones', () => {
    expect(contentScriptRegistrations(DEFAULT_SETTINGS), 'The content scripts gained or lost reach: review, then update registration.snapshot.json').toEqual(registrationSnapshot);
  });
});
