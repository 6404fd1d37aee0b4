// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { EngagementEvent } from '@/lib/model/engagement';
import { Prospect } from '@/lib/model/prospect';
import { contactAllTime, contactEvents, contactToProspect, participationToEvent } from '@/lib/sources/hubspot/map';
import { BatchReadResponse, ParticipationsResponse } from '@/lib/sources/hubspot/raw';
import { fixtureJson } from './helpers';

const KEY = 'dana.whitfield@northwind.example';
const dana = BatchReadResponse.parse(fixtureJson('hubspot/batch-read-dana.json')).results[0]!;
const hostile = BatchReadResponse.parse(fixtureJson('hubspot/batch-read-hostile.json')).results[0]!;

describe('HubSpot contact → prospect', () => {
  it('names the owner only when the owners list names them', () => {
    expect(contactToProspect(KEY, dana, { owners: new Map([['9001', 'Alex Rivera']]) }).owner).toBe('Alex Rivera');
    expect(contactToProspect(KEY, dana, { owners: new Map([['9002', 'Sam Okafor']]) }).owner).toBeUndefined();
  });

  it('maps the fields a card shows', () => {
    expect(contactToProspect(KEY, dana, { owners: new Map([['9001', 'Alex Rivera']]) })).toEqual({
      key: KEY,
      emails: [KEY],
      name: 'Dana Whitfield',
      company: 'Northwind Traders',
      domain: 'northwind.example',
      title: 'VP Operations',
      lifecycleStage: 'marketingqualifiedlead',
      leadScore: 72,
      owner: 'Alex Rivera',
      linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield',
      refs: [{ source: 'hubspot', externalId: '51' }],
    });
  });

  it('links into HubSpot only when the account id is known', () => {
    expect(contactToProspect(KEY, dana, { portalId: '2451987' }).refs).toEqual([
      { source: 'hubspot', externalId: '51', url: 'https://app.hubspot.com/contacts/2451987/record/0-1/51' },
    ]);
  });

  it('gives a prospect the model accepts', () => {
    expect(() => Prospect.parse(contactToProspect(KEY, dana))).not.toThrow();
    expect(() => Prospect.parse(contactToProspect('mallory@evil.example', hostile))).not.toThrow();
  });

  it('keeps markup in fields as verbatim text and drops non-https links', () => {
    const p = contactToProspect('mallory@evil.example', hostile);
    expect(p.name).toBe('<img src=x onerror=alert(1)> "; DROP TABLE contacts; --');
    expect(p.company).toBe("O'Brien & <b>Sons</b>");
    expect(p.linkedinUrl).toBeUndefined();
    expect(p.leadScore).toBeUndefined();
    expect(p.emails).toEqual(['mallory@evil.example']);
    expect(p.lifecycleStage).toBe('lead');
  });

  it('reports all-time totals from the counters', () => {
    expect(contactAllTime(dana)).toEqual({ emailOpens: 14, emailClicks: 5, pageViews: 23, visits: 9, conversions: 3 });
  });

  it('drops a negative counter and reports nothing when no counter is set', () => {
    expect(contactAllTime(hostile)).toBeUndefined();
  });
});

describe('HubSpot dated properties → events', () => {
  it('turns each dated property into one titled event', () => {
    const events = contactEvents(KEY, dana);
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(['email_click', 'email_open', 'email_sent', 'form_submit', 'page_view']);
    expect(byType.form_submit).toMatchObject({ title: 'Pricing guide download', occurredAt: '2024-11-17T10:30:00.000Z', source: 'hubspot' });
    expect(byType.email_click).toMatchObject({ title: 'Q4 nurture #3 — Automating month-end close', occurredAt: '2024-11-16T08:45:00.000Z' });
    // Epoch milliseconds, as older datetime properties come.
    expect(byType.page_view).toMatchObject({ occurredAt: '2024-11-18T16:00:00.000Z', url: 'https://www.prospectlens.example/pricing' });
    for (const event of events) expect(() => EngagementEvent.parse(event)).not.toThrow();
  });

  it('gives the same ids for the same facts, so a refresh adds nothing', () => {
    expect(contactEvents(KEY, dana).map((e) => e.id)).toEqual(contactEvents(KEY, structuredClone(dana)).map((e) => e.id));
    expect(new Set(contactEvents(KEY, dana).map((e) => e.id)).size).toBe(5);
  });

  it('skips a date that is not a date and a javascript: link', () => {
    const events = contactEvents('mallory@evil.example', hostile);
    expect(events.map((e) => e.type)).toEqual(['page_view']);
    expect(events[0]!.url).toBeUndefined();
  });
});

describe('HubSpot participations → webinar events', () => {
  const { results } = ParticipationsResponse.parse(fixtureJson('hubspot/participations.json'));

  it('maps registered and attended, and leaves out cancelled', () => {
    const events = results.flatMap((p) => participationToEvent(KEY, '51', p) ?? []);
    expect(events).toEqual([
      {
        id: 'hubspot:mev:mev-301:51:webinar_registered',
        prospectKey: KEY,
        source: 'hubspot',
        type: 'webinar_registered',
        occurredAt: '2024-11-09T15:00:00.000Z',
        title: 'Live demo: Automating month-end close',
        channel: 'webinar',
      },
      {
        id: 'hubspot:mev:mev-301:51:webinar_attended',
        prospectKey: KEY,
        source: 'hubspot',
        type: 'webinar_attended',
        occurredAt: '2024-11-12T16:45:00.000Z',
        title: 'Live demo: Automating month-end close',
        channel: 'webinar',
      },
    ]);
  });
});
