/**
 * What every import format turns a row into, and the checks they share. A reason names its problem
 * and quotes the offending value (reasons.ts), because the user reads it next to the line number.
 */
import type { EngagementEvent, EngagementType } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import { fnv1a64 } from './hash';
import { emailDomain, linkedinProfile, normaliseEmail } from './keys';
import { clip, type ImportProblem, type ImportReasonKey, problem } from './reasons';

export type ProspectPatch = Partial<Prospect> & { key: string };

export interface MappedRow {
  prospect: ProspectPatch;
  /** None for a row that only describes the person. */
  events: EngagementEvent[];
  /**
   * When the row's prospect columns were true (UTC ISO): its event's time in the canonical format.
   * None for a row that describes the person without a date (a people-only row, a contacts export's
   * row): its values are as of the import (lib/import/write-batch.ts).
   */
  asOf?: string;
}

/** A row (or one check of it) refused, with every problem found; `message` is for developers only. */
export class RowRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(problems.map((p) => p.key).join('; '));
    this.name = 'RowRejected';
  }
}

function rejected(key: ImportReasonKey, ...args: (string | number)[]): RowRejected {
  return new RowRejected([problem(key, ...args)]);
}

/**
 * Collects every problem of one row, so the rejected-rows file names them all and the row can be
 * fixed in one go (issue 17). Each check runs through `take`; `done` throws one RowRejected naming
 * every problem found, in column order.
 */
export class RowChecks {
  readonly problems: ImportProblem[] = [];

  /** The checked value, or undefined once the reason it was refused is noted. */
  take<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof RowRejected)) throw error;
      this.problems.push(...error.problems);
      return undefined;
    }
  }

  refuse(key: ImportReasonKey, ...args: (string | number)[]): void {
    this.problems.push(problem(key, ...args));
  }

  done(): void {
    if (this.problems.length > 0) throw new RowRejected(this.problems);
  }
}

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The allowed value a mistyped one most likely meant: one that contains it or is contained in it
 * ("open" → "email_open"), else the closest by edit distance within a third of its length; undefined
 * when nothing is close. Spaces and hyphens count as underscores ("Email Open" → "email_open").
 */
export function nearest(value: string, allowed: readonly string[]): string | undefined {
  const typed = value.toLowerCase().trim().replace(/[\s-]+/g, '_');
  if (!typed) return undefined;
  if (allowed.includes(typed)) return typed;
  const containing = allowed.filter((option) => option.includes(typed) || typed.includes(option));
  if (containing.length === 1) return containing[0];
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(typed.length / 3)) + 1;
  for (const option of containing.length > 1 ? containing : allowed) {
    const d = distance(typed, option);
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return best;
}

/** A row's cells by lower-cased column name, values trimmed; a missing cell is ''. */
export type Cells = ReadonlyMap<string, string>;

export function cell(cells: Cells, column: string): string {
  return cells.get(column) ?? '';
}


/** Optional text, refused when longer than the model allows (cutting it would change the data quietly). */
export function text(value: string, column: string, max: number): string | undefined {
  if (!value) return undefined;
  if (value.length > max) throw rejected('importReason_tooLong', column, max);
  return value;
}

export function score(value: string, column: string): number | undefined {
  if (!value) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw rejected('importReason_notNumber', column, clip(value));
  const rounded = Math.round(Number(value));
  // Past 2^53 the number stored is not the file's, and the prospect schema (an integer) would refuse
  // it when an export of it is restored: the whole person and their history would be rejected then.
  if (!Number.isSafeInteger(rounded)) throw rejected('importReason_numberTooLarge', column, clip(value));
  return rounded;
}

/** Stages are stored lower-case without spaces, so "Marketing Qualified Lead" matches HubSpot's `marketingqualifiedlead`. */
export function lifecycleStage(value: string, column: string): string | undefined {
  return text(value.toLowerCase().replace(/[\s_-]+/g, ''), column, 100);
}

/**
 * The person a row is about. The key is the normalised email when there is one, else the LinkedIn
 * profile (`linkedin:<slug>`); the profile URL is kept in canonical form either way. A row with the
 * profile only is filed under the one person stored (or earlier in the import) with that profile and
 * an address, when there is one: that is decided where the store is read (write-batch.ts).
 */
