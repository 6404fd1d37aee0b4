/**
 * The SOQL the connector sends, built in one place. Every value that came from a page, a rep or the
 * org goes through `literal` (a quoted, escaped string) or `recordId` (checked against Salesforce's
 * id alphabet first); nothing is pasted into a query any other way.
 */

/**
 * A SOQL string literal. Salesforce reads backslash escapes inside quotes: the backslash itself and
 * the quotes must be escaped, and control characters are written as their escapes so a hostile
 * value cannot end the literal or the line.
 */
export function literal(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c]!).replace(/[\u0000-\u001f\u007f]/g, '');
  return `'${escaped}'`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A Salesforce record id: 15 case-sensitive or 18 case-insensitive characters. */
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** The object a person's record id names, by Salesforce's key prefixes: a Lead or a Contact (a Task's WhoId is one of them). */
export function objectOfId(id: string): 'Lead' | 'Contact' | undefined {
  if (id.startsWith('00Q')) return 'Lead';
  if (id.startsWith('003')) return 'Contact';
  return undefined;
}

/** A record id as a literal; throws for anything that is not one (it came from an answer or storage). */
export function recordId(value: string): string {
  if (!isRecordId(value)) throw new Error('Not a Salesforce record id');
  return `'${value}'`;
}

/** A SOQL dateTime literal (unquoted, UTC, no milliseconds). */
export function dateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Addresses per query: far below SOQL's 100,000-character limit even at 320 characters each. */
export const MAX_EMAILS = 20;
/** Several people share an address at most a few times; more than this is a data-quality problem, not a picker. */
export const MAX_MATCHES = 50;

const inList = (emails: readonly string[]) => `(${emails.slice(0, MAX_EMAILS).map(literal).join(', ')})`;
const idList = (ids: readonly string[]) => `(${ids.slice(0, MAX_IDS).map(recordId).join(', ')})`;

export const LEAD_FIELDS = ['Id', 'Name', 'Title', 'Company', 'Email', 'Status', 'Rating', 'OwnerId', 'Owner.Name', 'LastModifiedDate'] as const;
export const CONTACT_FIELDS = ['Id', 'Name', 'Title', 'Email', 'AccountId', 'Account.Name', 'OwnerId', 'Owner.Name', 'LastModifiedDate'] as const;

/**
 * Open Leads with any of the addresses, most recently changed first. `limit` is for the whole answer,
 * not per address: the source asks for MAX_MATCHES per address and splits them itself (batch.ts).
 */
export function leadsByEmail(emails: readonly string[], limit: number): string {
  return `SELECT ${LEAD_FIELDS.join(', ')} FROM Lead WHERE Email IN ${inList(emails)} AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

export function contactsByEmail(emails: readonly string[], limit: number): string {
  return `SELECT ${CONTACT_FIELDS.join(', ')} FROM Contact WHERE Email IN ${inList(emails)} ORDER BY LastModifiedDate DESC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

/**
 * One Lead or Contact by id, with its address, if it can still be logged against: a converted Lead's
 * activity belongs on the Contact it became, as the search by email leaves it out too.
 */
export function personById(object: 'Lead' | 'Contact', id: string): string {
  return `SELECT Id, Email FROM ${object} WHERE Id = ${recordId(id)}${object === 'Lead' ? ' AND IsConverted = false' : ''} LIMIT 1`;
}

/*
 * A lookup's details, one query per object for every person found in it (batch.ts splits the rows per
 * person). Each LIMIT is for the whole answer, so each orders by what the per-person cap keeps.
 */

/** Campaign history of Leads and Contacts; a row names its person by LeadId or ContactId. */
export function campaignMembersOf(leadIds: readonly string[], contactIds: readonly string[], limit: number): string {
  const by = [leadIds.length > 0 && `LeadId IN ${idList(leadIds)}`, contactIds.length > 0 && `ContactId IN ${idList(contactIds)}`].filter(Boolean);
  if (by.length === 0) throw new Error('No person to ask about');
  return `SELECT Id, LeadId, ContactId, Campaign.Name, Campaign.Type, Status, HasResponded, FirstRespondedDate, CreatedDate FROM CampaignMember WHERE ${by.join(' OR ')} ORDER BY CreatedDate DESC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

export function tasksOf(personIds: readonly string[], limit: number): string {
  return `SELECT Id, WhoId, Subject, TaskSubtype, ActivityDate, Status, OwnerId, Owner.Name, CreatedDate FROM Task WHERE WhoId IN ${idList(personIds)} ORDER BY CreatedDate DESC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

export function eventsOf(personIds: readonly string[], limit: number): string {
  return `SELECT Id, WhoId, Subject, StartDateTime, EndDateTime, OwnerId, Owner.Name, CreatedDate FROM Event WHERE WhoId IN ${idList(personIds)} ORDER BY StartDateTime DESC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

export function openOpportunities(accountIds: readonly string[], limit: number): string {
  return `SELECT Id, AccountId, Name, StageName, Amount, CloseDate, OwnerId, Owner.Name FROM Opportunity WHERE AccountId IN ${idList(accountIds)} AND IsClosed = false ORDER BY CloseDate ASC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

/** The most records an uncertain delivery's look reads (one batch with a long text area selected). */
export const RECENT_LIMIT = 200;

/**
 * Records of one person created since `sinceMs`, with their descriptions: how an uncertain delivery
 * is looked up. Description is a long text area, which SOQL cannot filter on, so the marker is
 * matched on what comes back.
 */
export function recentActivity(sobject: 'Task' | 'Event', personId: string, sinceMs: number): string {
  return `SELECT Id, Description, CreatedDate FROM ${sobject} WHERE WhoId = ${recordId(personId)} AND CreatedDate >= ${dateTime(sinceMs)} ORDER BY CreatedDate DESC LIMIT ${RECENT_LIMIT}`;
}

/**
 * The most rows any query of the connector asks for (Salesforce's largest batch). It may still answer
 * in several smaller batches ("based on the size and complexity of records", REST API "Query"; at most
 * 200 when long text areas are selected), which the client follows (client.ts, `query`).
 */
export const MAX_PAGE = 2000;
/** Batches the client follows for one query: 2000 rows even at 200 a batch. */
export const MAX_QUERY_PAGES = 10;

/** `CreatedDate` within the range (ISO instants, either bound optional), as AND conditions. */
function createdWithin(range: { from?: string; to?: string }): string {
  const bounds = [range.from && `CreatedDate >= ${dateTime(Date.parse(range.from))}`, range.to && `CreatedDate <= ${dateTime(Date.parse(range.to))}`];
  return bounds.filter(Boolean).map((b) => ` AND ${b}`).join('');
}

/**
 * Tasks whose subject is one of `subject.in` (exactly), or starts with `subject.startsWith`, created
 * in the range, newest first: how the lead feedback page finds what the destination wrote. The marker
 * is in the Description, which SOQL cannot filter on, so it is checked on what comes back. CreatedDate
 * is one of the fields Salesforce indexes, so a bounded range keeps the query selective in a big org.
 */
export function tasksBySubject(subject: { in: readonly string[] } | { startsWith: string }, range: { from?: string; to?: string }, limit: number): string {
  const condition = 'in' in subject ? `Subject IN (${subject.in.map(literal).join(', ')})` : `Subject LIKE ${literal(`${subject.startsWith.replace(/[%_]/g, '')}%`)}`;
  return `SELECT Id, WhoId, Subject, Description, CreatedDate FROM Task WHERE ${condition}${createdWithin(range)} ORDER BY CreatedDate DESC LIMIT ${Math.min(limit, MAX_PAGE)}`;
}

/** The name and address of Leads or Contacts by id (at most MAX_IDS a query). */
export function peopleByIds(object: 'Lead' | 'Contact', ids: readonly string[]): string {
  return `SELECT Id, Name, Email FROM ${object} WHERE Id IN ${idList(ids)}`;
}

/** Ids per query: 200 quoted 18-character ids keep the URL near 5 KB. */
export const MAX_IDS = 200;

/** The cheapest authenticated query, for "Test". */
export const TEST_QUERY = 'SELECT Id FROM User LIMIT 1';
