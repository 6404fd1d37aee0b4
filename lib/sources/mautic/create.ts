/**
 * Adding an unknown person to Mautic (docs/architecture.md, "Create in the CRM"): look the address
 * up exactly first, and create the contact with `POST /api/contacts/new` only when Mautic has none.
 * Mautic merges a new contact into the one with the same email (its default unique identifier), so
 * even a repeat whose look-up missed leaves one contact. Mautic has no companies to link here: the
 * company name is a field of the contact.
 */
import type { NewRecord } from '../../model/action';
import type { DeliveryOutcome } from '../../sync/types';
import { parseBody, toOutcome } from '../http';
import { MAUTIC_WORDS, type MauticCall } from './client';
import { ContactCreated } from './raw';
import { firstContact } from './source';

export async function createInMautic(call: MauticCall, record: NewRecord, signal: AbortSignal): Promise<DeliveryOutcome> {
  const email = record.email.toLowerCase();
  try {
    const existing = await firstContact(call, [email], signal);
    if (existing) return { kind: 'delivered', remoteId: String(existing.id) };
    const fields = {
      email,
      ...(record.firstName ? { firstname: record.firstName } : {}),
      ...(record.lastName ? { lastname: record.lastName } : {}),
      ...(record.company ? { company: record.company } : {}),
      ...(record.title ? { position: record.title } : {}),
    };
    const created = parseBody(ContactCreated, await call('POST', '/api/contacts/new', fields, signal));
    return { kind: 'delivered', remoteId: String(created.contact.id) };
  } catch (error) {
    return toOutcome(error, MAUTIC_WORDS, true);
  }
}