export function identify(
  rawEmail: string,
  rawLinkedin: string,
  columns: { email: string; linkedin: string },
): Pick<ProspectPatch, 'key' | 'emails' | 'domain' | 'linkedinUrl'> {
  const email = (rawEmail && normaliseEmail(rawEmail)) || undefined;
  if (rawEmail && !email) throw rejected('importReason_notEmail', columns.email, clip(rawEmail));
  if (email && email.length > 320) throw rejected('importReason_tooLong', columns.email, 320);
  const profile = rawLinkedin ? linkedinProfile(rawLinkedin) : undefined;
  if (rawLinkedin && !profile) {
    throw rejected('importReason_notLinkedin', columns.linkedin, clip(rawLinkedin));
  }
  if (profile && (profile.key.length > 320 || profile.url.length > 500)) throw rejected('importReason_tooLongPlain', columns.linkedin);
  if (email) return { key: email, emails: [email], domain: emailDomain(email), ...(profile && { linkedinUrl: profile.url }) };
  if (profile) return { key: profile.key, emails: [], linkedinUrl: profile.url };
  throw rejected('importReason_missingIdentity', columns.email, columns.linkedin);
}

/** A row that names its person by a LinkedIn profile only (no address). */
export function profileOnly(prospect: ProspectPatch): prospect is ProspectPatch & { linkedinUrl: string } {
  return prospect.emails?.length === 0 && !!prospect.linkedinUrl && prospect.key.startsWith('linkedin:');
}

export interface EventFacts {
  prospectKey: string;
  type: EngagementType;
  occurredAt: string;
  title?: string;
  url?: string;
  campaign?: string;
  channel?: string;
  /** The file's free-text source column: part of the identity, shown as the channel when none is given. */
  source?: string;
  /** The file's `event_id`, as the events export writes it (`exportedEventId`). */
  exportedId?: string;
}

/** Whose event, what kind and when, in 8 hex digits: what ties an exported id to its row. */
const eventCheck = (prospectKey: string, type: string, occurredAt: string): string =>
  fnv1a64([prospectKey, type, occurredAt].join('\u001f')).slice(0, 8);

/** The events export's `event_id`: the event's id, and the check of whose event it is, of what kind and when. */
export function exportedEventId(event: Pick<EngagementEvent, 'id' | 'prospectKey' | 'type' | 'occurredAt'>): string {
  return `${event.id}/${eventCheck(event.prospectKey, event.type, event.occurredAt)}`;
}

const EXPORTED_ID = /^(local:[0-9a-f]{16})\/([0-9a-f]{8})$/;

/**
 * The id an exported row names, if it still is that event: same person, type and time. A row copied in
 * a spreadsheet to make another event (another person or date) fails the check and is a new event.
 */
function exportedIdOf(facts: EventFacts): string | undefined {
  const match = EXPORTED_ID.exec(facts.exportedId ?? '');
  return match && match[2] === eventCheck(facts.prospectKey, facts.type, facts.occurredAt) ? match[1] : undefined;
}

/**
 * The key of the person an events-export row was written for. The export puts a LinkedIn-keyed
 * person's first address in `email` too (lib/data/export.ts), and `identify` keys a row with an address
 * by that address; the row's `event_id`, whose check was made for the LinkedIn key, tells such a row
 * apart. Importing the export again then finds that person and that event instead of making both anew
 * under the address, and into an empty browser the events land under the key they had.
 */
export function exportedPersonKey(person: Pick<ProspectPatch, 'key' | 'linkedinUrl'>, facts: Omit<EventFacts, 'prospectKey'>): string {
  const profile = person.linkedinUrl ? linkedinProfile(person.linkedinUrl) : undefined;
  if (!profile || profile.key === person.key) return person.key;
  return exportedIdOf({ ...facts, prospectKey: profile.key }) ? profile.key : person.key;
}

/**
 * An imported event's id is a hash of what identifies it, so the same row imported again (or twice
 * in one file) gets the same id and the store skips it. The fields are joined with a separator that
 * cannot occur in them unnoticed (U+001F, the ASCII unit separator).
 *
 * The hash covers the file's `channel` and `source` apart, though the event keeps only one of them, so
 * a row exported and imported again could not be told from its columns alone: the events export writes
 * each event's id (`event_id`), and a row that carries one, for the same person, type and time, is that
 * event (`exportedIdOf`).
 */
export function importedEvent(facts: EventFacts, origin: string): EngagementEvent {
  const identity = [facts.prospectKey, facts.type, facts.occurredAt, facts.title, facts.url, facts.campaign, facts.channel, facts.source]
    .map((part) => part ?? '')
    .join('\u001f');
  const channel = facts.channel ?? facts.source;
  return {
    id: exportedIdOf(facts) ?? `local:${fnv1a64(identity)}`,
    prospectKey: facts.prospectKey,
    source: 'local',
    type: facts.type,
    occurredAt: facts.occurredAt,
    ...(facts.title && { title: facts.title }),
    ...(facts.url && { url: facts.url }),
    ...(facts.campaign && { campaign: facts.campaign }),
    ...(channel && { channel }),
    origin,
  };
}
