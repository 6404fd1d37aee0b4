import { CONNECTION_KINDS } from '../connectors/catalog';
import { ActionType, SalesActionInput } from './action';
import { ScanHealth } from './detection-health';
import { OpenMessage } from './email';
import { Candidate } from './prospect';
import type { ProspectView } from './view';
import { z } from './zod';

/**
 * Every request between contexts. The background parses each one with `Request` before acting;
 * the response types live in lib/messaging.ts beside the typed sender.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_CANDIDATES = 200;

const tabId = z.number().int().min(0).max(2 ** 31);
const key = z.string().min(1).max(320);
const connectionKind = z.enum(CONNECTION_KINDS);

/**
 * The settings an extension page may change with `settings/update`, each replacing the stored value
 * (`sites` and `display` are merged field by field). The merged whole is validated by the Settings
 * schema in the background. Connections and their secrets change only through `connection/save` and
 * `connection/remove`, which keep a secret bound to its address.
 */
export const SettingsPatch = z
  .object({
    sites: z.record(z.string(), z.unknown()),
    ownDomains: z.unknown(),
    myAddresses: z.unknown(),
    ignoreList: z.unknown(),
    neverLog: z.unknown(),
    destination: z.unknown(),
    retentionDays: z.unknown(),
    cacheTtlHours: z.unknown(),
    display: z.record(z.string(), z.unknown()),
    onboarded: z.unknown(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const Request = z.discriminatedUnion('type', [
  /** Content script → background: what the page shows now. Answered with the tab's cards. */
  z.object({
    type: z.literal('detected'),
    url: z.string().max(4000),
    // `lookup` is the background's own mark for a context-menu lookup (tab-views.ts `lookUp`), which it
    // keeps first and across the page's reports; a page only says what it shows.
    candidates: z.array(Candidate.refine((c) => c.role !== 'lookup', { message: 'A page reports what it shows, not lookups', path: ['role'] })).max(MAX_CANDIDATES),
    /** The signed-in user's own addresses as the page shows them (Gmail account button, Outlook account). */
    selfAddresses: z.array(z.string().max(320)).max(20).default([]),
    /** Which of the site's finders matched precisely or only by fallback in this scan (detection health). */
    health: ScanHealth.optional(),
  }),
  /** Extension pages: what detection health the sites reported (Options, "Detection health"). A read. */
  z.object({ type: z.literal('detection/health') }),
  /** Extension pages: the cards of one tab as they are now (side panel, popup). A read: it changes nothing. */
  z.object({ type: z.literal('tab/get'), tabId }),
  /** Any UI: look up keys directly (context-menu lookups, popup search result). */
  z.object({
    type: z.literal('lookup'),
    keys: z.array(key).min(1).max(50),
    refresh: z.boolean().default(false),
    /** The tab whose cards these are (a side panel's Retry); a content script's own tab is implied. */
    tabId: tabId.optional(),
  }),
  z.object({ type: z.literal('search'), query: z.string().max(200), limit: z.number().int().min(1).max(50).default(10) }),
  z.object({ type: z.literal('action/log'), action: SalesActionInput }),
  z.object({ type: z.literal('action/update'), id: z.uuid(), action: SalesActionInput }),
  /** Content script: log the open webmail message as an email activity (lib/background/log-email.ts). */
  z.object({ type: z.literal('email/log'), message: OpenMessage, includeBody: z.boolean().default(false) }),
  /** Content script: whether the open message was logged already. A read. */
  z.object({ type: z.literal('email/status'), message: OpenMessage.omit({ body: true }) }),
  z.object({ type: z.literal('action/delete'), id: z.uuid() }),
  z.object({ type: z.literal('action/retry'), id: z.uuid() }),
  z.object({ type: z.literal('action/list'), prospectKey: key.optional(), limit: z.number().int().min(1).max(200).default(5) }),
  z.object({ type: z.literal('match/choose'), detectedKey: key, chosenKey: key, tabId: tabId.optional() }),
  /** Undo a link made with match/choose: the detected person is shown as themselves again. */
  z.object({ type: z.literal('match/forget'), detectedKey: key, tabId: tabId.optional() }),
  /** Options: every remembered link, with the names of both people. A read. */
  z.object({ type: z.literal('match/list') }),
  z.object({ type: z.literal('ignore/add'), entry: key, tabId: tabId.optional() }),
  z.object({ type: z.literal('prospect/add'), candidate: Candidate, tabId: tabId.optional() }),
  /**
   * An unknown card's "Add to HubSpot": queue creating the person, as the tab's card shows them, in
   * the destination CRM (docs/architecture.md, "Create in the CRM"). Only for a person on that tab.
   */
  z.object({ type: z.literal('crm/create'), prospectKey: key, tabId: tabId.optional() }),
  /** Options, or the card's "Undo" right after a mute (a content script: only a person its tab shows). */
  z.object({ type: z.literal('ignore/remove'), entry: key, tabId: tabId.optional() }),
  z.object({ type: z.literal('sidepanel/open'), tabId: tabId.optional() }),
  /** The sidebar's quick actions open the popup, pre-filled, in a small window. */
  z.object({ type: z.literal('popup/open'), prospectKey: key, actionType: ActionType.optional() }),
  z.object({ type: z.literal('connection/test'), kind: connectionKind }),
  /**
   * Options: test the form's values before they are saved (kept nowhere; a secret left empty is the one
   * saved for the same address). Extension pages only: it sends credentials to an address of the sender's choosing.
   */
  z.object({
    type: z.literal('connection/test-unsaved'),
    kind: connectionKind,
    config: z.record(z.string(), z.unknown()),
    secret: z.record(z.string().max(40), z.string().max(4000)).optional(),
  }),
  z.object({ type: z.literal('sync/now') }),
  z.object({ type: z.literal('diagnostics') }),
  /** Content script: the few settings its page needs (site on, overlay, theme, folded). */
  z.object({ type: z.literal('page/settings') }),
  /** Content script: the rep folded or unfolded the sidebar on this site. */
  z.object({ type: z.literal('page/collapse'), collapsed: z.boolean() }),
  /** Content script: someone was found; inject the sidebar script into this frame (lib/content/sidebar-loader.ts). */
  z.object({ type: z.literal('page/sidebar') }),
  /** Extension pages: change settings (see SettingsPatch). */
  z.object({ type: z.literal('settings/update'), patch: SettingsPatch }),
  /**
   * Options: save a connection and, when typed, its credentials; they are bound to the connection's
   * origin. `useAsDestination` also makes it where logged actions go.
   */
  z.object({
    type: z.literal('connection/save'),
    kind: connectionKind,
    config: z.record(z.string(), z.unknown()),
    secret: z.record(z.string().max(40), z.string().max(4000)).optional(),
    useAsDestination: z.boolean().default(true),
  }),
  z.object({ type: z.literal('connection/remove'), kind: connectionKind }),
  /**
   * Options: sign in to a connection that has a `connect` field (OAuth). The background runs the
   * browser's auth window, then saves `config` with the address it learned, and the tokens bound to it.
   */
  z.object({ type: z.literal('connection/connect'), kind: connectionKind, config: z.record(z.string(), z.unknown()), useAsDestination: z.boolean().optional() }),
  /** Options: end that sign-in (revoked at the provider) and forget its tokens; the form's settings stay. */
  z.object({ type: z.literal('connection/disconnect'), kind: connectionKind }),
  /** Options: a connection's saved credentials, masked, and the origin they belong to. */
  z.object({ type: z.literal('connection/secret'), kind: connectionKind }),
  /** Options: delete everything the extension keeps. */
  z.object({ type: z.literal('data/erase') }),
  /** Options and welcome: an import or the demo data changed the store; open tabs are rebuilt. */
  z.object({ type: z.literal('data/changed') }),
  /**
   * The lead feedback page: feedback and stage changes stored in the destination CRM, in a range of
   * ISO instants (lib/background/feedback-read.ts). A read, with credentials: extension pages only.
   */
  z.object({ type: z.literal('feedback/remote'), from: z.iso.datetime().optional(), to: z.iso.datetime().optional() }),
]);
export type Request = z.input<typeof Request>;
export type ParsedRequest = z.output<typeof Request>;
export type RequestType = ParsedRequest['type'];

/**
 * The requests a content script may send: exactly the ones it sends. Everything else must come from
 * an extension page. Those that name a person are further limited to the people detected in the
 * sender's own tab (lib/background/scope.ts).
 */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>([
  'detected',
  'lookup',
  'action/retry',
  'match/choose',
  'match/forget',
  'ignore/add',
  'ignore/remove',
  'prospect/add',
  'crm/create',
  'popup/open',
  'page/settings',
  'page/collapse',
  'page/sidebar',
  'email/log',
  'email/status',
]);

/**
 * Background → other contexts (docs/architecture.md, "The push protocol"). `push/tab` carries a tab's
 * cards with the revision of the detection they answer: to the tab's content script (views without
 * what the sidebar does not show) and to extension pages (side panel, popup). A receiver drops a push
 * older than what it has. `push/actions-changed`: the outbox changed. `push/settings`: settings
 * changed. `push/erasing`: "Delete everything" starts; a page stops the import or demo load it runs
 * (the deletion waits for the connections that imports hold). These come from the background only,
 * so receivers check the sender rather than parse.
 */
export type Push =
  | { type: 'push/tab'; tabId: number; revision: number; views: ProspectView[] }
  | { type: 'push/toggle-sidebar' }
  | { type: 'push/log-email' }
  | { type: 'push/actions-changed' }
  | { type: 'push/settings' }
  | { type: 'push/erasing' };
