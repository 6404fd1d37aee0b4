// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { EngagementEvent } from '@/lib/model/engagement';
import { Prospect } from '@/lib/model/prospect';
import { activityToEvent, contactToProspect } from '@/lib/sources/mautic/map';
import { ActivityResponse, ContactsResponse } from '@/lib/sources/mautic/raw';
import { fixtureJson } from './helpers';

const KEY = 'dana.whitfield@northwind.example';
const BASE = 'https://marketing.northwind.example';

describe('Mautic contacts', () => {
  it('reads contacts keyed by id with a string total', () => {
    const parsed = ContactsResponse.parse(fixtureJson('mautic/contacts-dana.json'));
    expect(parsed.contacts.map((c) => c.id)).toEqual(['47']);
  });

  it("reads PHP's empty array as no contacts", () => {
    expect(ContactsResponse.parse(fixtureJson('mautic/contacts-empty.json')).contacts).toEqual([]);
  });

  it('rejects a contact whose fields are not an object', () => {
    expect(ContactsResponse.safeParse(fixtureJson('mautic/contacts-wrong-types.json')).success).toBe(false);
  });

  it('maps points, stage and fields into the prospect, with a link into Mautic', () => {
    const [contact] = ContactsResponse.parse(fixtureJson('mautic/contacts-dana.json')).contacts;
    const prospect = contactToProspect(KEY, contact!, BASE);
    expect(prospect).toEqual({
      key: KEY,
      emails: [KEY],
      name: 'Dana Whitfield',
      company: 'Northwind Traders',
      domain: 'northwind.example',
      title: 'VP Operations',
      lifecycleStage: 'mql',
      leadScore: 85,
      owner: 'Alex Rivera',
      linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield',
      refs: [{ source: 'mautic', externalId: '47', url: 'https://marketing.northwind.example/s/contacts/view/47' }],
    });
    expect(() => Prospect.parse(prospect)).not.toThrow();
  });
});

describe('Mautic activity → events', () => {
  const { events } = ActivityResponse.parse(fixtureJson('mautic/activity-dana.json'));
  const mapped = events.flatMap((e) => activityToEvent(KEY, '47', e, BASE) ?? []);

  it('maps every event key to its engagement type', () => {
    expect(mapped.map((e) => e.type)).toEqual([
      'email_sent',
      'email_open',
      'page_view',
      'form_submit',
      'content_download',
      'score_change',
      'stage_change',
      'unsubscribe',
      'other',
    ]);
    for (const event of mapped) expect(() => EngagementEvent.parse(event)).not.toThrow();
  });

  it('gives stable ids from Mautic’s own event ids', () => {
    expect(mapped[1]!.id).toBe('mautic:47:email.read201');
    expect(new Set(mapped.map((e) => e.id)).size).toBe(mapped.length);
  });

  it('reads titles, links (relative ones resolved) and Mautic’s space-separated UTC times', () => {
    expect(mapped[0]).toMatchObject({ title: 'Q4 nurture #3', url: 'https://marketing.northwind.example/s/emails/view/12', channel: 'email' });
    expect(mapped[2]).toMatchObject({ occurredAt: '2024-11-17T10:20:00.000Z', url: 'https://www.prospectlens.example/pricing', channel: 'web' });
    expect(mapped[3]).toMatchObject({ title: 'Request a demo' });
  });

  it('keeps hostile labels as text, drops javascript: links, skips entries without a date', () => {
    const hostile = ActivityResponse.parse(fixtureJson('mautic/activity-hostile.json')).events.flatMap((e) => activityToEvent(KEY, '49', e, BASE) ?? []);
    expect(hostile).toHaveLength(1);
    expect(hostile[0]).toMatchObject({ title: '<script>alert(2)</script>', type: 'page_view' });
    expect(hostile[0]!.url).toBeUndefined();
  });
});
