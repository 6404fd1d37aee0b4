/**
 * Builds the cards' view models: resolve each detected person, read the local store, fold in what
 * the configured sources said (cached, stale-while-revalidate), and compute the insights. The
 * answer is returned from what is at hand at once; sources that need asking are asked behind it, and
 * `onRefreshed` receives the fresher views when they answer.
 */
import { contactCreator, openRecordLabel, SOURCE_NAMES } from '../connectors/catalog';
import { t } from '../i18n';
import { buildInsights } from '../insights';
import { type Touch, touchesOf } from '../insights/touches';
import type { SalesAction } from '../model/action';
import { type EngagementEvent, SourceKind } from '../model/engagement';
import type { Candidate, Prospect } from '../model/prospect';
import type { Settings } from '../model/settings';
import type { CrmStatus, ProspectView, SalesActivity, SourceStatus } from '../model/view';
import { z } from '../model/zod';
import { sessionArea } from '../platform';
import { isNameKey } from '../identity/name';
import { type ProspectFinder, domainOf, resolve } from '../match/resolve';
import { AccessNotGranted, type EngagementSource, type LookupQuery, SourceError, type SourceRecord } from '../sources/types';
import { getCached, isFresh, putCached } from '../store/cache';
import { StorageFullError, withStoragePressure } from '../store/pressure';
import { localHistory } from '../store/events';
import { mergeProspect } from '../store/prospects';
import { addToSummary, emptySummary, type DailySummary } from '../store/summary';
import { clockSteppedBack } from '../sync/clock-step';
import { verdictOf } from './verdict';

export interface ViewDeps {
  finder: ProspectFinder;
  sources(): Promise<EngagementSource[]>;
  settings(): Promise<Settings>;
  recentActions(prospectKey: string): Promise<SalesAction[]>;
  /** The person's newest lead feedback, for the verdict when it is older than the recent actions. */
  newestFeedback?(prospectKey: string): Promise<SalesAction | undefined>;
  now(): number;
}

export interface ViewOptions {
  /** Ask the sources now even if their cached answer is fresh (the card's Retry). */
  refresh?: boolean;
  /** Called once with rebuilt views after sources that had to be asked have answered. */
  onRefreshed?: (views: ProspectView[]) => void;
  /**
   * Domains of the addresses the detection shows (tab-builder.ts): a person shown by name only is
   * told apart from namesakes by them.
   */
  threadDomains?: readonly string[];
  /**
   * A tab's budget of people asked of the sources (tab-builder.ts): given the people this build would
   * ask, in the detection's order, it says how many of the first may be asked now. The others keep the
   * card built from what is at hand (local data, a stale answer) and are asked on a later build.
   */
  admit?: (keys: readonly string[]) => number;
}

/**
 * The last failure per source, so every card can show it until the source answers again, and the
 * time before which it is not asked again (`until`, see FAILURE_QUIET_MS), set at `at`: a rest set
 * later than the clock now reads is over (the clock stepped back; lib/sync/clock-step.ts).
 */
const sourceFailures = new Map<string, RememberedFailure>();
type RememberedFailure = SourceStatus & { until: number; at: number };

/**
 * The failures are kept in `storage.session` too: an MV3 worker stops after half a minute idle, and a
 * rest held in memory only (HubSpot's daily limit, until midnight UTC; Salesforce's, an hour) would end
 * with it, so each new thread after an idle gap asked the CRM again. Read back once per worker, before
 * its first build; written on every change. Checked when read: one that does not parse is dropped.
 */
const FAILURES_KEY = 'sourceFailures';
const RememberedFailure = z.object({
  source: SourceKind,
  state: z.enum(['ok', 'loading', 'stale', 'error', 'no-access', 'offline']),
  message: z.string().max(1_000).optional(),
  until: z.number().finite(),
  at: z.number().finite(),
});
let failuresRead: Promise<void> | undefined;

function readFailures(): Promise<void> {
  failuresRead ??= sessionArea()
    .get(FAILURES_KEY)
    .then((stored) => {
      const saved = stored[FAILURES_KEY];
      if (!saved || typeof saved !== 'object') return;
      for (const [kind, value] of Object.entries(saved)) {
        const failure = RememberedFailure.safeParse(value);
        // One this worker recorded since it started is newer.
        if (failure.success && !sourceFailures.has(kind)) sourceFailures.set(kind, failure.data);
      }
    })
    .catch(() => undefined);
  return failuresRead;
}

function rememberFailures(): void {
  sessionArea()
    .set({ [FAILURES_KEY]: Object.fromEntries(sourceFailures) })
    .catch(() => undefined);
}

