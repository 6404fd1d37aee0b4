/**
 * What the background does for each request. Requests arrive here already checked by guard.ts.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { filterCandidates } from '../detect/filter';
import { FREE_MAIL_DOMAINS } from '../match/free-mail';
import { domainOf } from '../match/resolve';
import { type ConnectionTestResult, MessageError } from '../messaging';
import { platformInfo } from '../platform';
import type { Candidate } from '../model/prospect';
import type { Settings } from '../model/settings';
import type { ProspectView } from '../model/view';
import { recentErrors } from '../store/errors';
import { countEvents } from '../store/events';
import { rememberChoice } from '../store/matches';
import { recentActions } from '../store/outbox';
import { countProspects, searchProspects, upsertProspects } from '../store/prospects';
import { getSettings, updateSettings } from '../store/settings';
import { allTabs, getTab } from '../store/tabs';
import { deleteAction, editAction, logAction, retryAction } from '../sync/actions';
import { syncCounts } from '../sync/counts';
import { connectedSources, testConnection } from './connections';
import { storeFinder } from './finder';
import type { Caller } from './guard';
import { candidateFromKey } from './keys';
import { pageSettingsHandlers } from './page-settings';
import type { Handlers } from './router';
import { openPopupWindow, openSidePanelInGesture, setPanelForTab } from './surfaces';
import { broadcast, publishTab, repaintBadges, storeTabViews, type TabDetection } from './tab-state';
import { buildViews, prospectFromCandidate } from './views';

export interface BackgroundHooks {
  /** Something new is in the outbox: try to deliver it now. */
  kickSync(): void;
  drainNow(): Promise<{ attempted: number }>;
}

const viewDeps = {
  finder: storeFinder,
  sources: async () => connectedSources(await getSettings()),
  settings: getSettings,
  recentActions: (key: string) => recentActions(5, key),
  now: () => clock.now(),
};

function requireTab(caller: Caller): number {
  if (caller.tabId === undefined) throw new MessageError('invalid', 'This request needs a tab');
  return caller.tabId;
}

/**
 * Builds a tab's views, stores and paints them, and publishes the fresher views when sources answer.
 * `announce` tells open side panels the tab changed; a side panel's own `tab/get` must not, or the
 * panel would ask again at once, forever.
 */
export async function viewsForTab(
  detection: TabDetection,
  { announce = true, refresh = false }: { announce?: boolean; refresh?: boolean } = {},
): Promise<ProspectView[]> {
  const candidates = visibleCandidates(detection.candidates, await getSettings(), detection.selfAddresses);
  const views = await buildViews(candidates, viewDeps, {
    refresh,
    onRefreshed: (fresher) => {
      void storeTabViews(detection, fresher).then(publishTab);
    },
  });
  await storeTabViews(detection, views);
  if (announce) broadcast({ type: 'push/tab-updated', tabId: detection.tabId });
  return views;
}

/**
 * Drops the user, colleagues, automated senders and muted people. Colleagues are addresses on the own
 * domains from Options and, until those are set, on the signed-in account's domain as the page shows it
 * (unless that is a free-mail provider): a rep's own team is never a prospect.
 */
function visibleCandidates(candidates: Candidate[], settings: Settings, selfAddresses: string[] = []): Candidate[] {
  const signedInDomains = selfAddresses.map((a) => domainOf(a.toLowerCase())).filter((d): d is string => !!d && !FREE_MAIL_DOMAINS.has(d));
  return filterCandidates(candidates, {
    selfAddresses,
    myAddresses: settings.myAddresses,
    ownDomains: settings.ownDomains.length > 0 ? settings.ownDomains : signedInDomains,
    ignoreList: settings.ignoreList,
  });
}

/** Rebuilds every stored tab that shows `prospectKey` (an action was logged or synced, a match chosen). */
export async function refreshTabsShowing(prospectKey?: string): Promise<void> {
  for (const tab of await allTabs()) {
    if (prospectKey && !tab.views.some((v) => v.key === prospectKey || v.detectedKey === prospectKey)) continue;
    const views = await viewsForTab(tab);
    await publishTab({ ...tab, views });
  }
}

async function afterActionsChanged(prospectKey: string | undefined, hooks: BackgroundHooks): Promise<void> {
  hooks.kickSync();
  broadcast({ type: 'push/actions-changed' });
  await repaintBadges();
  await refreshTabsShowing(prospectKey);
}

