import { t } from '../i18n';
import type { EngagementEvent, SourceKind } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import type { CrmStatus, Deal, Insights, MatchCandidate, SalesActivity } from '../model/view';

/** What to look a person up by. A source uses what it can: email first, then the LinkedIn URL. */
export interface LookupQuery {
  /** The detected (or stored) key this answer will be filed under. */
  key: string;
  emails: string[];
  linkedinUrl?: string;
  /**
   * A person the page showed by name only (a `name:` key, no address): sources that can search by
   * name answer only when exactly one contact fits, preferring those at `domains` (the thread's).
   */
  name?: string;
  domains?: string[];
  /**
   * The rep picked this one of the source's several records for the person (a `matchKey` from an
   * earlier answer, remembered by `match/choose`): the source answers with that record when it still
   * finds it, else with its default.
   */
  chosen?: string;
}

export interface SourceRecord {
  key: string;
  /** Prospect fields as the source knows them (key is the query's key). */
  prospect: Partial<Prospect> & { key: string };
  /** Single events the source gives (webinar participations, Mautic activity, email events). */
  events: EngagementEvent[];
  /** All-time totals a source only gives as counters (HubSpot contact properties). */
  allTime?: Insights['allTime'];
  /** The team's activity in the CRM (Salesforce Tasks and Events), newest first. */
  salesActivity?: SalesActivity[];
  /** Open deals in the CRM. */
  deals?: Deal[];
  /**
   * When the source found several records for the person: this record's key among them (`<kind>:…`,
   * opaque, not the CRM's id) and the others, which the card's match picker offers (views.ts).
   */
  matchKey?: string;
  matches?: MatchCandidate[];
  /** The CRM record's lead status and rating, when the CRM has them (shown on the card). */
  crm?: CrmStatus;
  /**
   * Some of its details were not read in the lookup's time (HubSpot: details.ts). Shown, but never
   * fresh (the next build asks again), and never kept over a complete answer (views.ts).
   */
  partial?: true;
}

export type SourceErrorKind = 'auth' | 'no-access' | 'rate-limited' | 'unavailable' | 'malformed' | 'offline' | 'not-configured';

/**
 * A failure a source reports in plain words, in the UI language (built in the background with `t`);
 * the card shows `message` beside the source's name.
 */
export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    /** Milliseconds to wait before asking again (429 Retry-After, 423). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/**
 * A request Prospect Lens did not send because the rep has not granted access to the address (the
 * credentialed fetch's `no-access` refusal, and only that). The card words this itself, so views.ts
 * recognises it by class, never by its text (which is in the UI language).
 */
export class AccessNotGranted extends SourceError {
  constructor() {
    super('no-access', t('srcError_accessNotGranted'));
  }
}

/**
 * One engagement source. Implementations live in the background only; they validate every raw
 * response with zod and map it into the model. `lookup` answers for the queries it found and omits
 * the rest (not found is not an error); it throws SourceError for anything the user should see.
 */
export interface EngagementSource {
  readonly kind: SourceKind;
  lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SourceRecord[]>;
  /** A cheap authenticated request for the options page's "Test connection". */
  test(signal?: AbortSignal): Promise<string>;
}
