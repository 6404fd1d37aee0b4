/**
 * Seed data for the HubSpot mock, shaped as HubSpot returns it: every property value a string (or
 * null), dates as ISO strings, relative to the mock's clock so "2 days ago" stays 2 days ago.
 */
import type { SalesAction } from '../../model/action';
import { activityRecord } from './activity';

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

/** An engagement logged by anyone on the team (calls, emails, meetings, notes, tasks), associated with contacts. */
export interface SeedEngagement {
  id: string;
  type: 'calls' | 'emails' | 'meetings' | 'notes' | 'tasks';
  contactIds: string[];
  properties: Record<string, string>;
}

export interface SeedCompany {
  id: string;
  properties: Record<string, string>;
  contactIds: string[];
}

export interface SeedDeal {
  id: string;
  properties: Record<string, string>;
  contactIds: string[];
  companyIds: string[];
}

export interface SeedPipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: { id: string; label: string; displayOrder: number; metadata: { isClosed: 'true' | 'false'; probability: string } }[];
}

const DAY = 86_400_000;

/** HubSpot's default sales pipeline, as `GET /crm/v3/pipelines/deals` answers it. */
export const DEFAULT_PIPELINE: SeedPipeline = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.2' } },
    { id: 'qualifiedtobuy', label: 'Qualified To Buy', displayOrder: 1, metadata: { isClosed: 'false', probability: '0.4' } },
    { id: 'presentationscheduled', label: 'Presentation Scheduled', displayOrder: 2, metadata: { isClosed: 'false', probability: '0.6' } },
    { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', displayOrder: 3, metadata: { isClosed: 'false', probability: '0.8' } },
    { id: 'contractsent', label: 'Contract Sent', displayOrder: 4, metadata: { isClosed: 'false', probability: '0.9' } },
    { id: 'closedwon', label: 'Closed Won', displayOrder: 5, metadata: { isClosed: 'true', probability: '1.0' } },
    { id: 'closedlost', label: 'Closed Lost', displayOrder: 6, metadata: { isClosed: 'true', probability: '0.0' } },
  ],
};

/**
 * The team's side: Sam Okafor called Dana yesterday, Alex Rivera noted and booked a meeting, a
 * colleague with no name on file emailed, and a task names an owner who has left (not in the owners
 * list). Northwind has an open deal and a won one; Dana's contact also points at a deal since deleted.
 */
export interface SeedDangling {
  from: 'contacts' | 'companies';
  fromId: string;
  to: string;
  toId: string;
}

export function hubspotTeamSeed(now: number): { engagements: SeedEngagement[]; companies: SeedCompany[]; deals: SeedDeal[]; pipelines: SeedPipeline[]; dangling: SeedDangling[] } {
  const ago = (days: number) => new Date(now - days * DAY).toISOString();
  const engagements: SeedEngagement[] = [
    { id: '8101', type: 'calls', contactIds: ['51'], properties: { hs_timestamp: ago(1), hs_call_title: 'Discovery call — month-end close', hs_call_body: '<p>Budget approved for Q1; wants SSO.</p>', hs_call_direction: 'OUTBOUND', hs_call_status: 'COMPLETED', hubspot_owner_id: '9002' } },
    { id: '8102', type: 'notes', contactIds: ['51'], properties: { hs_timestamp: ago(3), hs_note_body: '<p>Confidential: champion is leaving in March.</p>', hubspot_owner_id: '9001' } },
    { id: '8103', type: 'meetings', contactIds: ['51'], properties: { hs_timestamp: ago(-2), hs_meeting_title: 'Pricing review', hs_meeting_start_time: ago(-2), hs_meeting_end_time: ago(-2), hs_meeting_outcome: 'SCHEDULED', hubspot_owner_id: '9001' } },
    { id: '8104', type: 'emails', contactIds: ['51'], properties: { hs_timestamp: ago(6), hs_email_subject: 'Re: Northwind security questionnaire', hs_email_direction: 'EMAIL', hs_email_text: 'Attached the SOC 2 report.', hubspot_owner_id: '9003' } },
    { id: '8105', type: 'tasks', contactIds: ['51'], properties: { hs_timestamp: ago(9), hs_task_subject: 'Send case study', hs_task_status: 'COMPLETED', hs_task_priority: 'MEDIUM', hs_task_type: 'TODO', hubspot_owner_id: '9999' } },
    { id: '8106', type: 'calls', contactIds: ['52'], properties: { hs_timestamp: ago(14), hs_call_title: 'Intro call', hs_call_direction: 'OUTBOUND', hs_call_status: 'NO_ANSWER' } },
  ];
  const companies: SeedCompany[] = [
    { id: '301', properties: { name: 'Northwind Traders', domain: 'northwind.example' }, contactIds: ['51'] },
    { id: '302', properties: { name: 'Contoso Ltd', domain: 'contoso.example' }, contactIds: ['52'] },
  ];
  const close = (days: number) => new Date(now + days * DAY).toISOString();
  const deals: SeedDeal[] = [
    { id: '7001', properties: { dealname: 'Northwind — Close automation', dealstage: 'presentationscheduled', pipeline: 'default', amount: '24000', deal_currency_code: 'EUR', closedate: close(30), hubspot_owner_id: '9002', hs_is_closed: 'false' }, contactIds: [], companyIds: ['301'] },
    { id: '7002', properties: { dealname: 'Northwind — Pilot', dealstage: 'closedwon', pipeline: 'default', amount: '3000', deal_currency_code: 'EUR', closedate: ago(200), hubspot_owner_id: '9001', hs_is_closed: 'true' }, contactIds: ['51'], companyIds: ['301'] },
    { id: '7003', properties: { dealname: 'Contoso — Finance suite', dealstage: 'qualifiedtobuy', pipeline: 'default', amount: '', hs_is_closed: 'false' }, contactIds: ['52'], companyIds: [] },
  ];
  // Dana's record still lists a deal someone deleted: reading it answers 207 with an error.
  const dangling: SeedDangling[] = [{ from: 'contacts', fromId: '51', to: 'deals', toId: '7999' }];
  return { engagements, companies, deals, pipelines: [DEFAULT_PIPELINE], dangling };
}

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
    // A colleague HubSpot has no name for: the card names them by their address.
    { id: '9003', email: 'deals-desk@prospectlens.example', firstName: '', lastName: '', userId: 7003 },
  ];
  return { contacts, participations, owners };
}

/**
 * A colleague's lead feedback or stage change as the HubSpot destination writes it (activity.ts:
 * a note with actionLines and the marker, associated with the contact), for seeding the mock with
 * feedback logged "in another browser".
 */
export function feedbackNoteSeed(action: SalesAction, contactId: string, id: string, ownerId = '9002'): SeedEngagement {
  const { objectType, body } = activityRecord(action, contactId, ownerId);
  if (objectType !== 'notes') throw new Error(`A ${action.type} is not written as a note`);
  return { id, type: 'notes', contactIds: [contactId], properties: body.properties };
}