export function createHandlers(hooks: BackgroundHooks): Handlers {
  return {
    ...pageSettingsHandlers,

    async detected(request, caller) {
      const tabId = requireTab(caller);
      void setPanelForTab(tabId);
      return viewsForTab({ tabId, url: request.url, candidates: request.candidates, selfAddresses: request.selfAddresses });
    },

    async 'tab/get'(request) {
      const tab = await getTab(request.tabId);
      if (!tab) return null;
      // Rebuild so the panel shows the latest actions and cache; the stored views are the fallback.
      const views = await viewsForTab(tab, { announce: false }).catch(() => tab.views);
      return { ...tab, views };
    },

    async lookup(request, caller) {
      // A card's Retry: refresh the whole tab it belongs to, so its sidebar and panel update too.
      const tab = await getTab(request.tabId ?? caller.tabId ?? -1);
      if (tab && request.keys.every((k) => tab.views.some((v) => v.key === k || v.detectedKey === k))) {
        const views = await viewsForTab(tab, { refresh: request.refresh });
        await publishTab({ ...tab, views });
        return views.filter((v) => request.keys.includes(v.key) || request.keys.includes(v.detectedKey));
      }
      return buildViews(request.keys.map(candidateFromKey), viewDeps, { refresh: request.refresh });
    },

    async search(request) {
      const found = await searchProspects(request.query, request.limit);
      return found.map((p) => ({ key: p.key, name: p.name, company: p.company, email: p.emails[0] }));
    },

    async 'action/log'(request) {
      const settings = await getSettings();
      const action = await logAction(request.action, settings.destination);
      void afterActionsChanged(action.prospectKey, hooks);
      return action;
    },

    async 'action/update'(request) {
      const action = await editAction(request.id, request.action);
      void afterActionsChanged(action.prospectKey, hooks);
      return action;
    },

    async 'action/delete'(request) {
      const deleted = await deleteAction(request.id);
      void afterActionsChanged(undefined, hooks);
      return { deleted };
    },

    async 'action/retry'(request) {
      const action = await retryAction(request.id);
      void afterActionsChanged(action.prospectKey, hooks);
      return action;
    },

    async 'action/list'(request) {
      const [actions, counts] = await Promise.all([recentActions(request.limit, request.prospectKey), syncCounts()]);
      return { actions, ...counts };
    },

    async 'match/choose'(request, caller) {
      await rememberChoice(request.detectedKey, request.chosenKey);
      if (caller.tabId !== undefined) {
        const tab = await getTab(caller.tabId);
        if (tab) {
          const views = await viewsForTab(tab);
          await publishTab({ ...tab, views });
          return views;
        }
      }
      return buildViews([candidateFromKey(request.detectedKey)], viewDeps);
    },

    async 'ignore/add'(request) {
      await updateSettings((s) => ({ ...s, ignoreList: [...new Set([...s.ignoreList, request.entry])] }));
      await refreshTabsShowing(request.entry);
      return { ignored: request.entry };
    },

    async 'prospect/add'(request) {
      const [stored] = await upsertProspects([{ ...prospectFromCandidate(request.candidate), origin: 'manual', updatedAt: clock.iso() }]);
      const [view] = await buildViews([request.candidate], viewDeps);
      void refreshTabsShowing(stored?.key);
      if (!view) throw new MessageError('internal', 'Could not build the card');
      return view;
    },

    async 'sidepanel/open'(request, caller) {
      // A message carries no gesture of its own: this opens only while the browser still counts the sender's click.
      return { opened: await openSidePanelInGesture(request.tabId ?? caller.tabId) };
    },

    async 'popup/open'(request, caller) {
      return { opened: await openPopupWindow(caller.tabId, request.prospectKey, request.actionType) };
    },

    async 'connection/test'(request): Promise<ConnectionTestResult> {
      return testConnection(request.kind, await getSettings());
    },

    async 'sync/now'() {
      return hooks.drainNow();
    },

    async diagnostics() {
      const settings = await getSettings();
      const manifest = browser.runtime.getManifest();
      return {
        extension: { name: 'Prospect Lens', version: manifest.version, manifestVersion: manifest.manifest_version },
        userAgent: globalThis.navigator?.userAgent,
        platform: platformInfo(),
        at: clock.iso(),
        // Settings hold no credentials (those live in the secrets store), so they can be shared as they are.
        settings,
        store: { prospects: await countProspects(), events: await countEvents() },
        sync: await syncCounts(),
        recentErrors: await recentErrors(),
      };
    },
  };
}
