/**
 * The service worker (Chrome) / event page (Firefox). Wiring only: every listener is registered
 * synchronously at start, before anything is awaited, so events that woke the worker are not missed.
 * The work itself lives in lib/background and lib/sync (docs/architecture.md).
 */
import '@/lib/model/zod';
import { browser } from 'wxt/browser';
import { paintBadge } from '@/lib/background/badge';
import { destinationFor } from '@/lib/background/connections';
import { createHandlers } from '@/lib/background/handlers';
import { openWelcome } from '@/lib/background/install';
import { pageGetsCards, sitesOff } from '@/lib/background/page-settings';
import { createRateLimiter } from '@/lib/background/rate-limit';
import { enabledSites, injectIntoOpenTabs, sitesGranted, syncContentScriptRegistration } from '@/lib/background/registration';
import { applyRetention, ensureRetentionAlarm, RETENTION_ALARM } from '@/lib/background/retention';
import { createRouter } from '@/lib/background/router';
import { commandsApi, CONTEXT_MENU_ID, contextMenusApi, createContextMenu, openSidePanelInGesture, setPanelForTab } from '@/lib/background/surfaces';
import { buildTabViews } from '@/lib/background/tab-builder';
import { createTabViews, loadingAddress, lookupAddress } from '@/lib/background/tab-views';
import { forgetLookupsOnErase, resetSourceFailures } from '@/lib/background/views';
import { deleteEverything } from '@/lib/data/erase';
import { contextMenuCandidates } from '@/lib/identity/lookup';
import type { Push } from '@/lib/model/messages';
import { onAccessGranted } from '@/lib/permissions';
import { sessionArea } from '@/lib/platform';
import { recordError } from '@/lib/store/errors';
import { startLegacyMigration } from '@/lib/store/event-migration';
import { countInState } from '@/lib/store/outbox';
import { getProspect } from '@/lib/store/prospects';
import { getSettings } from '@/lib/store/settings';
import { startSync } from '@/lib/sync/scheduler';
import { notificationsApi, openReminder } from '@/lib/sync/reminders';

/** To extension pages; nobody listening is normal (no side panel open). */
const pushToPages = (push: Push) => void browser.runtime.sendMessage(push).catch(() => undefined);
const pushToTab = (tabId: number, push: Push) => void browser.tabs.sendMessage(tabId, push).catch(() => undefined);

