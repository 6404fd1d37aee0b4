/**
 * The manifest's reach, as a committed snapshot: adding a permission, a host, a content-script match,
 * `externally_connectable`, web-accessible resources or a custom CSP fails this test until the
 * snapshot is updated on purpose (and the change reviewed). The manifest is made by the same
 * function the build uses; `npm run test:hardening` also compares the built manifests to this snapshot.
 */
import { describe, expect, it } from 'vitest';
import config from '@/wxt.config';
import contentScript from '@/entrypoints/content/index';
import { manifestSurface } from '../../hardening/support/manifest-surface';
import snapshot from './manifest.snapshot.json';


type ManifestFn = (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Record<string, unknown>;

describe('manifest snapshot', () => {
  it.each(['chrome', 'firefox'])('%s: permissions, hosts and content-script matches are exactly the reviewed ones', (browser) => {
    const manifest = (config.manifest as ManifestFn)({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
    const surface = manifestSurface({ ...manifest, content_scripts: [{ matches: contentScript.matches as string[] }] });
    expect(surface, 'The manifest gained or lost reach: review the change, then update manifest.snapshot.json').toEqual(snapshot[browser as keyof typeof snapshot]);
  });
});
