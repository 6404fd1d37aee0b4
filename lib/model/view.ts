import type { LeadRejectReason, SalesAction } from './action';
import type { EngagementEvent, EngagementType, SourceKind } from './engagement';
import type { Candidate, Prospect } from './prospect';

/**
 * What a card shows. Built by the background from the store and sources, sent to the sidebar,
 * side panel and popup; never carries credentials. Plain JSON (no Dates, no Maps) so it crosses
 * every browser's messaging unchanged.
 */
export type Heat = 'cold' | 'warm' | 'hot';

const HEAT_ORDER: Record<Heat, number> = { cold: 0, warm: 1, hot: 2 };

/** The hottest heat among the people the store knows, or null when it knows none of them (badge, folded tab). */
export function hottestHeat(views: readonly Pick<ProspectView, 'known' | 'insights'>[]): Heat | null {
  let hottest: Heat | null = null;
  for (const view of views) {
    const heat = view.known ? view.insights.heat : undefined;
    if (heat && (hottest === null || HEAT_ORDER[heat] > HEAT_ORDER[hottest])) hottest = heat;
  }
  return hottest;
}
export type JourneyStage = 'awareness' | 'consideration' | 'decision';

export interface Insights {
  lifecycleStage?: string;
  leadScore?: number;
  lastTouch?: string;
  heat: Heat;
  /** Heat score 0–100 behind the word. */
  heatScore: number;
  /** The strongest reasons, in words: "clicked 3 emails in 7 days". */
  heatReasons: string[];
  journey: JourneyStage;
  counts30: Partial<Record<EngagementType, number>>;
  counts90: Partial<Record<EngagementType, number>>;
  /** 90 numbers, oldest first: events per day. */
  series90: number[];
  /** All-time figures a CRM gives as totals (HubSpot properties), labelled as such on the card. */
  allTime?: Partial<Record<'emailOpens' | 'emailClicks' | 'pageViews' | 'visits' | 'conversions', number>>;
}

export interface SourceStatus {
  source: SourceKind;
  state: 'ok' | 'loading' | 'stale' | 'error' | 'no-access' | 'offline';
  message?: string;
  fetchedAt?: string;
}

/** A sales activity the team logged in a CRM (a Salesforce Task or Event, a HubSpot call, note, meeting, email or task; a Mautic note), with who did it. No bodies: a subject at most. */
export interface SalesActivity {
  /** `<source>:<record id>` */
  id: string;
  source: SourceKind;
  type: 'call' | 'email' | 'meeting' | 'note' | 'task';
  subject?: string;
  /** Who did it; absent when the CRM names nobody (the card says "a colleague"). */
  author?: string;
  at: string;
  status?: string;
}

/** The CRM record's own words for how sales rates the person (Salesforce Lead Status and Rating, HubSpot lead status). */
export interface CrmStatus {
  leadStatus?: string;
  rating?: string;
}

/** An open deal in a CRM (a Salesforce Opportunity of the person's account, a HubSpot deal of the contact or its company). No currency unless the CRM says. */
export interface Deal {
  id: string;
  source: SourceKind;
  name?: string;
  stage?: string;
  amount?: number;
  currency?: string;
  closeDate?: string;
  owner?: string;
}

/** A first or last marketing touch as the card shows it (lib/insights/touches.ts). */
export interface TouchView {
  /** The campaign, else the channel it came through. */
  label: string;
  isCampaign: boolean;
  at: string;
}

/**
 * Sales' newest verdict on a lead (docs/architecture.md, "The compact card, links and mutes"): the
 * rep's own lead feedback, or a colleague's read back from the sales lane, whichever is newer.
 */
export interface LeadVerdict {
  verdict: 'accepted' | 'rejected';
  reason?: LeadRejectReason;
  at: string;
  /** `you`: an action the rep logged (in the lane with its delivery state); `team`: a CRM activity. */
  by: 'you' | 'team';
  /** The colleague a CRM names, for `team`. */
  author?: string;
}

export interface MatchCandidate {
  key: string;
  name?: string;
  company?: string;
  email?: string;
}

export interface ProspectView {
  /** The stored prospect's key when matched, else the detected key. */
  key: string;
  detectedKey: string;
  known: boolean;
  /**
   * How the match was made. 'name': a person the page showed by name only (a `name:` key) whose name
   * fits exactly one stored or CRM person; the card says "matched by name".
   */
  match: 'email' | 'linkedin' | 'domain' | 'chosen' | 'name' | 'none';
  prospect: Prospect;
  insights: Insights;
  /** Newest first, at most 20. */
  events: EngagementEvent[];
  /** Recent sales actions on this prospect, newest first. */
  actions: SalesAction[];
  /** The team's activity in the CRMs, newest first, at most 20: the card's sales lane, with the rep's own actions. */
  salesActivity?: SalesActivity[];
  /** Open deals in the CRMs, shown on the card (components/card/Deals.tsx). */
  deals?: Deal[];
  /** The campaigns (or channels) of the person's first and last marketing touch (components/card/Touches.tsx). */
  touches?: { first?: TouchView; last?: TouchView };
  /** Lead status and rating from the CRM record, when a source gives them. */
  crm?: CrmStatus;
  /** The newest lead feedback on the person, shown in the card's header (components/card/Verdict.tsx). */
  verdict?: LeadVerdict;
  /**
   * Only on a card no source knows, with an address: where "Add to <CRM>" creates the person (the
   * destination, when it creates contacts), or null when no CRM is connected (the card offers to keep
   * the person in this browser instead). Absent when neither applies (a webhook destination).
   */
  createIn?: { kind: string; name: string } | null;
  /** Other stored prospects this detection could be (ambiguous matches). */
  alternatives: MatchCandidate[];
  sources: SourceStatus[];
  /** Deep links into the CRMs; https only. */
  links: { label: string; url: string }[];
  /**
   * Display names of the CRM sources ("hubspot" → "HubSpot"). The sidebar runs in the page without
   * the connector definitions (they carry zod), so the background tells it.
   */
  sourceNames?: Readonly<Partial<Record<SourceKind, string>>>;
  /**
   * Nothing could know anyone: no prospect is stored and no CRM source is connected. The sidebar then
   * says "No data yet — import or connect a CRM" once instead of drawing an empty card per person.
   */
  noDataYet?: boolean;
}

/** What a content script needs to know about its page's settings (it never sees the rest). */
export interface PageSettings {
  enabled: boolean;
  /** Whether the in-page sidebar may be drawn (always on webmail; opt-in on LinkedIn). */
  overlay: boolean;
  theme?: 'light' | 'dark';
  /** The rep folded the sidebar on this site. */
  collapsed: boolean;
}

/**
 * A tab as its owner (lib/background/tab-views.ts) keeps it, in `storage.session`: gone with the
 * browser session, like the tab ids it is keyed by.
 */
export interface TabState {
  tabId: number;
  /** Increases with every detection and every rebuild in this tab; answers for an older build are dropped. */
  revision: number;
  url: string;
  site: string | null;
  detectedAt: string;
  /**
   * What the page showed, before filtering: views are rebuilt from these when asked again, with the
   * settings of that moment (a person muted since then disappears at once).
   */
  candidates: Candidate[];
  /** The signed-in user's addresses as the page showed them. */
  selfAddresses: string[];
  views: ProspectView[];
}
