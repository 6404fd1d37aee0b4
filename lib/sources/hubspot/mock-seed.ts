/**
 * Seed data for the HubSpot mock, shaped as HubSpot returns it: every property value a string (or
 * null), dates as ISO strings, relative to the mock's clock so "2 days ago" stays 2 days ago.
 */

export interface SeedContact {
  id: string;
  properties: Record<string, string | null>;
}

export interface SeedParticipation {
  id: string;
  contactId: string;
  marketingEventId: string;
  eventName: string;
  attendanceState: 'REGISTERED' | 'ATTENDED' | 'CANCELLED' | 'NO_SHOW';
  occurredAt: string;
}

export interface SeedOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
}

const DAY = 86_400_000;

export function hubspotSeed(now: number): { contacts: SeedContact[]; participations: SeedParticipation[]; owners: SeedOwner[] } {
  const ago = (days: number) => new Date(now - days * DAY).toISOString();
  const contacts: SeedContact[] = [
    {
      id: '51',
      properties: {
        email: 'dana.whitfield@northwind.example',
        firstname: 'Dana',
        lastname: 'Whitfield',
        company: 'Northwind Traders',
        jobtitle: 'VP Operations',
        lifecyclestage: 'marketingqualifiedlead',
        hs_lead_status: 'OPEN',
        hubspotscore: '72',
        hubspot_owner_id: '9001',
        hs_linkedin_url: 'https://www.linkedin.com/in/dana-whitfield',
        hs_email_open: '14',
        hs_email_click: '5',
        hs_email_delivered: '22',
        hs_email_bounce: '0',
        hs_email_replied: '1',
        hs_email_last_open_date: ago(1),
        hs_email_last_click_date: ago(3),
        hs_email_last_send_date: ago(4),
        hs_email_last_email_name: 'Q4 nurture #3 — Automating month-end close',
        hs_email_optout: 'false',
        hs_analytics_num_page_views: '23',
        hs_analytics_num_visits: '9',
        hs_analytics_last_visit_timestamp: ago(2),
        hs_analytics_last_url: 'https://www.prospectlens.example/pricing',
        hs_analytics_source: 'ORGANIC_SEARCH',
        recent_conversion_event_name: 'Pricing guide download',
        recent_conversion_date: ago(2),
        first_conversion_event_name: 'Newsletter signup',
        num_conversion_events: '3',
        hs_sales_email_last_replied: null,
        num_associated_deals: '0',
      },
    },
    {
      id: '52',
      properties: {
        email: 'marcus.oyelaran@contoso.example',
        firstname: 'Marcus',
        lastname: 'Oyelaran',
        company: 'Contoso Ltd',
        jobtitle: 'Head of Finance Systems',
        lifecyclestage: 'salesqualifiedlead',
        hubspotscore: '45',
        hubspot_owner_id: '9002',
        hs_linkedin_url: null,
        hs_email_open: '6',
        hs_email_click: '1',
        hs_email_last_open_date: ago(12),
        hs_email_last_click_date: ago(20),
        hs_email_last_email_name: 'Webinar invite: Close faster in Q4',
        hs_analytics_num_page_views: '7',
        hs_analytics_num_visits: '3',
        num_conversion_events: '1',
        recent_conversion_event_name: 'Webinar registration',
        recent_conversion_date: ago(15),
      },
    },
    {
      id: '53',
      properties: {
        email: 'priya.raman@fabrikam.example',
        firstname: 'Priya',
        lastname: 'Raman',
        company: 'Fabrikam',
        jobtitle: 'Controller',
        lifecyclestage: 'lead',
        hubspotscore: '12',
        hs_linkedin_url: 'https://www.linkedin.com/in/priyaraman/',
        hs_email_open: '2',
        hs_email_click: '0',
        hs_analytics_num_page_views: '1',
        hs_analytics_num_visits: '1',
        num_conversion_events: '0',
      },
    },
    {
      id: '54',
      properties: {
        email: 'li.wei@tailspin.example',
        firstname: 'Li',
        lastname: 'Wei',
        company: 'Tailspin Toys',
        jobtitle: null,
        lifecyclestage: 'customer',
        hubspotscore: '',
        hs_email_open: null,
        hs_email_click: null,
      },
    },
    {
      // Hostile data, as any CRM field can hold: it must reach the card as text, never as markup.
      id: '55',
      properties: {
        email: 'mallory@evil.example',
        firstname: '<img src=x onerror=alert(1)>',
        lastname: '"; DROP TABLE contacts; --',
        company: "O'Brien & <b>Sons</b>",
        jobtitle: 'javascript:alert(1)',
        lifecyclestage: 'lead',
        hubspotscore: 'NaN',
        hs_linkedin_url: 'javascript:alert(1)',
        hs_analytics_last_url: 'javascript:alert(2)',
        hs_analytics_last_visit_timestamp: ago(1),
        recent_conversion_event_name: '<script>alert(3)</script>',
        recent_conversion_date: 'not a date',
      },
    },
  ];
  const participations: SeedParticipation[] = [
    { id: 'p-1001', contactId: '51', marketingEventId: 'mev-301', eventName: 'Live demo: Automating month-end close', attendanceState: 'REGISTERED', occurredAt: ago(10) },
    { id: 'p-1002', contactId: '51', marketingEventId: 'mev-301', eventName: 'Live demo: Automating month-end close', attendanceState: 'ATTENDED', occurredAt: ago(7) },
    { id: 'p-1003', contactId: '51', marketingEventId: 'mev-288', eventName: 'Finance Ops Summit 2024', attendanceState: 'CANCELLED', occurredAt: ago(40) },
    { id: 'p-1004', contactId: '52', marketingEventId: 'mev-301', eventName: 'Live demo: Automating month-end close', attendanceState: 'NO_SHOW', occurredAt: ago(7) },
  ];
  const owners: SeedOwner[] = [
    { id: '9001', email: 'alex.rivera@prospectlens.example', firstName: 'Alex', lastName: 'Rivera', userId: 7001 },
    { id: '9002', email: 'sam.okafor@prospectlens.example', firstName: 'Sam', lastName: 'Okafor', userId: 7002 },
  ];
  return { contacts, participations, owners };
}