/**
 * A failing source is not asked again for this long unless the rep presses Retry: every card and
 * panel refresh would otherwise hammer a CRM that is down or refusing the token. A source that said
 * how long to wait (a 429's Retry-After, HubSpot's daily limit: until midnight UTC, a 423) rests
 * that long when it is longer, as the outbox does (docs/hardening.md, "Bugs" 1).
 */
const FAILURE_QUIET_MS = 60_000;

function restUntil(error: unknown, now: number): number {
  const asked = error instanceof SourceError ? (error.retryAfterMs ?? 0) : 0;
  return now + Math.max(FAILURE_QUIET_MS, asked);
}

export function prospectFromCandidate(candidate: Candidate): Prospect {
  return {
    key: candidate.key,
    emails: candidate.email ? [candidate.email] : [],
    name: candidate.name,
    title: candidate.title,
    company: candidate.company,
    linkedinUrl: candidate.linkedinUrl,
    domain: domainOf(candidate.email),
    refs: [],
  };
}

function queryFor(key: string, prospect: Prospect, threadDomains: readonly string[]): LookupQuery {
  const query: LookupQuery = { key, emails: prospect.emails.slice(0, 5), linkedinUrl: prospect.linkedinUrl };
  // A person known only by a name: sources that can search by name do, preferring the thread's domains.
  if (isNameKey(key) && query.emails.length === 0 && prospect.name) {
    query.name = prospect.name;
    query.domains = threadDomains.slice(0, 10);
  }
  return query;
}

function failureStatus(kind: string, error: unknown): SourceStatus {
  const source = kind as SourceStatus['source'];
  if (error instanceof SourceError) {
    const state = error.kind === 'no-access' ? 'no-access' : error.kind === 'offline' ? 'offline' : 'error';
    // The card words a missing grant itself ("access not granted — grant it in Options"): the source's
    // words saying the same again in brackets would say it twice. A 403's own words add something, and stay.
    if (error instanceof AccessNotGranted) return { source, state };
    return { source, state, message: error.message };
  }
  return { source, state: 'error', message: t('srcError_unexpected') };
}

/**
 * A person a build will ask a source about. `joined` is the lookup of them already on its way when the
 * build looked: the build only waits for it, even when it ends before the build sends its own.
 */
interface Queued {
  query: LookupQuery;
  joined?: Promise<void>;
}

interface Resolved {
  candidate: Candidate;
  view: Omit<ProspectView, 'insights' | 'events' | 'sources' | 'links' | 'actions'>;
}

async function resolveAll(candidates: Candidate[], deps: ViewDeps, settings: Settings, threadDomains: readonly string[]): Promise<Resolved[]> {
  const unique = [...new Map(candidates.map((c) => [c.key, c])).values()];
  return Promise.all(
    unique.map(async (candidate) => {
      const resolution = await resolve(candidate, deps.finder, settings.ownDomains, threadDomains);
      const detected = prospectFromCandidate(candidate);
      const prospect = resolution.prospect
        ? // What the page shows fills gaps; the stored record wins where it has a value.
          mergeProspect(detected, { ...resolution.prospect, emails: resolution.prospect.emails })
        : detected;
      if (resolution.prospect) prospect.key = resolution.prospect.key;
      return {
        candidate,
        view: {
          key: prospect.key,
          detectedKey: candidate.key,
          known: !!resolution.prospect,
          match: resolution.match,
          prospect,
          alternatives: resolution.alternatives,
        },
      };
    }),
  );
}

/** Lead status and rating as a source gave them, clipped to what the card shows. */
function crmStatusOf(record: SourceRecord): CrmStatus | undefined {
  const { leadStatus, rating } = record.crm ?? {};
  if (!leadStatus && !rating) return undefined;
  return { ...(leadStatus ? { leadStatus: leadStatus.slice(0, 100) } : {}), ...(rating ? { rating: rating.slice(0, 40) } : {}) };
}

/**
 * The CRMs' activity for the sales lane, newest first, at most 20 — without the rep's own actions the
 * CRM sends back once synced (the lane shows those once, as the rep's, with their sync state).
 */
function laneOf(activity: SalesActivity[], actions: readonly SalesAction[]): { salesActivity?: SalesActivity[] } {
  const synced = new Set(actions.flatMap((a) => (a.sync.remoteId ? [`${a.sync.destination}|${a.sync.remoteId}`] : [])));
  const lane = activity
    .filter((item) => !synced.has(`${item.source}|${item.id.split(':').pop()}`))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 20);
  return lane.length ? { salesActivity: lane } : {};
}

