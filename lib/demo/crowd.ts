/**
 * The generated crowd around the named people: a few hundred made-up prospects at made-up
 * companies (all on `.example` domains), each with a year of engagement whose amount and recency
 * vary, so lists, heat and sparklines look like a real marketing database.
 */
import { ENGAGEMENT_TYPES, type EngagementType } from '../model/engagement';
import type { DemoEvent, ScriptedPerson } from './people';
import { demoLinkedinUrl, NAMED_DOMAINS, SITE } from './people';
import type { Random } from './random';

const FIRST = ['Avery', 'Bea', 'Carlos', 'Dmitri', 'Elena', 'Farah', 'Gus', 'Hana', 'Ines', 'Jae', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Vikram', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aiko', 'Bruno', 'Chloé', 'Diego', 'Emeka', 'Freya'];
const LAST = ['Adams', 'Baker', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'López', 'Murphy', 'Nakamura', 'Okafor', 'Patel', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka', 'Underwood', 'Varga', 'Williams', 'Xu', 'Yilmaz', 'Zimmermann'];
const TITLES = ['Procurement Manager', 'Head of Finance', 'CFO', 'IT Manager', 'Operations Director', 'Buyer', 'Controller', 'VP Operations', 'Category Manager', 'Finance Analyst', 'CIO', 'Purchasing Lead'];
const COMPANIES: [string, string][] = [
  ['Litware', 'litware.example'],
  ['Proseware', 'proseware.example'],
  ['Wide World Importers', 'wideworldimporters.example'],
  ['Woodgrove Bank', 'woodgrovebank.example'],
  ['Alpine Ski House', 'alpineskihouse.example'],
  ['Coho Winery', 'cohowinery.example'],
  ['Lucerne Publishing', 'lucernepublishing.example'],
  ["Margie's Travel", 'margiestravel.example'],
  ['Trey Research', 'treyresearch.example'],
  ['Wingtip Toys', 'wingtiptoys.example'],
  ['Fourth Coffee', 'fourthcoffee.example'],
  ['Blue Yonder Airlines', 'blueyonderairlines.example'],
  ['City Power & Light', 'cpandl.example'],
  ['Humongous Insurance', 'humongousinsurance.example'],
  ['Lamna Healthcare', 'lamnahealthcare.example'],
  ['Relecloud', 'relecloud.example'],
  ['VanArsdel', 'vanarsdel.example'],
  ['Southridge Video', 'southridgevideo.example'],
  ['Consolidated Messenger', 'consolidatedmessenger.example'],
  ['Graphic Design Institute', 'graphicdesigninstitute.example'],
];
const STAGES: [string, number][] = [
  ['subscriber', 3],
  ['lead', 5],
  ['marketingqualifiedlead', 3],
  ['salesqualifiedlead', 2],
  ['opportunity', 1],
  ['customer', 1],
];
/** How often each type happens in a marketing database: sends and opens dominate, and every type occurs. */
const TYPE_WEIGHTS: Record<EngagementType, number> = {
  email_sent: 24,
  email_open: 22,
  email_click: 8,
  email_reply: 1,
  email_bounce: 1,
  unsubscribe: 0.6,
  page_view: 20,
  form_submit: 3,
  content_download: 4,
  webinar_registered: 3,
  webinar_attended: 2,
  event_attended: 1,
  ad_click: 3,
  social: 3,
  score_change: 2,
  stage_change: 1,
  other: 1,
};
const TYPE_TABLE = ENGAGEMENT_TYPES.map((t) => [t, TYPE_WEIGHTS[t]] as const);
const EMAILS = ['Procurement nurture #1', 'Procurement nurture #2', 'Q4 nurture #3', 'Finance leaders newsletter', 'IT buyers digest', 'Product update: approvals', 'Customer story: Litware'];
const PAGES: [string, string][] = [
  ['Home', '/'],
  ['Pricing', '/pricing'],
  ['Product tour', '/product'],
  ['Integrations', '/integrations'],
  ['Blog: Three-way matching', '/blog/three-way-matching'],
  ['Blog: Closing the books faster', '/blog/close-faster'],
  ['Request a demo', '/demo'],
  ['Careers', '/careers'],
];
const WEBINARS = ['Spend visibility in 30 minutes', 'Zero-trust procurement, explained', 'Scaling partner marketing', 'Month-end without spreadsheets'];
const CONTENT = ['The IT buyer’s guide to spend control', 'Partner marketing playbook', 'Approval workflows checklist', 'ROI calculator template'];
const EVENTS = ['Procurement Summit Nordics', 'FinOps Forum', 'CFO Breakfast London'];
const FORMS = ['Newsletter signup', 'Contact sales', 'Request a demo', 'Download: checklist'];

export interface CrowdOptions {
  people: number;
}

export function generateCrowd(random: Random, { people }: CrowdOptions): ScriptedPerson[] {
  const companies = COMPANIES.filter(([, domain]) => !NAMED_DOMAINS.includes(domain));
  const crowd: ScriptedPerson[] = [];
  for (let i = 0; i < people; i++) {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const [company, domain] = random.pick(companies);
    const handle = `${first}.${last}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    // Engagement varies a lot between people: most are quiet, a few are very active.
    const activity = random.next() ** 2;
    const count = 3 + Math.floor(activity * 45);
    // Active people are active lately; quiet ones drift into the past.
    const span = 365 * (1 - activity * 0.7);
    const events = Array.from({ length: count }, () => crowdEvent(random, Math.floor(random.next() * span)));
    crowd.push({
      person: {
        email: `${handle}.${i}@${domain}`,
        ...(random.chance(0.3) && { linkedinUrl: demoLinkedinUrl(`${handle.replace('.', '-')}-${i}`) }),
        name: `${first} ${last}`,
        company,
        title: random.pick(TITLES),
        lifecycleStage: random.weighted(STAGES),
        leadScore: Math.round(activity * 80 + random.next() * 20),
      },
      events,
    });
  }
  return crowd;
}

function crowdEvent(random: Random, daysAgo: number): DemoEvent {
  const type = random.weighted(TYPE_TABLE);
  const hoursAgo = 1 + random.int(22);
  const at = { type, daysAgo, hoursAgo };
  switch (type) {
    case 'email_sent':
    case 'email_open':
    case 'email_reply':
    case 'email_bounce':
    case 'unsubscribe':
      return { ...at, title: random.pick(EMAILS), channel: 'email' };
    case 'email_click': {
      const [, path] = random.pick(PAGES);
      return { ...at, title: random.pick(EMAILS), url: `${SITE}${path}`, channel: 'email' };
    }
    case 'page_view': {
      const [title, path] = random.pick(PAGES);
      return { ...at, title, url: `${SITE}${path}`, channel: 'web' };
    }
    case 'form_submit':
      return { ...at, title: random.pick(FORMS), channel: 'web' };
    case 'content_download':
      return { ...at, title: random.pick(CONTENT), channel: 'web' };
    case 'webinar_registered':
    case 'webinar_attended':
      return { ...at, title: random.pick(WEBINARS), channel: 'webinar' };
    case 'event_attended':
      return { ...at, title: random.pick(EVENTS), channel: 'event' };
    case 'ad_click':
    case 'social':
      return { ...at, title: 'Spend control, simplified', campaign: 'LinkedIn ads', channel: 'linkedin' };
    case 'score_change':
      return { ...at, title: `Score ${random.chance(0.7) ? '+' : '−'}${5 + random.int(15)}`, channel: 'scoring' };
    case 'stage_change':
      return { ...at, title: 'Lifecycle stage changed', channel: 'crm' };
    case 'other':
      return { ...at, title: 'Visited the booth', channel: 'event' };
  }
}
