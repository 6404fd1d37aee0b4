/**
 * Every message the background receives passes through here before anything acts on it: its size is
 * capped, its sender checked, and its shape parsed with zod. What comes out is rebuilt from validated
 * fields only; anything else becomes a typed error and has no side effect.
 */
import { describeInvalid, type ErrorCode } from '../messaging';
import { CONTENT_SCRIPT_REQUESTS, MAX_MESSAGE_BYTES, type ParsedRequest, Request } from '../model/messages';
import { siteOf } from '../sites';

export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface Caller {
  kind: 'content' | 'extension';
  tabId?: number;
  /** The sender's frame in its tab (content scripts; 0 is the top frame). */
  frameId?: number;
  url?: string;
}

export type Checked = { ok: true; request: ParsedRequest; caller: Caller } | { ok: false; code: ErrorCode; message: string };

/** The message as JSON text (what Chrome delivers; Firefox's structured clone is reduced to it), or undefined. */
function asJson(raw: unknown): string | undefined {
  try {
    return JSON.stringify(raw) ?? 'null';
  } catch {
    return undefined; // cyclic, BigInt or otherwise not JSON
  }
}

/**
 * `extensionOrigin` is the extension's own base URL (`chrome-extension://<id>/`), `extensionId` its id.
 * A content script is a sender with a tab whose URL is not an extension page; it may only talk from a
 * supported site, and only send the requests a page-side script needs.
 */
export function checkRequest(raw: unknown, sender: SenderLike, extensionId: string, extensionOrigin: string): Checked {
  const json = asJson(raw);
  if (json === undefined) return { ok: false, code: 'invalid', message: 'Message is not plain JSON' };
  if (json.length > MAX_MESSAGE_BYTES) return { ok: false, code: 'too-large', message: `Message over ${MAX_MESSAGE_BYTES} bytes` };

  if (sender.id !== extensionId) return { ok: false, code: 'forbidden', message: 'Message from another extension' };

  const senderUrl = sender.url ?? sender.tab?.url;
  const fromExtensionPage = typeof senderUrl === 'string' && senderUrl.startsWith(extensionOrigin);
  let caller: Caller;
  if (fromExtensionPage) {
    caller = { kind: 'extension', tabId: sender.tab?.id, url: senderUrl };
  } else if (sender.tab && typeof senderUrl === 'string' && siteOf(senderUrl)) {
    caller = { kind: 'content', tabId: sender.tab.id, frameId: sender.frameId, url: senderUrl };
  } else {
    return { ok: false, code: 'forbidden', message: 'Message from a page Prospect Lens does not support' };
  }

  // Parse the JSON form, so a Date or an `undefined` member means the same in every browser.
  const parsed = Request.safeParse(JSON.parse(json));
  if (!parsed.success) return { ok: false, code: 'invalid', message: describeInvalid(parsed.error, 'message') };
  if (caller.kind === 'content' && !CONTENT_SCRIPT_REQUESTS.has(parsed.data.type)) {
    return { ok: false, code: 'forbidden', message: `A page may not send '${parsed.data.type}'` };
  }
  return { ok: true, request: parsed.data, caller };
}
