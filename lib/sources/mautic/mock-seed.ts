/**
 * Seed data for the Mautic mock, shaped as Mautic's API returns it (numbers where Mautic sends
 * numbers, `fields.all` by alias, activity entries with Mautic's event keys), dated relative to
 * the mock's clock.
 */

export interface MauticSeedContact {
  id: number;
  points: number;
  stage: { id: number; name: string } | null;
  owner: { id: number; firstName: string; lastName: string } | null;
  lastActive: string | null;
  fields: Record<string, string | number | null>;
  tags: string[];
}

export interface MauticSeedEvent {
  contactId: number;
  event: string;
  eventId: string;
  eventType: string;
  eventLabel: string | { label: string; href: string; isExternal?: boolean };
  timestamp: string;
}

const DAY = 86_400_000;

export function mauticSeed(now: number): { contacts: MauticSeedContact[]; events: MauticSeedEvent[] } {
  const ago = (days: number) => new Date(now - days * DAY).toISOString().replace('.000Z', '+00:00');
  const contacts: MauticSeedContact[] = [
    {
      id: 47,
      points: 85,
      stage: { id: 2, name: 'MQL' },
      owner: { id: 1, firstName: 'Alex', lastName: 'Rivera' },
      lastActive: ago(1),
      fields: {
        email: 'dana.whitfield@northwind.example',
        firstname: 'Dana',
        lastname: 'Whitfield',
        company: 'Northwind Traders',
        position: 'VP Operations',
        linkedin: 'https://www.linkedin.com/in/dana-whitfield',
        country: 'United Kingdom',
      },
      tags: ['webinar-2024'],
    },
    {
      id: 48,
      points: 20,
      stage: null,
      owner: null,
      lastActive: ago(30),
      fields: { email: 'marcus.oyelaran@contoso.example', firstname: 'Marcus', lastname: 'Oyelaran', company: 'Contoso Ltd', position: null, linkedin: null },
      tags: [],
    },
    {
      // Hostile values stay text on the card.
      id: 49,
      points: 0,
      stage: { id: 1, name: '<b>Lead</b>' },
      owner: null,
      lastActive: ago(2),
      fields: { email: 'mallory@evil.example', firstname: '<img src=x onerror=alert(1)>', lastname: 'Test', company: '<script>alert(1)</script>', position: null },
      tags: [],
    },
  ];
  const events: MauticSeedEvent[] = [
    { contactId: 47, event: 'email.sent', eventId: 'email.sent201', eventType: 'Email sent', eventLabel: { label: 'Q4 nurture #3', href: '/s/emails/view/12' }, timestamp: ago(4) },
    { contactId: 47, event: 'email.read', eventId: 'email.read201', eventType: 'Email read', eventLabel: { label: 'Q4 nurture #3', href: '/s/emails/view/12' }, timestamp: ago(3) },
    { contactId: 47, event: 'page.hit', eventId: 'page.hit9001', eventType: 'Page hit', eventLabel: { label: 'Pricing', href: 'https://www.prospectlens.example/pricing', isExternal: true }, timestamp: ago(2) },
    { contactId: 47, event: 'page.hit', eventId: 'page.hit9002', eventType: 'Page hit', eventLabel: { label: 'Pricing', href: 'https://www.prospectlens.example/pricing', isExternal: true }, timestamp: ago(1) },
    { contactId: 47, event: 'form.submitted', eventId: 'form.submitted77', eventType: 'Form submitted', eventLabel: 'Request a demo', timestamp: ago(1) },
    { contactId: 47, event: 'asset.download', eventId: 'asset.download5', eventType: 'Asset downloaded', eventLabel: 'Month-end close checklist (PDF)', timestamp: ago(6) },
    { contactId: 47, event: 'point.gained', eventId: 'point.gained88', eventType: 'Point gained', eventLabel: 'Form submitted: +20', timestamp: ago(1) },
    { contactId: 47, event: 'stage.changed', eventId: 'stage.changed3', eventType: 'Stage changed', eventLabel: 'MQL', timestamp: ago(1) },
    { contactId: 47, event: 'campaign.event', eventId: 'campaign.event14', eventType: 'Campaign action triggered', eventLabel: 'Nurture: wait 3 days', timestamp: ago(5) },
    { contactId: 48, event: 'lead.donotcontact', eventId: 'lead.donotcontact2', eventType: 'Do not contact', eventLabel: 'Unsubscribed', timestamp: ago(25) },
    { contactId: 49, event: 'page.hit', eventId: 'page.hit666', eventType: 'Page hit', eventLabel: { label: '<script>alert(2)</script>', href: 'javascript:alert(2)' }, timestamp: ago(2) },
  ];
  return { contacts, events };
}

/** The team's notes in Mautic: Sam's call with Dana yesterday, and a note by a user with no name. */
export function mauticTeamNotes(now: number): { id: number; lead: number; text: string; type: string; dateTime: string; createdByUser: string | null }[] {
  const ago = (days: number) => new Date(now - days * DAY).toISOString().replace('.000Z', '+00:00');
  return [
    { id: 501, lead: 47, text: 'Called Dana: budget approved, wants SSO (confidential).', type: 'call', dateTime: ago(1), createdByUser: 'Sam Okafor' },
    { id: 502, lead: 47, text: 'Imported from the events list.', type: 'general', dateTime: ago(5), createdByUser: null },
  ];
}
