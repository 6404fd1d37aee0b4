/**
 * The parts of a manifest that decide what the extension may touch: permissions, host permissions,
 * optional hosts, and where content scripts run. Sorted, so only a real change shows as a difference.
 */
export interface ManifestLike {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
  content_security_policy?: unknown;
}

export function manifestSurface(manifest: ManifestLike) {
  const sorted = (list: string[] | undefined) => [...new Set(list ?? [])].sort();
  return {
    permissions: sorted(manifest.permissions),
    host_permissions: sorted(manifest.host_permissions),
    optional_host_permissions: sorted(manifest.optional_host_permissions),
    optional_permissions: sorted(manifest.optional_permissions),
    content_script_matches: sorted(manifest.content_scripts?.flatMap((script) => script.matches ?? [])),
    // A web page may only message the extension if this is present; it must stay absent.
    externally_connectable: manifest.externally_connectable ?? null,
    web_accessible_resources: manifest.web_accessible_resources ?? null,
    content_security_policy: manifest.content_security_policy ?? null,
  };
}