export default defineBackground({
  type: 'module',
  main() {
    const tabs = createTabViews({
      area: sessionArea(),
      build: buildTabViews,
      paintBadge: async (tabId, views) => paintBadge(tabId, views, await countInState('dead')),
      pushToTab,
      pushToPages,
      pageGetsCards,
    });

    const sync = startSync({
      resolveDestination: async (kind) => destinationFor(kind, await getSettings()),
      getProspect,
      notificationIcon: browser.runtime.getURL('/icon/128.png'),
      onSynced: (result) => {
        if (result.attempted === 0) return;
        void tabs.repaintBadges();
        pushToPages({ type: 'push/actions-changed' });
        void tabs.refreshTabs();
      },
    });

    // After access was granted: a source's failure remembered under the old state is not repeated on
    // the cards, actions waiting for access go, and open tabs are rebuilt.
    const afterAccessChange = () => {
      resetSourceFailures();
      sync.kick();
      void tabs.refreshTabs();
    };

    // A person changes what the page shows a few times a second at most; 20 at once covers a burst.
    const detections = createRateLimiter({ burst: 20, perSecond: 5 });
    // A card's Retry, a chosen match, the log form: clicks, a few in a row at most.
    const pageRequests = createRateLimiter({ burst: 10, perSecond: 1 });
    const route = createRouter(
      createHandlers({
        tabs,
        detections,
        pageRequests,
        kickSync: () => sync.kick(),
        drainNow: () => sync.syncNow(),
        settingsChanged: (settings, change) => {
          // A connection saved in Options may unblock actions waiting for it; a muted person or a new
          // own domain changes the cards; a site switched on or off changes where the content script runs.
          // The content script already running on a site switched off is never told (push/settings goes to
          // extension pages only): its tabs are emptied, and the rebuild gives its page no cards.
          void tabs.emptySites(sitesOff(settings)).catch((e: unknown) => recordError('settings', e));
          // Only a changed connection ends a failing source's quiet period: a page can mute and un-mute
          // a person it shows, and must not make a CRM that said "slow down" be asked again each time.
          if (change.connections) resetSourceFailures();
          sync.kick();
          void tabs.refreshTabs();
          pushToPages({ type: 'push/settings' });
          syncContentScriptRegistration(settings).catch((e: unknown) => recordError('registration', e));
        },
        eraseAll: async () => {
          // Pages stop the imports they run, before the deletion: at once, rather than at the next
          // batch that finds the database deleted (lib/store/db.ts, `databaseMark`), and also an import
          // whose first connection opens after the deletion, which no versionchange reaches.
          pushToPages({ type: 'push/erasing' });
          // Answers to lookups on their way are not kept in the new database.
          forgetLookupsOnErase();
          // Every tab empties first; the tab owner keeps its revisions' floor across the erase.
          await tabs.clearAll(deleteEverything);
          pushToPages({ type: 'push/settings' });
          pushToPages({ type: 'push/actions-changed' });
          // Settings are back to their defaults: every site on again.
          await syncContentScriptRegistration(await getSettings()).catch((e: unknown) => recordError('registration', e));
        },
      }),
      () => ({ id: browser.runtime.id, origin: browser.runtime.getURL('/') }),
    );

    // Access granted outside a settings save (Options' "Grant access", the browser's menu). A site given
    // back gets the content script in the tabs opened while it had none, as a site switched on does.
    onAccessGranted((origins) => {
      afterAccessChange();
      void getSettings()
        .then((settings) => injectIntoOpenTabs(sitesGranted(origins, settings)))
        .catch((e: unknown) => recordError('registration', e));
    });

    browser.runtime.onMessage.addListener((message, sender, sendResponse?: (reply: unknown) => void) => {
      const reply = route(message, sender);
      if (typeof sendResponse !== 'function') return reply;
      void reply.then(sendResponse);
      return true;
    });

    browser.runtime.onInstalled.addListener(({ reason }) => {
      createContextMenu(browser.i18n.getMessage('contextMenuLookup') || 'Look up in Prospect Lens');
      // Register the content script for the sites that are on, then give it to the tabs already open.
      void getSettings()
        .then(async (settings) => {
          await syncContentScriptRegistration(settings, { injectNewSites: false });
          await injectIntoOpenTabs(enabledSites(settings));
        })
        .catch((e: unknown) => recordError('registration', e));
      if (reason === 'install') void openWelcome();
    });

    // Registrations persist across sessions (Chrome ≥ 96, Firefox ≥ 105); checking costs one call and
    // repairs one that was lost.
    browser.runtime.onStartup.addListener(() => {
      void getSettings()
        .then((settings) => syncContentScriptRegistration(settings))
        .catch((e: unknown) => recordError('registration', e));
    });

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === RETENTION_ALARM) void applyRetention().catch((e: unknown) => recordError('retention', e));
    });
    // At every start, not only at install: the alarm may be gone (retention.ts, ensureRetentionAlarm).
    void ensureRetentionAlarm().catch((e: unknown) => recordError('retention', e));
    // Events stored before v5 move into chunks, a small batch at a time (a card's lookup waits for none);
    // a worker stopped midway goes on at its next start (lib/store/event-migration.ts). Not on a timer:
    // one would fire in whatever runs seconds later, a unit test's database included.
    void startLegacyMigration().catch((e: unknown) => recordError('event-migration', e));

    browser.tabs.onRemoved.addListener((tabId) => {
      void tabs.forget(tabId);
      detections.forget(tabId);
      pageRequests.forget(tabId);
    });
    browser.tabs.onUpdated.addListener((tabId, change) => {
      void loadingAddress(tabId, change, (id) => browser.tabs.get(id)).then((url) => {
        if (url === undefined) return;
        void setPanelForTab(tabId);
        // Chrome reports in-app navigations here too (w3c/webextensions#328): the tab owner keeps the
        // cards its content script already reported for this address. A tab gone to a site the
        // extension may not read has the empty address, and its cards go.
        void tabs.navigated(tabId, url);
      });
    });

    // Last: Firefox for Android has no context menu and no commands (surfaces.ts), and may have no notifications.
    notificationsApi()?.onClicked.addListener((id) => void openReminder(id).catch((e: unknown) => recordError('reminders', e)));
    contextMenusApi()?.onClicked.addListener((info, tab) => {
      if (info.menuItemId !== CONTEXT_MENU_ID || tab?.id === undefined) return;
      // Inside the click's gesture: open the panel first, then fill it.
      void openSidePanelInGesture(tab.id);
      const candidates = contextMenuCandidates(info.linkUrl, info.selectionText);
      // Naming no one, the click leaves the tab's earlier lookup where it was (the panel shows it).
      if (candidates.length === 0) return;
      // Added to what the tab shows, not in place of it: a mail tab's sidebar keeps its thread.
      tabs.lookUp(tab.id, { url: lookupAddress(tab.url, Date.now()), candidates, selfAddresses: [] }).catch((e: unknown) => recordError('context-menu', e));
    });

    commandsApi()?.onCommand.addListener((command, tab) => {
      if (command === 'open-side-panel') void openSidePanelInGesture(tab?.id);
      if (command === 'toggle-sidebar' && tab?.id !== undefined) pushToTab(tab.id, { type: 'push/toggle-sidebar' });
      if (command === 'log-email' && tab?.id !== undefined) pushToTab(tab.id, { type: 'push/log-email' });
    });
  },
});
