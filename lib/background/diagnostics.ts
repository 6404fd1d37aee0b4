/**
 * "Copy diagnostics": what support needs to understand a problem, and nothing that identifies a
 * person or a secret. Connections appear as their origin only (a webhook URL's path is often itself a
 * credential), lists as counts, never addresses, domains or keys.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { originOf, type Settings } from '../model/settings';
import { platformInfo } from '../platform';
import { recentErrors } from '../store/errors';
import { countEvents } from '../store/events';
import { countProspects } from '../store/prospects';
import { getSettings } from '../store/settings';
import { syncCounts } from '../sync/counts';

/** Settings with every address reduced to an origin and every list to its length. */
export function settingsForDiagnostics(settings: Settings) {
  const { hubspot, mautic, webhook } = settings.connections;
  return {
    sites: settings.sites,
    ownDomains: settings.ownDomains.length,
    myAddresses: settings.myAddresses.length,
    ignoreList: settings.ignoreList.length,
    destination: settings.destination,
    connections: {
      ...(hubspot && { hubspot: { origin: originOf(hubspot.baseUrl), useAsSource: hubspot.useAsSource, createContacts: hubspot.createContacts, ownerId: hubspot.ownerId } }),
      ...(mautic && { mautic: { origin: originOf(mautic.baseUrl), useAsSource: mautic.useAsSource, authMethod: mautic.authMethod, feedbackAs: mautic.feedbackAs } }),
      ...(webhook && { webhook: { origin: originOf(webhook.url) } }),
    },
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
  };
}
