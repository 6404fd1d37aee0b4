/**
 * The people the demo pages show, with histories written to give each one a known card:
 * the stage, score, heat and journey named here are what `buildInsights` must produce for them
 * (tests/unit/demo checks it). Days are counted back from "now" when the set is generated.
 */
import type { EngagementType } from '../model/engagement';
import { profileUrl } from '../model/person-key';

export interface DemoPerson {
  email?: string;
  linkedinUrl?: string;
  name: string;
  company: string;
  title: string;
  lifecycleStage: string;
  leadScore: number;
  /** The record's owner, as a CRM gives it (the import format has no column: load.ts writes it after). */
  owner?: string;
  /**
   * The stage as a CRM words it ("working - contacted", a Lead Status), written after the import
   * (load.ts): the import normalises stages to HubSpot's words. Leave `lifecycleStage` empty with it.
   */
  crmStage?: string;
}

export interface DemoEvent {
  type: EngagementType;
  /** Days and hours before now. */
  daysAgo: number;
  hoursAgo?: number;
  title?: string;
  url?: string;
  campaign?: string;
  channel?: string;
}

export interface ScriptedPerson {
  person: DemoPerson;
  events: DemoEvent[];
}

export const SITE = 'https://www.example.com';

/**
 * A demo person's LinkedIn address. LinkedIn's vanity names are letters, digits and hyphens, so a
 * slug with dots is one no member can hold: a real profile never shows a demo card, and the rep's
 * own import of a real profile never lands on a demo person (docs/architecture.md, "Import and storage").
 */
export function demoLinkedinUrl(name: string): string {
  return profileUrl(`prospect-lens.demo.${name}`);
}

const nurture = (n: number, daysAgo: number, opened: boolean): DemoEvent[] => [
  { type: 'email_sent', daysAgo, hoursAgo: 3, title: `Procurement nurture #${n}`, campaign: 'Procurement nurture', channel: 'email' },
  ...(opened ? [{ type: 'email_open' as const, daysAgo, hoursAgo: 1, title: `Procurement nurture #${n}`, campaign: 'Procurement nurture', channel: 'email' }] : []),
];

/** Hot and deciding: two clicks this week, /pricing twice, a webinar, an open opportunity. */
const dana: ScriptedPerson = {
  person: {
    email: 'dana.whitfield@northwind.example',
    name: 'Dana Whitfield',
    company: 'Northwind Traders',
    title: 'Head of Procurement',
    lifecycleStage: 'opportunity',
    leadScore: 87,
  },
  events: [
    ...nurture(1, 150, true),
    ...nurture(2, 120, true),
    ...nurture(3, 90, false),
    ...nurture(4, 60, true),
    { type: 'form_submit', daysAgo: 35, title: 'Contact sales', url: `${SITE}/contact-sales`, channel: 'web' },
    { type: 'webinar_registered', daysAgo: 20, title: 'Live: Spend visibility in 30 minutes', channel: 'webinar' },
    { type: 'webinar_attended', daysAgo: 12, title: 'Live: Spend visibility in 30 minutes', channel: 'webinar' },
    { type: 'page_view', daysAgo: 10, title: 'Product tour', url: `${SITE}/product`, channel: 'web' },
    ...nurture(5, 4, true),
    { type: 'page_view', daysAgo: 4, hoursAgo: 0.5, title: 'Pricing', url: `${SITE}/pricing`, channel: 'web' },
    ...nurture(6, 2, true),
    { type: 'email_click', daysAgo: 2, title: 'Procurement nurture #6', url: `${SITE}/customers/northwind`, campaign: 'Procurement nurture', channel: 'email' },
    { type: 'page_view', daysAgo: 2, hoursAgo: 0.5, title: 'Pricing', url: `${SITE}/pricing?plan=team`, channel: 'web' },
    { type: 'email_click', daysAgo: 1, hoursAgo: 2, title: 'Q4 nurture #3', url: `${SITE}/roi-calculator`, campaign: 'Q4 nurture', channel: 'email' },
  ],
};

/** Warm, considering: regular opens, a click and a guide downloaded in the last weeks. */
const li: ScriptedPerson = {
  person: {
    email: 'li.wei@contoso.example',
    name: 'Li Wei',
    company: 'Contoso',
    title: 'IT Director',
    lifecycleStage: 'marketingqualifiedlead',
    leadScore: 54,
  },
  events: [
    { type: 'webinar_registered', daysAgo: 40, title: 'Zero-trust procurement, explained', channel: 'webinar' },
    { type: 'email_open', daysAgo: 45, title: 'IT buyers digest, May', campaign: 'IT digest', channel: 'email' },
    { type: 'email_open', daysAgo: 30, title: 'IT buyers digest, June', campaign: 'IT digest', channel: 'email' },
    { type: 'content_download', daysAgo: 16, title: 'The IT buyer’s guide to spend control', url: `${SITE}/guides/it-spend`, channel: 'web' },
    { type: 'email_open', daysAgo: 16, hoursAgo: 2, title: 'IT buyers digest, July', campaign: 'IT digest', channel: 'email' },
    { type: 'email_open', daysAgo: 9, hoursAgo: 3, title: 'Integrations roundup', campaign: 'IT digest', channel: 'email' },
    { type: 'email_click', daysAgo: 9, hoursAgo: 2, title: 'Integrations roundup', url: `${SITE}/integrations`, campaign: 'IT digest', channel: 'email' },
    { type: 'page_view', daysAgo: 9, hoursAgo: 1, title: 'Integrations', url: `${SITE}/integrations`, channel: 'web' },
    { type: 'email_open', daysAgo: 3, title: 'Security whitepaper', campaign: 'IT digest', channel: 'email' },
  ],
};

