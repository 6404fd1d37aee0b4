/**
 * The one protocol between the extension's contexts. Requests are described by zod schemas in
 * lib/model/messages.ts (parsed by the background); this file only holds types and the typed sender,
 * so the content script can use it without shipping zod.
 */
import { browser } from 'wxt/browser';
import { plainJson } from './platform';
import type { SalesAction } from './model/action';
import type { Request, RequestType } from './model/messages';
import type { MatchCandidate, ProspectView, TabState } from './model/view';

export interface ResponseMap {
  detected: ProspectView[];
  'tab/get': TabState | null;
  lookup: ProspectView[];
  search: MatchCandidate[];
  'action/log': SalesAction;
  'action/update': SalesAction;
  'action/delete': { deleted: boolean };
  'action/retry': SalesAction;
  'action/list': { actions: SalesAction[]; waiting: number; dead: number };
  'match/choose': ProspectView[];
  'ignore/add': { ignored: string };
  'prospect/add': ProspectView;
  'sidepanel/open': { opened: boolean };
  'popup/open': { opened: boolean };
  'connection/test': ConnectionTestResult;
  'sync/now': { attempted: number };
  diagnostics: Record<string, unknown>;
  'page/settings': PageSettings;
  'page/collapse': { collapsed: boolean };
}

/** What a content script may know of the settings, for its own site only. */
export interface PageSettings {
  enabled: boolean;
  /** Whether the in-page sidebar may be drawn (always on webmail; opt-in on LinkedIn). */
  overlay: boolean;
  theme?: 'light' | 'dark';
  /** The rep folded the sidebar to its slim tab on this site. */
  collapsed: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Plain words for the options page: "Connected as …", "Token rejected (401)". */
  message: string;
  state: 'connected' | 'needs-access' | 'error' | 'not-configured';
}

export const ERROR_CODES = ['invalid', 'too-large', 'forbidden', 'not-found', 'unavailable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** Sends a request to the background and unwraps its reply; a refused request throws MessageError. */
export async function send<T extends RequestType>(request: RequestOf<T>): Promise<ResponseMap[T]> {
  // Plain JSON, so Firefox's structured clone delivers what Chrome's JSON messaging does.
  const reply = (await browser.runtime.sendMessage(plainJson(request))) as Reply<ResponseMap[T]> | undefined;
  if (!reply || typeof reply !== 'object') throw new MessageError('unavailable', 'No answer from the extension');
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.data;
}