function mergeEvents(lists: EngagementEvent[][], limit = 20): EngagementEvent[] {
  const byId = new Map<string, EngagementEvent>();
  for (const list of lists) for (const e of list) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)).slice(0, limit);
}

async function assemble(
  resolved: Resolved,
  deps: ViewDeps,
  sources: EngagementSource[],
  settings: Settings,
  pending: Map<string, Queued[]>,
  refresh: boolean,
  threadDomains: readonly string[] = [],
): Promise<ProspectView> {
  const { view } = resolved;
  const key = view.key;
  let match = view.match;
  const [{ summary, latest: localEvents, earliest }, actions, feedback] = await Promise.all([
    localHistory(key),
    deps.recentActions(key),
    deps.newestFeedback?.(key),
  ]);
  let prospect = view.prospect;
  let known = view.known;
  const remoteEvents: EngagementEvent[][] = [];
  let allTime: SourceRecord['allTime'];
  const salesActivity: NonNullable<SourceRecord['salesActivity']> = [];
  const deals: NonNullable<SourceRecord['deals']> = [];
  let crm: CrmStatus | undefined;
  const statuses: SourceStatus[] = [];
  const alternatives = [...view.alternatives];
  // A record the rep chose among a source's several matches (match/choose remembers its matchKey).
  const chosen = await deps.finder.chosen(view.detectedKey);

  for (const source of sources) {
    const cached = await getCached(source.kind, key);
    const wanted = chosen?.startsWith(`${source.kind}:`) ? chosen : undefined;
    // An answer about another of the source's records, which lists the chosen one among its other
    // matches, is not shown: it is asked again for the chosen one. (Once the source no longer finds the
    // chosen record, its answer does not list it, and the default stands.)
    const cachedRecord = (cached?.record ?? null) as SourceRecord | null;
    const other = !!wanted && !!cachedRecord && cachedRecord.matchKey !== wanted && !!cachedRecord.matches?.some((m) => m.key === wanted);
    const record = other ? null : cachedRecord;
    if (record) {
      // The source's other records for this person join the picker; the one it answered with is the card.
      for (const m of record.matches ?? []) if (m.key !== key && !alternatives.some((a) => a.key === m.key)) alternatives.push(m);
      if (wanted && record.matchKey === wanted) match = 'chosen';
      prospect = mergeProspect(prospect, { ...record.prospect, key });
      remoteEvents.push(record.events);
      allTime = { ...allTime, ...record.allTime };
      salesActivity.push(...(record.salesActivity ?? []));
      deals.push(...(record.deals ?? []));
      crm = crmStatusOf(record) ?? crm;
      known = true;
      // A source found the name-only person by their name (it answers only for exactly one).
      if (isNameKey(view.detectedKey) && match === 'none') match = 'name';
    }
    const current = !!cached && !other && isFresh(cached, settings.cacheTtlHours) && !answeredBeforeAdded(cached.fetchedAt, actions, source.kind);
    // An answer whose details were cut short is shown as current but is not fresh: the next build asks again.
    const fresh = current && !cachedRecord?.partial;
    const failure = sourceFailures.get(source.kind);
    const resting = !!failure && deps.now() < failure.until && !clockSteppedBack(failure.at, deps.now());
    // A rest the source asked for (a Retry-After longer than our own minute) holds even for a Retry:
    // a card's Retry, from a page or a panel, must not ask a CRM that said when to come back.
    const asked = resting && failure.until - failure.at > FAILURE_QUIET_MS;
    const query: LookupQuery = { ...queryFor(key, prospect, threadDomains), ...(wanted ? { chosen: wanted } : {}) };
    // A lookup of this person still on its way (a build before this one asked) is joined, whatever the
    // cache or a rest says: its answer is dropped for the build that asked once this one replaced it on
    // the tab (tab-views.ts, rebuild), so it must reach the tab through this one. It costs no request.
    const joined = inflight.get(inflightKey(source.kind, query));
    if (joined || (!asked && (refresh || other || (!fresh && !resting)))) {
      const queue = pending.get(source.kind) ?? [];
      queue.push(joined ? { query, joined } : { query });
      pending.set(source.kind, queue);
    }
    statuses.push(
      failure
        ? { source: failure.source, state: failure.state, message: failure.message }
        : { source: source.kind, state: cached && !other ? (current && !refresh ? 'ok' : 'stale') : 'loading', fetchedAt: cached?.fetchedAt },
    );
  }

  // Source events count in the insights too: fold them into a copy of the local summary's counts.
  const combined: DailySummary = summary ? structuredClone({ ...summary, latest: undefined, earliest: undefined }) : emptySummary(key, { lists: false });
  const localIds = new Set(localEvents.map((e) => e.id));
  for (const list of remoteEvents) for (const e of list) if (!localIds.has(e.id)) addToSummary(combined, e, 1);
  const events = mergeEvents([localEvents, ...remoteEvents]);
  const touches = touchesFor([...earliest, ...localEvents, ...remoteEvents.flat()]);
  const lane = laneOf(salesActivity, actions);
  const verdict = verdictOf(feedback && !actions.some((a) => a.id === feedback.id) ? [...actions, feedback] : actions, lane.salesActivity);

  return {
    ...view,
    match,
    alternatives,
    prospect,
    known,
    insights: buildInsights({ prospect, summary: combined, events, allTime, deals, now: deps.now() }),
    events,
    actions,
    ...lane,
    ...(verdict ? { verdict } : {}),
    ...(deals.length ? { deals: deals.slice(0, 10) } : {}),
    ...(crm ? { crm } : {}),
    ...(touches ? { touches } : {}),
    ...(!known && prospect.emails.length > 0 ? createInOf(settings.destination) : {}),
    sources: statuses,
    links: prospect.refs.filter((r) => r.url?.startsWith('https://')).map((r) => ({ label: openRecordLabel(r.source), url: r.url! })),
    sourceNames: SOURCE_NAMES,
  };
}

