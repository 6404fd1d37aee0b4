import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of the built manifest.json the e2e tests look at. */
export interface BuiltManifest {
  manifest_version: number;
  name: string;
  version: string;
  background?: { service_worker?: string; type?: string };
  action?: { default_popup?: string };
  options_ui?: { page?: string };
  side_panel?: { default_path?: string };
  content_scripts?: { matches: string[]; js?: string[]; run_at?: string }[];
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
}

export function readBuiltManifest(buildDir: string): BuiltManifest {
  const path = join(buildDir, 'manifest.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BuiltManifest;
  } catch (error) {
    throw new Error(`No readable build at ${path}: run \`npm test\` or \`npx wxt build\` first.`, { cause: error });
  }
}
