import { ActionType, SalesActionInput } from './action';
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

export const Request = z.discriminatedUnion('type', [
  /** Content script → background: what the page shows now. Answered with the tab's cards. */
  z.object({
    type: z.literal('detected'),
    url: z.string().max(4000),
    candidates: z.array(Candidate).max(MAX_CANDIDATES),
    /** The signed-in user's own addresses as the page shows them (Gmail account button, Outlook account). */
    selfAddresses: z.array(z.string().max(320)).max(20).default([]),
  }),
  /** Any UI: the cards of one tab (side panel, popup). */
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
  z.object({ type: z.literal('action/delete'), id: z.uuid() }),
  z.object({ type: z.literal('action/retry'), id: z.uuid() }),
  z.object({ type: z.literal('action/list'), prospectKey: key.optional(), limit: z.number().int().min(1).max(200).default(5) }),
  z.object({ type: z.literal('match/choose'), detectedKey: key, chosenKey: key }),
  z.object({ type: z.literal('ignore/add'), entry: key }),
  z.object({ type: z.literal('prospect/add'), candidate: Candidate }),
  z.object({ type: z.literal('sidepanel/open'), tabId: tabId.optional() }),
  /** The sidebar's quick actions open the popup, pre-filled, in a small window. */
  z.object({ type: z.literal('popup/open'), prospectKey: key, actionType: ActionType.optional() }),
  z.object({ type: z.literal('connection/test'), kind: z.enum(['hubspot', 'mautic', 'webhook']) }),
  z.object({ type: z.literal('sync/now') }),
  z.object({ type: z.literal('diagnostics') }),
  /** Content script → background: the few settings its page needs; the site comes from the sender. */
  z.object({ type: z.literal('page/settings') }),
  /** Content script → background: the rep folded or unfolded the sidebar (remembered per site). */
  z.object({ type: z.literal('page/collapse'), collapsed: z.boolean() }),
]);
export type Request = z.input<typeof Request>;
export type ParsedRequest = z.output<typeof Request>;
export type RequestType = ParsedRequest['type'];

/** The requests a content script may send. Everything else must come from an extension page. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>([
  'detected',
  'lookup',
  'action/log',
  'action/retry',
  'match/choose',
  'ignore/add',
  'prospect/add',
  'sidepanel/open',
  'popup/open',
  'page/settings',
  'page/collapse',
]);

/**
 * Background → other contexts. To a tab's content script: its cards changed (a source answered, an
 * action synced) or the toggle command fired. To extension pages: a tab's cards or the outbox changed.
 * These come from the background only, so receivers check the sender rather than parse.
 */
export type Push =
  | { type: 'push/views'; views: ProspectView[] }
  | { type: 'push/toggle-sidebar' }
  | { type: 'push/tab-updated'; tabId: number }
  | { type: 'push/actions-changed' };
