/**
 * "Add to HubSpot" on an unknown person's card (docs/architecture.md, "Create in the CRM"): the
 * request becomes a `crm_create` outbox item, durable before the card says "adding", so it survives
 * being offline or a worker restart and is retried like any logged action. The destination's
 * `deliver` reads before each write, so a retry never creates the person twice.
 */
import { clock } from '../clock';
import { type DestinationKind, NewRecord, SalesAction } from '../model/action';
import type { Prospect } from '../model/prospect';
import { UserFacingError } from '../errors';
import { db } from '../store/db';
import { withStoragePressure } from '../store/pressure';

export class CreateRefused extends UserFacingError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'CreateRefused';
  }
}

/**
 * The contact as the page showed the person: the display name split at its first space (HubSpot and
 * Mautic both keep first and last names apart), company and title only when the page gave them.
 */
export function recordOf(prospect: Pick<Prospect, 'emails' | 'name' | 'company' | 'title'>): NewRecord | undefined {
  const email = prospect.emails[0];
  if (!email) return undefined;
  const [firstName, ...rest] = (prospect.name ?? '').trim().split(/\s+/).filter(Boolean);
  return NewRecord.parse({
    email,
    ...(firstName ? { firstName } : {}),
    ...(rest.length ? { lastName: rest.join(' ') } : {}),
    ...(prospect.company ? { company: prospect.company } : {}),
    ...(prospect.title ? { title: prospect.title } : {}),
  });
}

/**
 * Queues adding the person to `destination`, once: a second click (or a second tab) while one is
 * pending, being sent, done or failed gets that item back instead of a new one (a failed one is
 * retried with the card's Retry). Resolves once the row is durable.
 */
export async function queueCreate(prospectKey: string, record: NewRecord, destination: DestinationKind): Promise<{ action: SalesAction; queued: boolean }> {
  if (destination === 'local') throw new CreateRefused('No CRM is connected: connect one in Options to add people to it');
  const at = clock.iso();
  const fresh = SalesAction.parse({
    id: crypto.randomUUID(),
    prospectKey,
    type: 'crm_create',
    notes: '',
    record,
    occurredAt: at,
    createdAt: at,
    sync: { state: 'pending', attempts: 0, destination, updatedAt: at },
  });
  return withStoragePressure(async () => {
    // Looked up and written in one transaction, so two clicks at once still make one item.
    const tx = (await db()).transaction('outbox', 'readwrite');
    const existing = (await tx.store.index('byProspect').getAll(prospectKey)).find((a) => a.type === 'crm_create' && a.sync.destination === destination);
    if (!existing) await tx.store.put(fresh);
    await tx.done;
    return existing ? { action: existing, queued: false } : { action: fresh, queued: true };
  });
}
