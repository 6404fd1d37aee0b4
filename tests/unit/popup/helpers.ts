import { vi } from 'vitest';
import type { SalesAction, SalesActionInput } from '@/lib/model/action';
import type { Request } from '@/lib/model/messages';
import type { ResponseMap } from '@/lib/messaging';

let counter = 0;

/** A stored action as the background would answer it. */
export function storedAction(over: Partial<SalesAction> & { state?: SalesAction['sync']['state']; lastError?: string } = {}): SalesAction {
  const { state = 'pending', lastError, ...rest } = over;
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    prospectKey: 'dana@northwind.example',
    type: 'call',
    notes: '',
    occurredAt: '2025-11-14T10:00:00.000Z',
    createdAt: '2025-11-14T10:00:00.000Z',
    sync: { state, attempts: state === 'dead' ? 5 : 0, destination: 'hubspot', updatedAt: '2025-11-14T10:00:00.000Z', lastError },
    ...rest,
  };
}

type Handlers = { [T in Request['type']]?: (request: Extract<Request, { type: T }>) => ResponseMap[T] | Promise<ResponseMap[T]> };

/**
 * Routes mocked `send()` calls to per-type handlers and records every request. An unhandled type
 * rejects, so a test notices a request it did not expect.
 */
export function routeSend(sendMock: ReturnType<typeof vi.fn>, handlers: Handlers) {
  const requests: Request[] = [];
  sendMock.mockImplementation(async (request: Request) => {
    requests.push(request);
    const handler = handlers[request.type] as ((r: Request) => unknown) | undefined;
    if (!handler) throw new Error(`unexpected request ${request.type}`);
    return handler(request);
  });
  return {
    requests,
    of<T extends Request['type']>(type: T) {
      return requests.filter((r): r is Extract<Request, { type: T }> => r.type === type);
    },
  };
}

/** What the background does with `action/log`: stores the input as a pending (local: done) action. */
export function logged(input: SalesActionInput, destination: SalesAction['sync']['destination'] = 'hubspot'): SalesAction {
  const base = storedAction({ state: destination === 'local' ? 'done' : 'pending' });
  return { ...base, ...input, notes: input.notes ?? '', occurredAt: input.occurredAt ?? base.occurredAt, sync: { ...base.sync, destination } };
}
