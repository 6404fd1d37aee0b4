/**
 * A loopback Mautic that checks requests the way Mautic's API does: Basic auth or OAuth2 client
 * credentials (`/oauth/v2/token`, expiring tokens), `where` filters (a missing `expr` is a 500, as in
 * Mautic), contacts keyed by id with `total` as a string and `[]` when empty, notes (the note form's
 * keys only: `dateTime` in `yyyy-MM-dd HH:mm` or a 400, any other key dropped), points and tags, an
 * optional per-hour rate limit, and Mautic's `{ errors: [...] }` error shape.
 */
import { randomBytes } from 'node:crypto';
import { type LoggedRequest, type MockReply, type MockServer, type Route, formOrJson, startMockServer } from '../../../tests/mocks/server';
import { type MauticSeedContact, type MauticSeedEvent, mauticSeed, mauticTeamNotes } from './mock-seed';

export interface MauticMockOptions {
  /** Basic auth user; Basic is refused when absent. */
  basic?: { username: string; password: string };
  /** OAuth2 client; the token endpoint refuses everyone when absent. */
  oauth?: { clientId: string; clientSecret: string; tokenTtlSeconds?: number };
  /** Calls per hour before 429. */
  rateLimitPerHour?: number;
  now?: () => number;
  seed?: number;
  contacts?: MauticSeedContact[];
  events?: MauticSeedEvent[];
  /** Seed the team's notes (mauticTeamNotes) — off by default so write tests see only what they wrote. */
  team?: boolean;
  /** Notes to start with (replace the team seed). */
  notes?: MauticNote[];
}

export interface MauticNote {
  id: number;
  lead: number;
  text: string;
  type: string;
  /** When it happened, as Mautic answers it (ISO with an offset); null when the form got none. */
  dateTime: string | null;
  /** The Mautic user who wrote it, as Mautic names them; null for a user without a name. */
  createdByUser?: string | null;
  /** When it was written (the mock's clock); seeded notes without one answer their dateTime. */
  dateAdded?: string;
}

export interface MauticMock extends MockServer {
  contacts: MauticSeedContact[];
  notes: MauticNote[];
  /** Every points change, in order, as `+n` / `-n`. */
  pointChanges: { contactId: number; delta: number }[];
  /** Tokens issued by the token endpoint. */
  issuedTokens: string[];
  /** Makes every issued token invalid, as if revoked or expired. */
  expireTokens(): void;
}

const NOTE_TYPES = new Set(['general', 'email', 'call', 'meeting']);

export function mauticError(status: number, message: string, type: string | null = null): MockReply {
  return { status, body: { errors: [{ code: status, message, type }] } };
}

