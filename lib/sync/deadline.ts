/**
 * Runs one request to a destination with its own deadline. A destination that hangs (a server that
 * never answers, a fetch the browser keeps open) must not hold the drain, and an action left waiting
 * on it must become "uncertain" rather than stay inflight forever.
 */
import { t } from '../i18n';

export type Ended<T> =
  | { ok: true; value: T }
  | { ok: false; why: 'timeout' | 'aborted' }
  | { ok: false; why: 'threw'; error: unknown };

export async function withDeadline<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<Ended<T>> {
  const controller = new AbortController();
  let why: 'timeout' | 'aborted' = 'aborted';
  // Settles when the deadline passes or the caller aborts. The request is aborted too, but one that
  // ignores its signal is simply no longer waited for.
  const cut = new Promise<Ended<T>>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve({ ok: false, why }), { once: true });
  });
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => {
    why = 'timeout';
    controller.abort(new DOMException('The destination did not answer in time', 'TimeoutError'));
  }, timeoutMs);
  if (outer?.aborted) onOuterAbort();

  const request = (async (): Promise<Ended<T>> => {
    try {
      return { ok: true, value: await run(controller.signal) };
    } catch (error) {
      return { ok: false, why: 'threw', error };
    }
  })();
  try {
    return await Promise.race([cut, request]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

export function describeFailure(ended: Exclude<Ended<unknown>, { ok: true }>, who: string, timeoutMs: number): string {
  switch (ended.why) {
    case 'timeout':
      return timeoutMs < 1000 ? t('syncError_timeoutMs', who, timeoutMs) : t('syncError_timeoutS', who, Math.round(timeoutMs / 1000));
    case 'aborted':
      return t('syncError_stopped', who);
    case 'threw':
      return t('syncError_threw', who, ended.error instanceof Error ? ended.error.message : String(ended.error));
  }
}
