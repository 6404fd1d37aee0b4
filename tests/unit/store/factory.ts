import type { SalesAction } from '@/lib/model/action';

let n = 0;

/**
 * Starts the count (and so the default times, a minute apart from 09:00 on 1 November) from 0 again, as
 * a fresh module would: tests/unit/setup.ts calls it before every file, since shared files keep modules.
 */
export function resetActionSerial(): void {
  n = 0;
}

/** A valid pending action; override what the test cares about. */
export function makeAction(overrides: Partial<SalesAction> = {}): SalesAction {
  n++;
  const at = new Date(Date.UTC(2026, 10, 1, 9, n)).toISOString();
  return {
    id: crypto.randomUUID(),
    prospectKey: 'dana@northwind.example',
    type: 'call',
    notes: `Call ${n}`,
    occurredAt: at,
    createdAt: at,
    sync: { state: 'pending', attempts: 0, destination: 'local', updatedAt: at },
    ...overrides,
  };
}
