/**
 * What the background does for each request. Requests arrive here already checked by guard.ts;
 * those from content scripts are further limited to their own tab and its people (scope.ts).
 * Tab views belong to the tab owner (tab-views.ts); handlers ask it, they never write a tab themselves.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { t } from '../i18n';
import { contactCreator, settingsIssueText } from '../connectors/catalog';
import { type ConnectionTestResult, describeInvalid, MessageError } from '../messaging';
import { originOf } from '../model/address';
import type { Candidate, Prospect } from '../model/prospect';
import type { Settings } from '../model/settings';
import { z } from '../model/zod';
import { siteOf } from '../sites';
import { detectionHealth, recordScan } from '../store/detection-health';
import { forgetChoice, listChoices, rememberChoice } from '../store/matches';
import { getAction, recentActions } from '../store/outbox';
import { findByEmail, getProspect, searchProspects, upsertProspects } from '../store/prospects';
import { getSettings, updateSettings } from '../store/settings';
import { deleteAction, editAction, logAction, retryAction } from '../sync/actions';
import { queueCreate, recordOf } from '../sync/create';
import { syncCounts } from '../sync/counts';
import { browserWebAuth, connectConnection, disconnectConnection, revokeSignInsBeforeErase, signsIn } from './connect';
import { maskedCredentials, removeConnection, saveConnection } from './connection-store';
import { testConnection, testUnsavedConnection } from './connections';
import { nameInSentence } from '../connectors/catalog';
import { diagnostics } from './diagnostics';
import { readCrmFeedback } from './feedback-read';
import { addressesOfProspect, checkOpenMessage, isMessageLogged, logEmail, refuseNeverLogged } from './log-email';
import type { Caller } from './guard';
import { candidateFromKey } from './keys';
import { pageSettingsHandlers, servingOf } from './page-settings';
import type { RateLimiter } from './rate-limit';
import type { Handlers } from './router';
import { candidateToAdd, requireInTab, requireOfferedMatch, tabOf } from './scope';
import { openPopupWindow, openSidePanelInGesture, setPanelForTab } from './surfaces';
import { viewDeps } from './tab-builder';
import type { TabViews } from './tab-views';
import { buildViews, prospectFromCandidate } from './views';

export interface Background {
  tabs: TabViews;
  /** `detected` per tab: a page cannot make its content script report faster than this. */
  detections: RateLimiter;
  /**
   * A content script's other requests that rebuild cards, ask the CRM, write or open a window (a card's
   * Retry, a chosen match, a mute and its Undo, "Log this email", "Add to HubSpot", the log form):
   * clicks, so a page flooding them would spend the rep's CRM quota, fill the outbox, rewrite settings
   * or pile up windows.
   */
  pageRequests: RateLimiter;
  /** Something new is in the outbox: try to deliver it now. */
  kickSync(): void;
  drainNow(): Promise<{ attempted: number }>;
  /**
   * Settings were written: content-script registration, waiting actions, open pages and tabs follow.
   * `connections` says whether what the sources are (a connection, its address or credentials) may
   * have changed; a mute or a theme does not, and must not end a failing source's quiet period.
   */
  settingsChanged(settings: Settings, change: { connections: boolean }): void;
  /** "Delete everything", with everything outside the database the extension holds. */
  eraseAll(): Promise<void>;
}

/** Keeps the tab's side panel on this tab's cards; a browser without the API just has no panel. */
function pointPanelAt(tabId: number): void {
  try {
    setPanelForTab(tabId).catch(() => undefined);
  } catch {
    // No side panel API here.
  }
}

function requireTab(tabId: number | undefined): number {
  if (tabId === undefined) throw new MessageError('invalid', t('bgError_needsTab'));
  return tabId;
}

/** The stored person a candidate names: by its key, else by its address. */
async function storedPerson(candidate: Candidate): Promise<Prospect | undefined> {
  return (await getProspect(candidate.key)) ?? (candidate.email ? (await findByEmail(candidate.email))[0] : undefined);
}

