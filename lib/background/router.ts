/**
 * Dispatches checked requests to their handlers and turns every outcome into a `Reply`: handlers
 * return data or throw (a content script's data is cut to what its page may see, content-views.ts);
 * a MessageError keeps its code, anything else is reported as `internal` (and logged for
 * diagnostics) without leaking details to the caller.
 */
import { UserFacingError } from '../errors';
import { t } from '../i18n';
import type { Reply, ResponseMap } from '../messaging';
import type { ParsedRequest, RequestType } from '../model/messages';
import { recordError } from '../store/errors';
import { replyForContentScript } from './content-views';
import { type Caller, checkRequest, type SenderLike } from './guard';

export type Handler<T extends RequestType> = (
  request: Extract<ParsedRequest, { type: T }>,
  caller: Caller,
) => Promise<ResponseMap[T]> | ResponseMap[T];

export type Handlers = { [T in RequestType]: Handler<T> };

export function createRouter(handlers: Handlers, identity: () => { id: string; origin: string }) {
  return async function route(raw: unknown, sender: SenderLike): Promise<Reply<unknown>> {
    const { id, origin } = identity();
    const checked = checkRequest(raw, sender, id, origin);
    if (!checked.ok) return { ok: false, error: { code: checked.code, message: checked.message } };
    const handler = handlers[checked.request.type] as Handler<RequestType>;
    try {
      const data: unknown = await handler(checked.request as never, checked.caller);
      // The page a content script runs in is untrusted: it gets what the sidebar draws, not the handler's whole answer.
      return { ok: true, data: checked.caller.kind === 'content' ? replyForContentScript(checked.request.type, data) : data };
    } catch (error) {
      if (error instanceof UserFacingError) return { ok: false, error: { code: error.code, message: error.message } };
      void recordError(`message:${checked.request.type}`, error);
      return { ok: false, error: { code: 'internal', message: t('bgError_internal') } };
    }
  };
}
