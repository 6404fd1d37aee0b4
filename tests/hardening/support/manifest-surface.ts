/**
 * The parts of a manifest that decide what the extension may touch: permissions, host permissions,
 * optional hosts, and where and how content scripts run (every field of each, with the browser's
 * default written out when a field is absent). Lists of patterns are sorted, so only a real change
 * shows as a difference. (The content script is registered at run time instead: its options are
 * snapshotted by tests/unit/hardening/manifest.test.ts.)
 */
export interface ManifestContentScript {
  matches?: string[];
  exclude_matches?: string[];
  include_globs?: string[];
  exclude_globs?: string[];
  js?: string[];
  css?: string[];
  run_at?: string;
  all_frames?: boolean;
  match_about_blank?: boolean;
  match_origin_as_fallback?: boolean;
  world?: string;
  [other: string]: unknown;
}

export interface ManifestLike {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_scripts?: ManifestContentScript[];
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
  content_security_policy?: unknown;
}

const sorted = (list: string[] | undefined) => [...new Set(list ?? [])].sort();

/** One content script with every field present; a field this list does not know is kept as it is. */
function contentScriptSurface(script: ManifestContentScript) {
  const { matches, exclude_matches, include_globs, exclude_globs, js, css, run_at, all_frames, match_about_blank, match_origin_as_fallback, world, ...other } = script;
  return {
    matches: sorted(matches),
    exclude_matches: sorted(exclude_matches),
    include_globs: sorted(include_globs),
    exclude_globs: sorted(exclude_globs),
    js: js ?? [],
    css: css ?? [],
    run_at: run_at ?? 'document_idle',
    all_frames: all_frames ?? false,
    match_about_blank: match_about_blank ?? false,
    match_origin_as_fallback: match_origin_as_fallback ?? false,
    world: world ?? 'ISOLATED',
    ...other,
  };
}

export function manifestSurface(manifest: ManifestLike) {
  return {
    permissions: sorted(manifest.permissions),
    host_permissions: sorted(manifest.host_permissions),
    optional_host_permissions: sorted(manifest.optional_host_permissions),
    optional_permissions: sorted(manifest.optional_permissions),
    content_scripts: (manifest.content_scripts ?? []).map(contentScriptSurface),
    // A web page may only message the extension if this is present; it must stay absent.
    externally_connectable: manifest.externally_connectable ?? null,
    web_accessible_resources: manifest.web_accessible_resources ?? null,
    content_security_policy: manifest.content_security_policy ?? null,
  };
}
