import type { ExtensionHarness } from '../launch';
import type { SalesAction, SalesActionInput } from '@/lib/model/action';

/** The background answers every request as `{ ok, data }` or `{ ok: false, error }` (lib/background/router.ts). */
type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface ActionList {
  actions: SalesAction[];
  waiting: number;
  dead: number;
}

/** Sends one request from an extension page and unwraps the reply; a refusal throws with its reason. */
export async function request<T>(ext: ExtensionHarness, message: { type: string } & Record<string, unknown>): Promise<T> {
  const reply = await ext.sendMessage<Reply<T>>(message);
  if (!reply.ok) throw new Error(`${message.type} refused: ${reply.error.code} — ${reply.error.message}`);
  return reply.data;
}

export const logAction = (ext: ExtensionHarness, action: SalesActionInput) => request<SalesAction>(ext, { type: 'action/log', action });

export const listActions = (ext: ExtensionHarness, limit = 200) => request<ActionList>(ext, { type: 'action/list', limit });

export const syncNow = (ext: ExtensionHarness) => request<{ attempted: number }>(ext, { type: 'sync/now' });