/**
 * A cached answer from before the rep added the person to this source (a delivered `crm_create`)
 * says "not found" about a record that now exists: it is asked again, and the card turns into the
 * CRM record without a reload (docs/architecture.md, "Create in the CRM").
 */
function answeredBeforeAdded(fetchedAt: string, actions: readonly SalesAction[], source: string): boolean {
  return actions.some((a) => a.type === 'crm_create' && a.sync.destination === source && a.sync.state === 'done' && fetchedAt < a.sync.updatedAt);
}

/**
 * First and last marketing touch among the person's oldest and newest local events and every event
 * the sources answered (each once, by id).
 */
function touchesFor(all: readonly EngagementEvent[]): ProspectView['touches'] {
  const byId = new Map(all.map((e) => [e.id, e]));
  const { first, last } = touchesOf([...byId.values()]);
  const view = (t: Touch) => ({ label: t.label, isCampaign: t.isCampaign, at: t.occurredAt });
  return first || last ? { ...(first ? { first: view(first) } : {}), ...(last ? { last: view(last) } : {}) } : undefined;
}

/** Where an unknown person with an address can be added: the destination when it creates contacts, null with no CRM at all. */
function createInOf(destination: string): Pick<ProspectView, 'createIn'> {
  if (destination === 'local') return { createIn: null };
  const name = contactCreator(destination);
  return name ? { createIn: { kind: destination, name } } : {};
}

export async function buildViews(candidates: Candidate[], deps: ViewDeps, options: ViewOptions = {}): Promise<ProspectView[]> {
  await readFailures();
  const settings = await deps.settings();
  const sources = await deps.sources();
  const threadDomains = options.threadDomains ?? [];
  const resolved = await resolveAll(candidates, deps, settings, threadDomains);
  const pending = new Map<string, Queued[]>();
  const views = await Promise.all(resolved.map((r) => assemble(r, deps, sources, settings, pending, !!options.refresh, threadDomains)));
  if (options.admit) keepAdmitted(pending, resolved, options.admit);

  if (pending.size > 0) {
    void refreshSources(sources, pending, deps.now).then(async (changed) => {
      if (!changed || !options.onRefreshed) return;
      const again = new Map<string, Queued[]>();
      options.onRefreshed(await Promise.all(resolved.map((r) => assemble(r, deps, sources, settings, again, false, threadDomains))));
    });
  }
  return views;
}

/**
 * Leaves in `pending` only the people `admit` lets be asked now, the first in the detection's order.
 * A lookup already on its way is only waited for: it is kept without spending the budget again.
 */