export async function startMauticMock(options: MauticMockOptions = {}): Promise<MauticMock> {
  const now = options.now ?? Date.now;
  const seed = mauticSeed(now());
  const contacts = options.contacts ?? seed.contacts;
  const events = options.events ?? seed.events;
  const notes: MauticNote[] = [...(options.notes ?? (options.team ? mauticTeamNotes(now()) : []))];
  const pointChanges: { contactId: number; delta: number }[] = [];
  const tokens = new Map<string, number>();
  const issuedTokens: string[] = [];
  let calls: number[] = [];

  function authorised(request: LoggedRequest): boolean {
    const header = String(request.headers.authorization ?? '');
    if (header.startsWith('Basic ') && options.basic) {
      return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${options.basic.username}:${options.basic.password}`;
    }
    if (header.startsWith('Bearer ')) {
      const expiry = tokens.get(header.slice(7));
      return expiry !== undefined && expiry > now();
    }
    return false;
  }

  function guard(request: LoggedRequest): MockReply | undefined {
    if (!request.path.startsWith('/api/')) return undefined;
    if (!authorised(request)) return mauticError(401, 'API authorization denied.', 'access_denied');
    if (options.rateLimitPerHour !== undefined) {
      calls = calls.filter((t) => t > now() - 3_600_000);
      if (calls.length >= options.rateLimitPerHour) {
        return mauticError(429, `You exceeded the rate limit of ${options.rateLimitPerHour} API calls per hour.`, 'api_rate_limit_exceeded');
      }
      calls.push(now());
    }
    return undefined;
  }

  function token(request: LoggedRequest): MockReply {
    const form = formOrJson(request);
    if (form?.grant_type !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type parameter or parameter missing' } };
    }
    const client = options.oauth;
    if (!client || form.client_id !== client.clientId || form.client_secret !== client.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'The client credentials are invalid' } };
    }
    const ttl = client.tokenTtlSeconds ?? 3600;
    const accessToken = randomBytes(24).toString('hex');
    tokens.set(accessToken, now() + ttl * 1000);
    issuedTokens.push(accessToken);
    return { status: 200, body: { access_token: accessToken, expires_in: ttl, token_type: 'bearer', scope: null } };
  }

  function present(c: MauticSeedContact) {
    const all = { id: c.id, ...c.fields, points: c.points };
    return {
      id: c.id,
      isPublished: true,
      points: c.points,
      color: null,
      stage: c.stage,
      owner: c.owner,
      lastActive: c.lastActive,
      dateIdentified: c.lastActive,
      fields: { core: Object.fromEntries(Object.entries(c.fields).map(([alias, value]) => [alias, { alias, value }])), all },
      tags: c.tags.map((tag, i) => ({ id: i + 1, tag })),
      utmtags: [],
      doNotContact: [],
    };
  }

  function listContacts(request: LoggedRequest): MockReply {
    let matched = contacts;
    for (let i = 0; request.query.has(`where[${i}][col]`); i++) {
      const col = request.query.get(`where[${i}][col]`)!;
      const expr = request.query.get(`where[${i}][expr]`);
      const val = (request.query.get(`where[${i}][val]`) ?? '').toLowerCase();
      // Mautic's query builder has no default expression: leaving it out fails inside Mautic.
      if (!expr) return mauticError(500, 'Looks like I encountered an error (error #500). If I do it again, please report me to the system administrator!');
      const field = (c: MauticSeedContact) => (col === 'id' ? String(c.id) : String(c.fields[col] ?? '').toLowerCase());
      // `in` takes a comma-separated list, as Mautic's query builder reads it from a query string.
      if (expr === 'in') matched = matched.filter((c) => val.split(',').includes(field(c)));
      else if (expr === 'eq') matched = matched.filter((c) => field(c) === val);
      else if (expr === 'neq') matched = matched.filter((c) => field(c) !== val);
      else if (expr === 'like') matched = matched.filter((c) => new RegExp(`^${val.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`).test(field(c)));
      else return mauticError(400, `Invalid where expression: ${expr}`);
    }
    const search = request.query.get('search');
    if (search) {
      // Mautic's search is a LIKE: "email:dana" matches every address containing "dana".
      const [col, term] = search.includes(':') ? search.split(':', 2) : ['email', search];
      matched = matched.filter((c) => String(c.fields[col!] ?? '').toLowerCase().includes(term!.toLowerCase()));
    }
    const start = Number(request.query.get('start') ?? 0) || 0;
    const limit = Number(request.query.get('limit') ?? 30) || 30;
    const page = matched.slice(start, start + limit);
    // PHP serialises an empty associative array as [] and a filled one as an object keyed by id.
    const keyed = page.length === 0 ? [] : Object.fromEntries(page.map((c) => [String(c.id), present(c)]));
    return { status: 200, body: { total: String(matched.length), contacts: keyed } };
  }

  const contactById = (id: string) => contacts.find((c) => String(c.id) === id);
  const notFound = () => mauticError(404, 'Item was not found.');

  function activity(request: LoggedRequest, id: string): MockReply {
    if (!contactById(id)) return notFound();
    const limit = Number(request.query.get('limit') ?? 25) || 25;
    const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const all = events.filter((e) => String(e.contactId) === id).sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    const slice = all.slice((page - 1) * limit, page * limit).map(({ contactId, ...e }) => ({ ...e, contactId, extra: {} }));
    return { status: 200, body: { events: slice, filters: {}, order: ['timestamp', 'DESC'], types: {}, total: all.length, page, limit, maxPages: Math.ceil(all.length / limit) } };
  }

  function newNote(request: LoggedRequest): MockReply {
    const form = formOrJson(request);
    if (!form) return mauticError(400, 'Request body is not valid JSON or form data');
    const lead = Number(form.lead);
    if (!Number.isInteger(lead) || !contactById(String(lead))) return mauticError(400, 'lead: This value is not valid.');
    if (typeof form.text !== 'string' || form.text === '') return mauticError(400, 'text: A value is required.');
    const type = String(form.type ?? 'general');
    if (!NOTE_TYPES.has(type)) return mauticError(400, 'type: The value you selected is not a valid choice.');
    // Mautic's NoteType reads `dateTime` in `yyyy-MM-dd HH:mm` only; the API form ignores keys it does
    // not know (`allow_extra_fields`), and a POST stores a field it did not get as null.
    let dateTime: string | null = null;
    if (form.dateTime !== undefined && form.dateTime !== '') {
      const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/.exec(String(form.dateTime));
      if (!match || Number.isNaN(Date.parse(`${match[1]}T${match[2]}:00Z`))) return mauticError(400, 'dateTime: This value is not valid.');
      dateTime = `${match[1]}T${match[2]}:00+00:00`;
    }
    const dateAdded = new Date(now()).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const note: MauticNote = { id: Math.max(0, ...notes.map((n) => n.id)) + 1, lead, text: form.text, type, dateTime, dateAdded };
    notes.push(note);
    return { status: 201, body: { note: { ...note, lead: present(contactById(String(lead))!) } } };
  }

  /**
   * `GET /api/notes`: `search` (text), `where[i][col|expr|val]` (an `expr` is required, as for contacts),
   * `orderBy`/`orderByDir`, `start`/`limit` (Mautic's default page is 30; at most 200 here). Notes are
   * keyed by id, as Mautic's list answers are.
   */
  function listNotes(request: LoggedRequest): MockReply {
    const search = request.query.get('search')?.toLowerCase() ?? '';
    let found = notes.filter((n) => n.text.toLowerCase().includes(search));
    for (let i = 0; request.query.has(`where[${i}][col]`); i++) {
      const col = request.query.get(`where[${i}][col]`);
      const expr = request.query.get(`where[${i}][expr]`);
      const val = request.query.get(`where[${i}][val]`);
      if (!expr) return mauticError(500, 'Looks like I encountered an error (error #500). If I do it again, please report me to the system administrator!');
      if (col !== 'lead' || expr !== 'eq') return mauticError(400, `where: unsupported ${col} ${expr}`);
      found = found.filter((n) => String(n.lead) === val);
    }
    const limit = Math.min(Number(request.query.get('limit') ?? 30) || 30, 200);
    const start = Number(request.query.get('start') ?? 0) || 0;
    const orderBy = request.query.get('orderBy');
    if (orderBy === 'dateTime' || orderBy === 'dateAdded') {
      const dir = request.query.get('orderByDir')?.toUpperCase() === 'DESC' ? -1 : 1;
      // As in MySQL, a null sorts below every date (last when descending).
      const key = (n: MauticNote) => (orderBy === 'dateTime' ? n.dateTime : (n.dateAdded ?? n.dateTime)) ?? '';
      found = [...found].sort((a, b) => dir * key(a).localeCompare(key(b)));
    }
    const page = found.slice(start, start + limit);
    return {
      status: 200,
      body: { total: String(found.length), notes: Object.fromEntries(page.map((n) => [String(n.id), { ...n, createdByUser: n.createdByUser ?? null, dateAdded: n.dateAdded ?? n.dateTime, lead: { id: n.lead } }])) },
    };
  }

  function points(id: string, direction: string, delta: string): MockReply {
    const contact = contactById(id);
    if (!contact) return notFound();
    if (!/^[1-9]\d*$/.test(delta)) return mauticError(400, 'Points delta must be a positive integer.');
    const change = direction === 'plus' ? Number(delta) : -Number(delta);
    contact.points += change;
    pointChanges.push({ contactId: contact.id, delta: change });
    return { status: 200, body: { success: 1 } };
  }

  /**
   * `POST /api/contacts/new` with field aliases. Email is Mautic's default unique identifier: a
   * contact with the address already is updated and returned (200), never duplicated; a new one
   * answers 201. An address Mautic cannot take is a 400 in its `errors` shape.
   */
  function newContact(request: LoggedRequest): MockReply {
    const form = formOrJson(request);
    if (!form) return mauticError(400, 'Request body is not valid JSON or form data');
    const email = typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return mauticError(400, 'email: A valid email is required.', 'validation');
    const fields: Record<string, string> = {};
    for (const alias of ['firstname', 'lastname', 'company', 'position']) if (typeof form[alias] === 'string' && form[alias]) fields[alias] = String(form[alias]);
    const existing = contacts.find((c) => String(c.fields.email ?? '').toLowerCase() === email);
    if (existing) {
      Object.assign(existing.fields, fields);
      return { status: 200, body: { contact: present(existing) } };
    }
    const contact: MauticSeedContact = { id: Math.max(0, ...contacts.map((c) => c.id)) + 1, points: 0, stage: null, owner: null, lastActive: null, fields: { email, ...fields }, tags: [] };
    contacts.push(contact);
    return { status: 201, body: { contact: present(contact) } };
  }

  function editContact(request: LoggedRequest, id: string): MockReply {
    const contact = contactById(id);
    if (!contact) return notFound();
    const form = formOrJson(request);
    if (!form) return mauticError(400, 'Request body is not valid JSON or form data');
    if (form.tags !== undefined) {
      const tags = Array.isArray(form.tags) ? form.tags : String(form.tags).split(',');
      // As Mautic's LeadModel::modifyTags: a name led by "-" removes that tag, any other is added.
      for (const tag of tags.map(String)) {
        if (tag.startsWith('-')) contact.tags = contact.tags.filter((kept) => kept !== tag.slice(1));
        else if (!contact.tags.includes(tag)) contact.tags.push(tag);
      }
    }
    return { status: 200, body: { contact: present(contact) } };
  }

  const routes: Route[] = [
    { method: 'POST', path: /^\/oauth\/v2\/token$/, handle: token },
    { method: 'GET', path: /^\/api\/contacts$/, handle: listContacts },
    { method: 'POST', path: /^\/api\/contacts\/new$/, handle: newContact },
    { method: 'GET', path: /^\/api\/contacts\/(\d+)$/, handle: (_r, [id]) => (contactById(id!) ? { status: 200, body: { contact: present(contactById(id!)!) } } : notFound()) },
    { method: 'GET', path: /^\/api\/contacts\/(\d+)\/activity$/, handle: (r, [id]) => activity(r, id!) },
    { method: 'POST', path: /^\/api\/contacts\/(\d+)\/points\/(plus|minus)\/([^/]+)$/, handle: (_r, [id, dir, delta]) => points(id!, dir!, delta!) },
    { method: 'PATCH', path: /^\/api\/contacts\/(\d+)\/edit$/, handle: (r, [id]) => editContact(r, id!) },
    { method: 'POST', path: /^\/api\/notes\/new$/, handle: newNote },
    { method: 'GET', path: /^\/api\/notes$/, handle: listNotes },
  ];

  const server = await startMockServer(routes, {
    seed: options.seed,
    guard,
    notFound: () => mauticError(404, 'Requested URL not found: the API endpoint does not exist.'),
    methodNotAllowed: (r) => mauticError(405, `Method ${r.method} is not allowed on this endpoint.`),
  });

  return {
    ...server,
    contacts,
    notes,
    pointChanges,
    issuedTokens,
    expireTokens: () => tokens.clear(),
  };
}
