/**
 * Bundle sizes of each surface, raw and gzip. The content script in three figures
 * (docs/architecture.md, "What the content script carries"): `content`, what every tab of a site that
 * is on gets at start (the script the background registers at run time, plus any the manifest
 * declares); `contentSidebar`, the sidebar script the background injects once someone is found; and
 * `contentTotal`, both, which is everything injected into a mail or LinkedIn tab. Then the background
 * worker with every chunk it imports, and each page with
 * everything its HTML loads (scripts, modulepreloads, stylesheets and the chunks they import). Chunks a
 * page only imports on demand (`import()`) are listed apart: they load when a feature is used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

// A specifier is a script path: text such as `warn("could not repair an earlier import", e)` is not one.
const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']([^"'\s]+\.m?js)["']|export\s*[^'"()]*?from\s*["']([^"'\s]+\.m?js)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["']([^"']+)["']\s*\)/g;
const HTML_REF = /<(?:script[^>]*\ssrc|link[^>]*\shref)=["']([^"']+)["']/g;

/** Build-relative path of `spec` imported from `from` (both build-relative, POSIX). */
function resolveFrom(from, spec) {
  return spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(from), spec));
}

/** `roots` and every file they import statically, transitively; plus what they import dynamically. */
export function closure(buildDir, roots) {
  const files = new Set();
  const lazy = new Set();
  const visit = (path) => {
    if (files.has(path)) return;
    files.add(path);
    if (!path.endsWith('.js')) return;
    const code = readFileSync(join(buildDir, path), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) visit(resolveFrom(path, m[1] ?? m[2]));
    for (const m of code.matchAll(DYNAMIC_IMPORT)) lazy.add(resolveFrom(path, m[1]));
  };
  roots.forEach(visit);
  return { files: [...files], lazy: [...lazy].filter((f) => !files.has(f)) };
}

function measure(buildDir, paths) {
  let raw = 0;
  let gzip = 0;
  for (const path of paths) {
    const bytes = readFileSync(join(buildDir, path));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: paths };
}

function pageRoots(buildDir, html) {
  const text = readFileSync(join(buildDir, html), 'utf8');
  return [html, ...[...text.matchAll(HTML_REF)].map((m) => resolveFrom(html, m[1])).filter((p) => !p.startsWith('http'))];
}

/**
 * What lib/background/registration.ts registers (CONTENT_SCRIPT_FILES), one script per site; a tab gets
 * its site's. Builds from before session 23 had one script for every site. The bench cannot import
 * TypeScript, so the names are repeated here.
 */
const REGISTERED_CONTENT_SCRIPTS = ['content-gmail.js', 'content-outlook.js', 'content-linkedin.js'];
const ONE_CONTENT_SCRIPT = 'content-script.js';
/** What the background injects when the content script has someone to show (CONTENT_SIDEBAR_FILE). */
const SIDEBAR_SCRIPT = 'content-sidebar.js';

export function bundleSizes(buildDir) {
  const manifest = JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8'));
  const declared = (manifest.content_scripts ?? []).flatMap((cs) => [...(cs.js ?? []), ...(cs.css ?? [])]);
  const perSite = REGISTERED_CONTENT_SCRIPTS.filter((file) => existsSync(join(buildDir, file)));
  const registered = perSite.length > 0 ? perSite : [ONE_CONTENT_SCRIPT];
  // Each site's tab gets its own script: the budget holds for the heaviest.
  const starts = registered.map((file) => closure(buildDir, [...new Set([file, ...declared])]));
  const heaviest = (list) => list.reduce((a, b) => (measure(buildDir, b.files).gzip > measure(buildDir, a.files).gzip ? b : a));
  const startup = heaviest(starts);
  // A build from before issue 18 (bench --source) has no sidebar script: its sidebar is in the start.
  const sidebar = existsSync(join(buildDir, SIDEBAR_SCRIPT)) ? closure(buildDir, [SIDEBAR_SCRIPT]) : { files: [], lazy: [] };
  const total = heaviest(starts.map((start) => ({ files: [...new Set([...start.files, ...sidebar.files])], lazy: [] })));
  const surfaces = {
    content: startup,
    contentSidebar: sidebar,
    contentTotal: total,
    background: closure(buildDir, [manifest.background.service_worker]),
    popup: closure(buildDir, pageRoots(buildDir, manifest.action.default_popup)),
    options: closure(buildDir, pageRoots(buildDir, manifest.options_ui.page)),
    sidepanel: closure(buildDir, pageRoots(buildDir, manifest.side_panel.default_path)),
  };
  return Object.fromEntries(
    Object.entries(surfaces).map(([name, { files, lazy }]) => [name, { ...measure(buildDir, files), lazy: measure(buildDir, lazy) }]),
  );
}

/**
 * gzip budgets (DESIGN.md, "Performance budgets"): everything injected into a tab ≤ 35 KB; of it, what
 * a tab gets at start ≤ 25 KB (issue 18). The sidebar script has no budget of its own: it is in the total.
 */
export const SIZE_BUDGETS_GZIP = { content: 25 * 1024, contentTotal: 35 * 1024, background: 120 * 1024 };
export const SIZE_LABELS = {
  content: 'content script at start (the heaviest site\'s)',
  contentSidebar: 'sidebar script (once someone is found)',
  contentTotal: 'content, all injected into a tab',
  background: 'background',
};