function keepAdmitted(pending: Map<string, Queued[]>, resolved: readonly Resolved[], admit: (keys: readonly string[]) => number): void {
  // A joined lookup counts as on its way even once it has ended: it is not sent again (refreshSources).
  const onItsWay = (kind: string, q: Queued) => !!q.joined || inflight.has(inflightKey(kind, q.query));
  const queued = new Set([...pending].flatMap(([kind, queries]) => queries.filter((q) => !onItsWay(kind, q)).map((q) => q.query.key)));
  const asked = [...new Set(resolved.map((r) => r.view.key))].filter((key) => queued.has(key));
  const allowed = new Set(asked.length > 0 ? asked.slice(0, admit(asked)) : []);
  for (const [kind, queries] of pending) {
    const kept = queries.filter((q) => allowed.has(q.query.key) || onItsWay(kind, q));
    if (kept.length > 0) pending.set(kind, kept);
    else pending.delete(kind);
  }
}

function ignoreFullDisk(error: unknown): void {
  if (!(error instanceof StorageFullError)) throw error;
}

/**
 * Lookups on their way, per source and person: a person shown in two tabs, or in a tab and its side
 * panel, costs one CRM request, and whoever asks second waits for the first answer.
 */
const inflight = new Map<string, Promise<void>>();
/**
 * Bumped by "Delete everything": an answer to a lookup asked before it is dropped, never kept in the
 * new, empty database (a HubSpot lookup may take 20 s, and its record holds the person's name,
 * company, events and deals).
 */
let erasures = 0;

/** "Delete everything" is under way: answers to the lookups on their way now are not kept. */
export function forgetLookupsOnErase(): void {
  erasures++;
  inflight.clear();
}
// A lookup for a chosen record is not the default lookup of the same person: it is not waited for in its place.
const inflightKey = (source: string, query: LookupQuery) => `${source}\u0000${query.key}\u0000${query.chosen ?? ''}`;

/** Asks each source for its queued people (those not already being asked, nor joined) and caches every answer, a miss included. */
async function refreshSources(sources: EngagementSource[], pending: Map<string, Queued[]>, now: () => number): Promise<boolean> {
  const results = await Promise.all(
    sources.map(async (source) => {
      const queries = pending.get(source.kind);
      if (!queries?.length) return false;
      const waiting = new Set<Promise<void>>();
      const fresh: LookupQuery[] = [];
      for (const { query, joined } of queries) {
        // A joined lookup that ended while the build was being made has its answer cached, or its failure
        // and rest recorded: sending it again would ask a CRM that just answered, or said when to come back.
        const running = joined ?? inflight.get(inflightKey(source.kind, query));
        if (running) waiting.add(running);
        else fresh.push(query);
      }
      if (fresh.length > 0) {
        const batch = lookupAndCache(source, fresh, now);
        for (const query of fresh) inflight.set(inflightKey(source.kind, query), batch);
        void batch.finally(() => {
          for (const query of fresh) if (inflight.get(inflightKey(source.kind, query)) === batch) inflight.delete(inflightKey(source.kind, query));
        });
        waiting.add(batch);
      }
      await Promise.all(waiting);
      return true;
    }),
  );
  return results.some(Boolean);
}

/**
 * Caches a source's answer about a person, unless it is one whose details were cut short and the cache
 * holds a complete answer (even a stale one): that stays, and the next build asks again.
 */
async function keepAnswer(kind: string, key: string, record: SourceRecord | null): Promise<void> {
  if (record?.partial) {
    const cached = (await getCached(kind, key))?.record as SourceRecord | null | undefined;
    if (cached && !cached.partial) return;
  }
  await withStoragePressure(() => putCached(kind, key, record));
}

async function lookupAndCache(source: EngagementSource, queries: LookupQuery[], now: () => number): Promise<void> {
  const asked = erasures;
  try {
    const records = await source.lookup(queries, AbortSignal.timeout(20_000));
    if (asked !== erasures) return;
    const byKey = new Map(records.map((r) => [r.key, r]));
    // With the disk full even after evicting older answers, this one is not kept: the card keeps
    // what it showed, and the next lookup asks again.
    await Promise.all(queries.map((q) => keepAnswer(source.kind, q.key, byKey.get(q.key) ?? null).catch(ignoreFullDisk)));
    if (sourceFailures.delete(source.kind)) rememberFailures();
  } catch (error) {
    if (asked !== erasures) return;
    sourceFailures.set(source.kind, { ...failureStatus(source.kind, error), until: restUntil(error, now()), at: now() });
    rememberFailures();
  }
}

/**
 * Forgets remembered source failures: when the settings change (a connection saved with another
 * address or token), so cards ask the sources as they are now instead of repeating the old failure
 * until its rest is over; and in tests.
 */
export function resetSourceFailures(): void {
  sourceFailures.clear();
  // Those a worker before this one kept are forgotten too, whether or not they were read yet.
  failuresRead = Promise.resolve();
  rememberFailures();
}
