/**
 * "Copy diagnostics": what support needs to understand a problem, and nothing that identifies a
 * person or a secret. Connections appear as their origin only (a webhook URL's path is often itself a
 * credential), lists as counts, never addresses, domains or keys.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { connectionOrigin, definitions } from '../connectors/catalog';
import type { ConnectorDefinition } from '../connectors/types';
import type { Settings } from '../model/settings';
import { platformInfo } from '../platform';
import { recentErrors } from '../store/errors';
import { detectionHealth } from '../store/detection-health';
import { countEvents } from '../store/events';
import { countProspects } from '../store/prospects';
import { getSettings } from '../store/settings';
import { syncCounts } from '../sync/counts';

/**
 * A connection as support may see it: the origin it talks to, its switches and choices, and the texts
 * its connector marks as diagnostic (an owner id); never another text, and never a credential.
 */
function connectionForDiagnostics(connector: ConnectorDefinition, config: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = { origin: connectionOrigin(connector, config) };
  for (const field of connector.fields) {
    const kept = field.type === 'checkbox' || field.type === 'select' || field.type === 'private-host' || (field.type === 'text' && field.diagnostic);
    if (kept && field.name in config) shown[field.name] = config[field.name];
  }
  return shown;
}

/** Settings with every address reduced to an origin and every list to its length. */
export function settingsForDiagnostics(settings: Settings) {
  const configured = settings.connections as Readonly<Record<string, Record<string, unknown> | undefined>>;
  const connections: Record<string, Record<string, unknown>> = {};
  for (const connector of definitions()) {
    const config = configured[connector.kind];
    if (config) connections[connector.kind] = connectionForDiagnostics(connector, config);
  }
  return {
    sites: settings.sites,
    ownDomains: settings.ownDomains.length,
    myAddresses: settings.myAddresses.length,
    ignoreList: settings.ignoreList.length,
    destination: settings.destination,
    connections,
    retentionDays: settings.retentionDays,
    cacheTtlHours: settings.cacheTtlHours,
    display: settings.display,
    onboarded: settings.onboarded,
  };
}

export async function diagnostics(): Promise<Record<string, unknown>> {
  const manifest = browser.runtime.getManifest();
  return {
    extension: { name: 'Prospect Lens', version: manifest.version, manifestVersion: manifest.manifest_version },
    userAgent: globalThis.navigator?.userAgent,
    platform: platformInfo(),
    at: clock.iso(),
    settings: settingsForDiagnostics(await getSettings()),
    store: { prospects: await countProspects(), events: await countEvents() },
    sync: await syncCounts(),
    recentErrors: await recentErrors(),
    detectionHealth: await detectionHealth(),
  };
}
