/**
 * How a logged sales action reads inside a CRM record, shared by the HubSpot and Mautic
 * destinations. Every record ends with a marker line carrying the action id: CRMs have no
 * idempotency key, so the marker is how a later attempt finds what an earlier one created.
 */
import type { SalesAction } from '../model/action';
import type { RemoteFeedback } from '../model/feedback';

export function actionMarker(actionId: string): string {
  return `[prospect-lens:${actionId}]`;
}

const REASONS: Record<NonNullable<SalesAction['rejectReason']>, string> = {
  not_a_fit: 'not a fit',
  no_budget: 'no budget',
  wrong_contact: 'wrong contact',
  already_customer: 'already a customer',
  competitor: 'competitor',
  bad_data: 'bad data',
  other: 'other',
};

const ACCEPTED_TITLE = 'Lead accepted by sales';
const REJECTED_TITLE = 'Lead rejected by sales: ';
const NO_REASON = 'no reason given';
/** How every stage change's title starts ("Stage changed to Qualified"). */
export const STAGE_TITLE_PREFIX = 'Stage changed to ';

/** Every title actionTitle writes for lead feedback: what a CRM that filters on exact subjects asks for. */
export function feedbackTitles(): string[] {
  return [ACCEPTED_TITLE, ...[...Object.values(REASONS), NO_REASON].map((words) => REJECTED_TITLE + words)];
}

/** A one-line title: "Call — left voicemail", "Lead rejected by sales: no budget". */
export function actionTitle(action: SalesAction): string {
  const outcome = action.outcome ? ` — ${action.outcome}` : '';
  switch (action.type) {
    case 'call':
      return `Call${outcome}`;
    case 'email':
      // A logged webmail message reads as what it was: "Email received: Pilot pricing for Q1".
      if (action.email) return `Email ${action.direction === 'outbound' ? 'sent' : 'received'}: ${action.email.subject || '(no subject)'}${outcome}`;
      return `Email${outcome}`;
    case 'meeting':
      return `Meeting${outcome}`;
    case 'task':
      return firstLine(action.notes) ?? `Follow up${outcome}`;
    case 'note':
      return `Note${outcome}`;
    case 'stage_change':
      return STAGE_TITLE_PREFIX + (action.stage ?? 'unknown');
    case 'lead_feedback':
      return action.feedback === 'accepted' ? ACCEPTED_TITLE : REJECTED_TITLE + (action.rejectReason ? REASONS[action.rejectReason] : NO_REASON);
    case 'crm_create':
      return 'Added to the CRM from Prospect Lens';
  }
}

/** The record's text as plain lines: what happened, the rep's notes, then the marker. */
export function actionLines(action: SalesAction): string[] {
  const lines = [actionTitle(action), ...emailPeople(action)];
  if (action.notes.trim()) lines.push(...action.notes.trim().split(/\r?\n/));
  lines.push(actionMarker(action.id));
  return lines;
}

/**
 * HubSpot and Mautic store these bodies as HTML. The rep's words are text, so they are escaped
 * (a "<" in a note stays a "<", and nothing the rep typed becomes markup) and lines become <br>.
 */
export function htmlBody(lines: string[]): string {
  return lines.map(escapeHtml).join('<br>');
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A logged email's people, one line each; the body (only when the rep included it) is the action's notes. */
export function emailPeople(action: SalesAction): string[] {
  if (!action.email) return [];
  const { from, to, cc } = action.email;
  return [`From: ${from}`, ...(to.length ? [`To: ${to.join(', ')}`] : []), ...(cc.length ? [`Cc: ${cc.join(', ')}`] : [])];
}

function firstLine(notes: string): string | undefined {
  const line = notes.trim().split(/\r?\n/)[0]?.trim();
  return line ? line.slice(0, 200) : undefined;
}

/** What a feedback record's text says, read back: the inverse of actionTitle for feedback and stage changes. */
export interface FeedbackText {
  actionId: string;
  verdict: 'accepted' | 'rejected' | 'stage';
  reason?: NonNullable<SalesAction['rejectReason']>;
  stage?: string;
  notes: string;
}

/** A CRM record of feedback, read back: its text, the CRM's id for it, the person it is about, and when. */
export function remoteFeedback(text: FeedbackText, remoteId: string, person: { email?: string; name?: string } | undefined, occurredAt: string): RemoteFeedback {
  return {
    actionId: text.actionId,
    remoteId,
    ...(person?.email && { email: person.email }),
    ...(person?.name && { name: person.name }),
    verdict: text.verdict,
    ...(text.reason && { reason: text.reason }),
    ...(text.stage && { stage: text.stage }),
    notes: text.notes,
    occurredAt,
  };
}

const MARKER = /^\[prospect-lens:([^\]\s]{1,100})\]$/;

/**
 * A record's lines (as actionLines wrote them) read back as feedback, or undefined when they are not
 * a lead feedback or stage change written by Prospect Lens: the title must be one actionTitle writes
 * for those, and the last line the marker, so a colleague's own note that merely mentions "accepted"
 * is never taken for a verdict.
 */
export function feedbackFromLines(lines: readonly string[]): FeedbackText | undefined {
  const title = lines[0]?.trim() ?? '';
  const actionId = MARKER.exec(lines[lines.length - 1]?.trim() ?? '')?.[1];
  if (!actionId || lines.length < 2) return undefined;
  const notes = lines.slice(1, -1).join('\n').trim();
  const verdict = verdictOfTitle(title);
  if (verdict) return { actionId, ...verdict, notes };
  const stage = title.startsWith(STAGE_TITLE_PREFIX) ? title.slice(STAGE_TITLE_PREFIX.length) : '';
  if (stage && stage !== 'unknown') return { actionId, verdict: 'stage', stage, notes };
  return undefined;
}

/**
 * A lead feedback's title as actionTitle writes it, read back ("Lead rejected by sales: not a fit"):
 * how a colleague's feedback shows in the sales lane, where a CRM gives the subject (a Salesforce Task).
 * Undefined for any other title.
 */
export function verdictOfTitle(title: string): { verdict: 'accepted' | 'rejected'; reason?: NonNullable<SalesAction['rejectReason']> } | undefined {
  const trimmed = title.trim();
  if (trimmed === ACCEPTED_TITLE) return { verdict: 'accepted' };
  const rejected = trimmed.startsWith(REJECTED_TITLE) ? trimmed.slice(REJECTED_TITLE.length) : '';
  if (!rejected) return undefined;
  const reason = (Object.entries(REASONS) as [NonNullable<SalesAction['rejectReason']>, string][]).find(([, words]) => words === rejected)?.[0];
  return { verdict: 'rejected', ...(reason && { reason }) };
}

/** htmlBody read back: `<br>` separates lines, the escapes are undone (and any other markup dropped). */
export function linesOfHtml(html: string): string[] {
  return html
    .split(/<br\s*\/?>/i)
    .map((line) => line.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}