export function createHandlers(bg: Background): Handlers {
  const { tabs } = bg;

  async function afterActionsChanged(prospectKey: string | undefined): Promise<void> {
    bg.kickSync();
    bg.tabs.refreshTabs(prospectKey).catch(() => undefined);
    await tabs.repaintBadges();
    browser.runtime.sendMessage({ type: 'push/actions-changed' }).catch(() => undefined);
  }

  /** Writes settings; an invalid result is refused with the first problem, as a form can show it. */
  async function changeSettings(change: (s: Settings) => Settings): Promise<Settings> {
    let next: Settings;
    let before: Settings | undefined;
    try {
      next = await updateSettings((current) => {
        before = current;
        return change(current);
      });
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      throw new MessageError('invalid', describeInvalid({ issues: error.issues.map((issue) => ({ ...issue, message: settingsIssueText(issue) })) }, 'settings'));
    }
    bg.settingsChanged(next, { connections: JSON.stringify(before?.connections) !== JSON.stringify(next.connections) });
    return next;
  }

  /**
   * Refuses a content script's request past its tab's allowance; extension pages are not limited.
   * Every page request that writes, rebuilds or asks a CRM spends it: the sidebar's buttons are clicks.
   */
  function throttlePage(caller: Caller): void {
    if (caller.kind !== 'content') return;
    if (!bg.pageRequests.take(requireTab(caller.tabId), clock.now())) throw new MessageError('unavailable', t('bgError_tooManyPageRequests'));
  }

  return {
    ...pageSettingsHandlers,

    async detected(request, caller) {
      const tabId = requireTab(caller.tabId);
      if (!bg.detections.take(tabId, clock.now())) throw new MessageError('unavailable', t('bgError_tooManyDetections'));
      const serving = await servingOf(caller);
      // Its site was switched off since this content script started (only new pages go without it): the
      // tab shows nothing, and the page gets an accepted, empty answer — after an error it would ask again.
      if (!serving.enabled) return { revision: (await tabs.empty(tabId))?.revision ?? 0, views: [] };
      pointPanelAt(tabId);
      // The report's address is the page's word; the tab's site follows from it, and with it what the page
      // is pushed (the LinkedIn overlay). One naming another origin than its sender's gets the sender's.
      const url = originOf(request.url) === originOf(caller.url) ? request.url : (caller.url ?? '');
      const state = await tabs.detect(tabId, { url, candidates: request.candidates, selfAddresses: request.selfAddresses });
      // The sender's own address names the site (the guard checked it is a supported one), not the request's.
      const site = siteOf(caller.url);
      if (site && request.health) recordScan(site, request.health).catch(() => undefined);
      return { revision: state.revision, views: serving.overlay ? state.views : [] };
    },

    async 'detection/health'() {
      return detectionHealth();
    },

    async 'tab/get'(request) {
      return (await tabs.get(request.tabId)) ?? null;
    },

    async lookup(request, caller) {
      throttlePage(caller);
      // A page that is given no cards (its site switched off, no in-page sidebar) gets none this way either.
      if (!(await servingOf(caller)).overlay) return [];
      const tabId = tabOf(caller, request.tabId);
      const tab = tabId === undefined ? undefined : await tabs.get(tabId);
      requireInTab(caller, tab, request.keys);
      // A card's Retry: rebuild the whole tab it belongs to, so its sidebar, panel and badge update too.
      // A page gets no other way in: the tab's build spends the tab's budget of people asked of the
      // CRMs (tab-builder.ts), and a bare build for people its tab lists but shows no card for would not.
      const onCards = request.keys.every((k) => tab?.views.some((v) => v.key === k || v.detectedKey === k));
      if (tab && (onCards || caller.kind === 'content')) {
        const rebuilt = await tabs.rebuild(tab.tabId, { refresh: request.refresh });
        return (rebuilt?.views ?? []).filter((v) => request.keys.includes(v.key) || request.keys.includes(v.detectedKey));
      }
      return buildViews(request.keys.map(candidateFromKey), viewDeps, { refresh: request.refresh });
    },

    async search(request) {
      const found = await searchProspects(request.query, request.limit);
      return found.map((p) => ({ key: p.key, name: p.name, company: p.company, email: p.emails[0] }));
    },

    async 'action/log'(request) {
      const settings = await getSettings();
      refuseNeverLogged(settings, await addressesOfProspect(request.action.prospectKey));
      const action = await logAction(request.action, settings.destination);
      void afterActionsChanged(action.prospectKey);
      return action;
    },

    async 'action/update'(request) {
      refuseNeverLogged(await getSettings(), await addressesOfProspect(request.action.prospectKey));
      const action = await editAction(request.id, request.action);
      void afterActionsChanged(action.prospectKey);
      return action;
    },

    async 'email/log'(request, caller) {
      // The dedup key is the message id the page names: without the allowance, a page could queue as many.
      throttlePage(caller);
      const settings = await getSettings();
      const tab = caller.tabId === undefined ? undefined : await tabs.get(caller.tabId);
      const target = checkOpenMessage(caller, tab, request.message, settings);
      // The person it is logged against may be on the list by another of their addresses.
      refuseNeverLogged(settings, await addressesOfProspect(target.prospectKey));
      const result = await logEmail(request.message, request.includeBody, target, settings.destination);
      if (result.added) void afterActionsChanged(result.prospectKey);
      return { added: result.added, destination: result.destination, destinationName: nameInSentence(result.destination), state: result.state };
    },

    async 'email/status'(request, caller) {
      // Answers only about a message in the open thread, like email/log.
      const tab = caller.tabId === undefined ? undefined : await tabs.get(caller.tabId);
      checkOpenMessage(caller, tab, request.message, { ...(await getSettings()), neverLog: [] });
      return { logged: await isMessageLogged(request.message) };
    },

    async 'action/delete'(request) {
      const deleted = await deleteAction(request.id);
      void afterActionsChanged(undefined);
      return { deleted };
    },

    async 'action/retry'(request, caller) {
      throttlePage(caller);
      if (caller.kind === 'content') {
        const action = await getAction(request.id);
        requireInTab(caller, await tabs.get(requireTab(caller.tabId)), action ? [action.prospectKey] : ['']);
      }
      // Sending a failed action again is logging it again: the never-log list holds here too.
      const failed = await getAction(request.id);
      if (failed) refuseNeverLogged(await getSettings(), await addressesOfProspect(failed.prospectKey));
      const action = await retryAction(request.id);
      void afterActionsChanged(action.prospectKey);
      return action;
    },

    async 'action/list'(request) {
      const [actions, counts] = await Promise.all([recentActions(request.limit, request.prospectKey), syncCounts()]);
      // The people's names, so a list of actions reads "Dana Whitfield", not an address or a profile key.
      const keys = [...new Set(actions.map((a) => a.prospectKey))];
      const people = await Promise.all(keys.map((key) => getProspect(key)));
      const names: Record<string, string> = {};
      keys.forEach((key, i) => {
        const name = people[i]?.name;
        if (name) names[key] = name;
      });
      return { actions, names, ...counts };
    },

    async 'match/choose'(request, caller) {
      throttlePage(caller);
      // As for lookup: nothing is remembered for a page that is given no cards.
      if (!(await servingOf(caller)).overlay) return [];
      const tabId = tabOf(caller, request.tabId);
      const tab = tabId === undefined ? undefined : await tabs.get(tabId);
      requireOfferedMatch(caller, tab, request.detectedKey, request.chosenKey);
      await rememberChoice(request.detectedKey, request.chosenKey);
      const rebuilt = tab && (await tabs.rebuild(tab.tabId));
      void tabs.refreshTabs(request.detectedKey);
      return rebuilt ? rebuilt.views : buildViews([candidateFromKey(request.detectedKey)], viewDeps);
    },

    async 'match/forget'(request, caller) {
      throttlePage(caller);
      const tabId = tabOf(caller, request.tabId);
      requireInTab(caller, tabId === undefined ? undefined : await tabs.get(tabId), [request.detectedKey]);
      const forgotten = await forgetChoice(request.detectedKey);
      // Every tab that showed the link shows the person again (the key it showed was the chosen one).
      if (forgotten) await tabs.refreshTabs();
      return { forgotten };
    },

    async 'match/list'() {
      const links = await listChoices();
      const keys = [...new Set(links.flatMap((l) => [l.detectedKey, l.chosenKey]))];
      const people = await Promise.all(keys.map((key) => getProspect(key)));
      const names = new Map(keys.map((key, i) => [key, people[i]?.name]));
      return links.map((l) => ({ ...l, detectedName: names.get(l.detectedKey), chosenName: names.get(l.chosenKey) }));
    },

    async 'ignore/add'(request, caller) {
      // Each mute (and Undo) rewrites settings and rebuilds every tab: a click, not a loop.
      throttlePage(caller);
      const tabId = tabOf(caller, request.tabId);
      requireInTab(caller, tabId === undefined ? undefined : await tabs.get(tabId), [request.entry]);
      await changeSettings((s) => ({ ...s, ignoreList: [...new Set([...s.ignoreList, request.entry])] }));
      await tabs.refreshTabs(request.entry);
      return { ignored: request.entry };
    },

    async 'ignore/remove'(request, caller) {
      // A content script (the card's Undo after a mute) may un-mute only a person its tab's detection shows.
      throttlePage(caller);
      const tabId = tabOf(caller, request.tabId);
      requireInTab(caller, tabId === undefined ? undefined : await tabs.get(tabId), [request.entry]);
      // Stored as the settings schema keeps it, trimmed and lower-cased (a Sales Navigator key is not).
      const entry = request.entry.trim().toLowerCase();
      const next = await changeSettings((s) => ({ ...s, ignoreList: s.ignoreList.filter((e) => e !== entry) }));
      // The person is in no tab's cards while muted, so every tab is rebuilt.
      await tabs.refreshTabs();
      return next;
    },

    async 'prospect/add'(request, caller) {
      throttlePage(caller);
      const tabId = tabOf(caller, request.tabId);
      const candidate = candidateToAdd(caller, tabId === undefined ? undefined : await tabs.get(tabId), request.candidate);
      // "Keep contact" is for a person nobody stored. From a content script, what the page says never
      // rewrites a person an import or the rep saved (their name, company, title and the dates of them).
      const kept = caller.kind === 'content' ? await storedPerson(candidate) : undefined;
      const [stored] = kept ? [kept] : await upsertProspects([{ ...prospectFromCandidate(candidate), origin: 'manual', updatedAt: clock.iso() }]);
      const [view] = await buildViews([candidate], viewDeps);
      void tabs.refreshTabs(stored?.key ?? candidate.key);
      if (!view) throw new MessageError('internal', t('bgError_cardFailed'));
      return view;
    },

    async 'crm/create'(request, caller) {
      throttlePage(caller);
      // The person as the tab's card shows them (the background's copy, not what the sender claims).
      const tab = await tabs.get(requireTab(tabOf(caller, request.tabId)));
      requireInTab(caller, tab, [request.prospectKey]);
      const view = tab?.views.find((v) => v.key === request.prospectKey || v.detectedKey === request.prospectKey);
      if (!view) throw new MessageError('not-found', t('bgError_personGone'));
      const { destination } = await getSettings();
      if (!contactCreator(destination)) throw new MessageError('invalid', t('bgError_cannotAdd'));
      const record = recordOf(view.prospect);
      if (!record) throw new MessageError('invalid', t('bgError_noEmailToAdd'));
      const { action } = await queueCreate(view.key, record, destination);
      void afterActionsChanged(view.key);
      return action;
    },

    async 'sidepanel/open'(request, caller) {
      // A message carries no gesture of its own: this opens only while the browser still counts the sender's click.
      return { opened: await openSidePanelInGesture(request.tabId ?? caller.tabId) };
    },

    async 'popup/open'(request, caller) {
      throttlePage(caller);
      if (caller.kind === 'content') requireInTab(caller, await tabs.get(requireTab(caller.tabId)), [request.prospectKey]);
      return { opened: await openPopupWindow(caller.tabId, request.prospectKey, request.actionType) };
    },

    async 'connection/test'(request): Promise<ConnectionTestResult> {
      return testConnection(request.kind, await getSettings());
    },

    async 'connection/test-unsaved'(request): Promise<ConnectionTestResult> {
      return testUnsavedConnection(request.kind, request.config, request.secret);
    },

    async 'sync/now'() {
      return bg.drainNow();
    },

    async 'feedback/remote'(request) {
      return readCrmFeedback(await getSettings(), { from: request.from, to: request.to });
    },

    diagnostics,

    ...pageSettingsHandlers,

    async 'page/collapse'(request, caller) {
      // The sidebar's fold button writes storage.local: a click too.
      throttlePage(caller);
      return pageSettingsHandlers['page/collapse'](request, caller);
    },

    async 'settings/update'(request) {
      const { sites, display, ...rest } = request.patch;
      return changeSettings((s) => ({
        ...s,
        ...(rest as Partial<Settings>),
        sites: { ...s.sites, ...(sites as Partial<Settings['sites']>) },
        display: { ...s.display, ...(display as Partial<Settings['display']>) },
      }));
    },

    async 'connection/save'(request) {
      const next = await saveConnection(request.kind, request.config, request.secret, request.useAsDestination);
      bg.settingsChanged(next, { connections: true });
      return next;
    },

    async 'connection/remove'(request) {
      // A connection that signs in is signed out at the provider first (its tokens revoked), as far as it can be.
      if (signsIn(request.kind)) await disconnectConnection(request.kind);
      const next = await removeConnection(request.kind);
      bg.settingsChanged(next, { connections: true });
      return next;
    },

    async 'connection/connect'(request) {
      const next = await connectConnection(request.kind, request.config, browserWebAuth, request.useAsDestination ?? true);
      bg.settingsChanged(next, { connections: true });
      return next;
    },

    async 'connection/disconnect'(request) {
      const result = await disconnectConnection(request.kind);
      bg.settingsChanged(result.settings, { connections: true });
      return result;
    },

    async 'connection/secret'(request) {
      return maskedCredentials(request.kind);
    },

    async 'data/erase'() {
      // Signed-in tokens are revoked at the provider first, best effort: it never stops the deletion.
      await revokeSignInsBeforeErase().catch(() => undefined);
      await bg.eraseAll();
      return { erased: true };
    },

    async 'data/changed'() {
      const open = await tabs.all();
      await tabs.refreshTabs();
      // A restored export adds actions too: the pages that list or count them read them again.
      browser.runtime.sendMessage({ type: 'push/actions-changed' }).catch(() => undefined);
      return { tabs: open.length };
    },
  };
}

export type { Caller };
