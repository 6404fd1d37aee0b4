/**
 * A Mautic contact and its activity mapped into the model. Activity entries are single events with
 * their own ids, so they feed the 30/90-day counts directly.
 */
import type { EngagementEvent, EngagementType } from '../../model/engagement';
import type { Prospect } from '../../model/prospect';
import { domainOf, fullName, httpsUrl, int, isoTime, setIf, text } from '../map-util';
import type { ActivityEvent, Contact } from './raw';

const EVENT_TYPES: Record<string, EngagementType> = {
  'email.sent': 'email_sent',
  'email.read': 'email_open',
  'email.failed': 'email_bounce',
  'page.hit': 'page_view',
  'form.submitted': 'form_submit',
  'asset.download': 'content_download',
  'point.gained': 'score_change',
  'stage.changed': 'stage_change',
  'lead.donotcontact': 'unsubscribe',
};

const CHANNELS: Record<string, string> = { email: 'email', page: 'web', form: 'web', asset: 'web' };

function field(contact: Contact, name: string, max: number): string | undefined {
  const value = contact.fields.all[name];
  return typeof value === 'string' || typeof value === 'number' ? text(String(value), max) : undefined;
}

export function contactToProspect(key: string, contact: Contact, baseUrl: string): Partial<Prospect> & { key: string } {
  const email = field(contact, 'email', 320)?.toLowerCase();
  const prospect: Partial<Prospect> & { key: string } = {
    key,
    emails: email ? [email] : [],
    refs: [{ source: 'mautic', externalId: contact.id, url: `${baseUrl}/s/contacts/view/${encodeURIComponent(contact.id)}` }],
  };
  setIf(prospect, 'name', fullName(field(contact, 'firstname', 150), field(contact, 'lastname', 150)));
  setIf(prospect, 'company', field(contact, 'company', 300));
  setIf(prospect, 'domain', domainOf(email));
  setIf(prospect, 'title', field(contact, 'position', 300));
  setIf(prospect, 'lifecycleStage', text(contact.stage?.name, 100)?.toLowerCase());
  setIf(prospect, 'leadScore', int(contact.points));
  setIf(prospect, 'owner', fullName(contact.owner?.firstName, contact.owner?.lastName)?.slice(0, 200));
  setIf(prospect, 'linkedinUrl', text(httpsUrl(field(contact, 'linkedin', 500)), 500));
  return prospect;
}

export function activityToEvent(key: string, contactId: string, entry: ActivityEvent, baseUrl: string): EngagementEvent | undefined {
  const occurredAt = isoTime(entry.timestamp);
  if (!occurredAt) return undefined;
  // Mautic's eventId ("email.read12") is unique per contact; without one, the kind and time identify it.
  const externalId = entry.eventId !== undefined ? String(entry.eventId) : `${entry.event}:${Date.parse(occurredAt)}`;
  const label = typeof entry.eventLabel === 'string' ? entry.eventLabel : entry.eventLabel?.label;
  const href = typeof entry.eventLabel === 'object' ? entry.eventLabel?.href : undefined;
  const event: EngagementEvent = {
    id: `mautic:${contactId}:${externalId}`.slice(0, 200),
    prospectKey: key,
    source: 'mautic',
    type: EVENT_TYPES[entry.event] ?? 'other',
    occurredAt,
  };
  setIf(event, 'title', text(label ?? entry.eventType, 500));
  setIf(event, 'url', httpsUrl(href, `${baseUrl}/`));
  setIf(event, 'channel', CHANNELS[entry.event.split('.')[0] ?? '']);
  return event;
}
