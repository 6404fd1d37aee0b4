/**
 * The service worker (Chrome) / event page (Firefox). Wiring only: every listener is registered
 * synchronously at start, before anything is awaited, so events that woke the worker are not missed.
 * The work itself lives in lib/background and lib/sync.
 */
import '@/lib/model/zod';
import { browser } from 'wxt/browser';
import { candidateFromMailto, candidatesFromText } from '@/lib/detect/lookup';
import { createHandlers, refreshTabsShowing, viewsForTab } from '@/lib/background/handlers';
import { openWelcome } from '@/lib/background/install';
import { enabledSites, injectIntoOpenTabs, syncContentScriptRegistration } from '@/lib/background/registration';
import { applyRetention, RETENTION_ALARM } from '@/lib/background/retention';
import { createRouter } from '@/lib/background/router';
import { CONTEXT_MENU_ID, createContextMenu, openSidePanelInGesture, setPanelForTab } from '@/lib/background/surfaces';
import { broadcast, pushToTab, repaintBadges } from '@/lib/background/tab-state';
import { destinationFor } from '@/lib/background/connections';
import { getSettings } from '@/lib/store/settings';
import { getProspect } from '@/lib/store/prospects';
import { forgetTab } from '@/lib/store/tabs';
import { recordError } from '@/lib/store/errors';
import { startSync } from '@/lib/sync/scheduler';

export default defineBackground({
  type: 'module',
  main() {
    const sync = startSync({
      resolveDestination: async (kind) => destinationFor(kind, await getSettings()),
      getProspect,
      notificationIcon: browser.runtime.getURL('/icon/128.png'),
      onSynced: (result) => {
        if (result.attempted === 0) return;
        void repaintBadges();
        broadcast({ type: 'push/actions-changed' });
        void refreshTabsShowing();
      },
    });

    const route = createRouter(
      createHandlers({ kickSync: () => sync.kick(), drainNow: () => sync.syncNow() }),
      () => ({ id: browser.runtime.id, origin: browser.runtime.getURL('/') }),
    );

    browser.runtime.onMessage.addListener((message, sender, sendResponse?: (reply: unknown) => void) => {
      const reply = route(message, sender);
      if (typeof sendResponse !== 'function') return reply;
      void reply.then(sendResponse);
      return true;
    });

    browser.runtime.onInstalled.addListener(({ reason }) => {
      createContextMenu(browser.i18n.getMessage('contextMenuLookup') || 'Look up in Prospect Lens');
      browser.alarms.create(RETENTION_ALARM, { periodInMinutes: 24 * 60 });
      // Register the content script for the sites that are on, then give it to the tabs already open.
      void getSettings()
        .then(async (settings) => {
          await syncContentScriptRegistration(settings, { injectNewSites: false });
          await injectIntoOpenTabs(enabledSites(settings));
        })
        .catch((e) => recordError('registration', e));
      if (reason === 'install') void openWelcome();
    });

    // Registrations persist across sessions (Chrome ≥ 96, Firefox ≥ 105); checking costs one call and
    // repairs one that was lost.
    browser.runtime.onStartup.addListener(() => {
      void getSettings()
        .then((settings) => syncContentScriptRegistration(settings))
        .catch((e) => recordError('registration', e));
    });

    browser.contextMenus.onClicked.addListener((info, tab) => {
      if (info.menuItemId !== CONTEXT_MENU_ID || tab?.id === undefined) return;
      // Inside the click's gesture: open the panel first, then fill it.
      void openSidePanelInGesture(tab.id);
      const fromLink = info.linkUrl ? candidateFromMailto(info.linkUrl) : null;
      const candidates = fromLink ? [fromLink] : candidatesFromText(info.selectionText ?? '');
      void viewsForTab({ tabId: tab.id, url: tab.url ?? '', candidates, selfAddresses: [] }).catch((e) => recordError('context-menu', e));
    });

    browser.commands.onCommand.addListener((command, tab) => {
      if (command === 'open-side-panel') void openSidePanelInGesture(tab?.id);
      if (command === 'toggle-sidebar' && tab?.id !== undefined) pushToTab(tab.id, { type: 'push/toggle-sidebar' });
    });

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === RETENTION_ALARM) void applyRetention().catch((e) => recordError('retention', e));
    });

    // A connection saved in Options may unblock actions waiting for it; a site switched on or off
    // changes where the content script is registered.
    browser.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local' || !('settings' in changes)) return;
      sync.kick();
      void getSettings()
        .then((settings) => syncContentScriptRegistration(settings))
        .catch((e) => recordError('registration', e));
    });

    browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.status === 'loading' && change.url) void setPanelForTab(tabId);
    });
  },
});
