/**
 * The one protocol between the extension's contexts. Requests are described by zod schemas in
 * lib/model/messages.ts (parsed by the background); this file only holds types and the typed sender,
 * so the content script can use it without shipping zod.
 */
import { browser } from 'wxt/browser';
import { type ErrorCode, UserFacingError } from './errors';
import { plainJson } from './platform';
import type { SalesAction } from './model/action';
import type { SiteHealth } from './model/detection-health';
import type { Request, RequestType } from './model/messages';
import type { Settings } from './model/settings';
import type { MatchCandidate, PageSettings, ProspectView, TabState } from './model/view';
import type { SiteId } from './sites';

export type { PageSettings };
import type { RemoteFeedbackResult } from './model/feedback';

/** A tab's cards and the revision of the detection they answer (see Push in model/messages.ts). */
export interface TabViews {
  revision: number;
  views: ProspectView[];
}

export interface ResponseMap {
  detected: TabViews;
  'tab/get': TabState | null;
  lookup: ProspectView[];
  search: MatchCandidate[];
  'action/log': SalesAction;
  'action/update': SalesAction;
  /** `added` false: the message had been logged before, nothing was added. */
  'email/log': { added: boolean; destination: SalesAction['sync']['destination']; destinationName: string; state: SalesAction['sync']['state'] };
  'email/status': { logged: boolean };
  'action/delete': { deleted: boolean };
  'action/retry': SalesAction;
  'action/list': { actions: SalesAction[]; names: Record<string, string>; waiting: number; dead: number };
  'match/choose': ProspectView[];
  /** `forgotten`: there was a link to undo. */
  'match/forget': { forgotten: boolean };
  'match/list': LinkedPerson[];
  'ignore/add': { ignored: string };
  'ignore/remove': Settings;
  'prospect/add': ProspectView;
  'crm/create': SalesAction;
  'sidepanel/open': { opened: boolean };
  'popup/open': { opened: boolean };
  'connection/test': ConnectionTestResult;
  'connection/test-unsaved': ConnectionTestResult;
  'sync/now': { attempted: number };
  diagnostics: Record<string, unknown>;
  'detection/health': Record<SiteId, SiteHealth>;
  'page/settings': PageSettings;
  'page/collapse': { collapsed: boolean };
  /** Whether the sidebar script was injected into the sender's frame (false: the overlay is off there). */
  'page/sidebar': { injected: boolean };
  'settings/update': Settings;
  'connection/save': Settings;
  'connection/remove': Settings;
  'connection/connect': Settings;
  /** `warning` when the provider could not be told (the tokens are forgotten here all the same). */
  'connection/disconnect': { settings: Settings; warning?: string };
  'connection/secret': { origin?: string; values: Record<string, string> };
  'data/erase': { erased: true };
  'data/changed': { tabs: number };
  /** One result per destination CRM (none when feedback is kept locally). */
  'feedback/remote': RemoteFeedbackResult[];
}

/** A remembered link (Options → Links and mutes): who the page showed, whom the rep linked them to. */
export interface LinkedPerson {
  detectedKey: string;
  chosenKey: string;
  chosenAt: string;
  /** The stored people's names, when they have one. */
  detectedName?: string;
  chosenName?: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Plain words for the options page: "Connected as …", "Token rejected (401)". */
  message: string;
  state: 'connected' | 'needs-access' | 'error' | 'not-configured';
  /**
   * Why, as Options words it (`options_test_<cause>`): what the test's request met, not the
   * connector's card words. `unreachable-or-certificate` where the browser cannot tell the two apart.
   */
  cause?: ConnectionTestCause;
  /** With `rejected-token`: the scopes the product's requests need (HubSpot). */
  scopes?: string[];
  /** The HTTP status the test met, when it got an answer. */
  status?: number;
}

export type ConnectionTestCause =
  | 'connected'
  | 'unreachable'
  | 'certificate'
  | 'unreachable-or-certificate'
  | 'no-access'
  | 'rejected-token'
  | 'wrong-path'
  | 'timeout'
  | 'failed'
  | 'not-configured';

export { ERROR_CODES, type ErrorCode } from './errors';

export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** The first problem of a failed parse, as a form can show it: `path: message`. */
export function describeInvalid(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, subject: string): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || subject}: ${first.message}` : `Invalid ${subject}`;
}

/** A refused request, as the sender sees it (and as handlers throw it). */
export class MessageError extends UserFacingError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'MessageError';
  }
}

type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/**
 * In the rep's language. Straight from the browser, not lib/i18n.ts: the content script at start sends
 * through this file and carries no string table (docs/architecture.md, "What the content script carries").
 */
function noAnswer(): string {
  const english = 'No answer from the extension';
  try {
    return browser.i18n.getMessage('msgError_noAnswer') || english;
  } catch {
    return english; // no i18n API (unit tests)
  }
}

/** Sends a request to the background and unwraps its reply; a refused request throws MessageError. */
export async function send<T extends RequestType>(request: RequestOf<T>): Promise<ResponseMap[T]> {
  // Plain JSON, so Firefox's structured clone delivers what Chrome's JSON messaging does.
  const reply = (await browser.runtime.sendMessage(plainJson(request))) as Reply<ResponseMap[T]> | undefined;
  if (!reply || typeof reply !== 'object') throw new MessageError('unavailable', noAnswer());
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.data;
}