/** Cold: one email opened long ago, nothing since. */
const samir: ScriptedPerson = {
  person: {
    email: 'samir.haddad@fabrikam.example',
    name: 'Samir Haddad',
    company: 'Fabrikam',
    title: 'CFO',
    lifecycleStage: 'lead',
    leadScore: 12,
  },
  events: [
    { type: 'email_sent', daysAgo: 200, hoursAgo: 5, title: 'Finance leaders newsletter', campaign: 'Finance newsletter', channel: 'email' },
    { type: 'email_open', daysAgo: 200, title: 'Finance leaders newsletter', campaign: 'Finance newsletter', channel: 'email' },
  ],
};

/** Known only by a LinkedIn profile; considering (webinar, content) and sales-qualified. */
const marta: ScriptedPerson = {
  person: {
    linkedinUrl: demoLinkedinUrl('marta-oliveira'),
    name: 'Marta Oliveira',
    company: 'Tailspin Toys',
    title: 'VP Marketing',
    lifecycleStage: 'salesqualifiedlead',
    leadScore: 71,
  },
  events: [
    { type: 'content_download', daysAgo: 25, title: 'Partner marketing playbook', url: `${SITE}/guides/partner-marketing`, channel: 'web' },
    { type: 'webinar_registered', daysAgo: 20, title: 'Scaling partner marketing', channel: 'webinar' },
    { type: 'webinar_attended', daysAgo: 18, title: 'Scaling partner marketing', channel: 'webinar' },
    { type: 'ad_click', daysAgo: 8, title: 'Partner marketing playbook', campaign: 'LinkedIn ads Q3', channel: 'linkedin' },
    { type: 'social', daysAgo: 6, title: 'Liked a post about partner programmes', channel: 'linkedin' },
  ],
};

/** Two people at adatum.example, so the domain → company suggestion lists several. */
const jonas: ScriptedPerson = {
  person: {
    email: 'jonas.berg@adatum.example',
    name: 'Jonas Berg',
    company: 'Adventure Works',
    title: 'Procurement Manager',
    lifecycleStage: 'marketingqualifiedlead',
    leadScore: 38,
  },
  events: [
    { type: 'email_open', daysAgo: 28, title: 'Procurement nurture #4', campaign: 'Procurement nurture', channel: 'email' },
    { type: 'page_view', daysAgo: 27, title: 'Blog: Three-way matching', url: `${SITE}/blog/three-way-matching`, channel: 'web' },
    { type: 'event_attended', daysAgo: 50, title: 'Procurement Summit Nordics', channel: 'event' },
  ],
};

const priya: ScriptedPerson = {
  person: {
    email: 'priya.raman@adatum.example',
    name: 'Priya Raman',
    company: 'Adventure Works',
    title: 'Finance Manager',
    lifecycleStage: 'lead',
    leadScore: 20,
  },
  events: [
    { type: 'email_open', daysAgo: 70, title: 'Finance leaders newsletter', campaign: 'Finance newsletter', channel: 'email' },
    { type: 'unsubscribe', daysAgo: 69, title: 'Finance leaders newsletter', campaign: 'Finance newsletter', channel: 'email' },
  ],
};

/**
 * Shaped like what the Salesforce connector makes of a Lead (lib/sources/salesforce/map.ts), for a demo
 * without an org: the Lead Status as the stage (lower-cased, as the connector does), the Lead's owner,
 * and its campaign history (CampaignMember: campaign, member status, responded date) as engagement
 * events titled "Campaign — Status", the campaign's type as the channel. What the import format cannot
 * carry (the Lead's Rating, the team's Tasks and Events) needs an org or the loopback one (README, Salesforce).
 */
const avery: ScriptedPerson = {
  person: {
    email: 'avery.chen@litware.example',
    name: 'Avery Chen',
    company: 'Litware, Inc.',
    title: 'Director of Finance Operations',
    lifecycleStage: '',
    crmStage: 'working - contacted',
    leadScore: 64,
    owner: 'Riley Rep',
  },
  events: [
    { type: 'email_sent', daysAgo: 34, title: 'Q4 nurture — Sent', campaign: 'Q4 nurture', channel: 'email' },
    { type: 'email_click', daysAgo: 21, title: 'Q4 nurture — Clicked', campaign: 'Q4 nurture', channel: 'email' },
    { type: 'webinar_registered', daysAgo: 15, title: 'Month-end close webinar — Registered', campaign: 'Month-end close webinar', channel: 'webinar' },
    { type: 'webinar_attended', daysAgo: 6, title: 'Month-end close webinar — Attended', campaign: 'Month-end close webinar', channel: 'webinar' },
    { type: 'form_submit', daysAgo: 3, title: 'Pricing request — Responded', campaign: 'Pricing request', channel: 'web' },
  ],
};

export const NAMED_PEOPLE: readonly ScriptedPerson[] = [dana, li, samir, marta, jonas, priya, avery];

/** Domains the generated crowd must stay away from, so the named companies show exactly these people. */
export const NAMED_DOMAINS = ['northwind.example', 'contoso.example', 'fabrikam.example', 'tailspin.example', 'adatum.example', 'litware.example'];
