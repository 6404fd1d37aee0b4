/**
 * Bundles a bench page entry (bench/pages/*.ts) with esbuild — the one that comes with vite — into
 * a single IIFE that a page can load as one script, resolving the project's `@/` alias through
 * tsconfig.json (esbuild applies the given tsconfig, and so its paths, to every file).
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.mjs';

/** `sourceRoot`: the project tree whose lib/ the page runs (another checkout to compare with). */
export async function bundlePage(entry, sourceRoot = PROJECT_ROOT) {
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, 'bench', 'pages', entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    tsconfig: join(sourceRoot, 'tsconfig.json'),
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}
