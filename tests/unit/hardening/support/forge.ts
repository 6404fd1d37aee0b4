/**
 * Generators of forged requests: for each request type, a valid example and the ways a field can be
 * broken so the request is invalid *by construction* (wrong JSON type, too long, out of range, not in
 * the enumeration, missing). The oracle is therefore independent of the schema the guard uses.
 */
import fc from 'fast-check';
import type { RequestType } from '@/lib/model/messages';

const UUID = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
const KEY = 'dana@northwind.example';
const MESSAGE = { messageId: 'gmail:18b8e2c4f0a1daaf', subject: 'Pilot pricing', from: KEY, to: ['sam@acme.example'], cc: [], sentAt: '2026-11-24T10:15:00.000Z' };

/** One valid request per type, as each real sender builds it. */
export const VALID: Record<RequestType, Record<string, unknown>> = {
  detected: {
    type: 'detected',
    url: 'https://mail.google.com/mail/u/0/',
    candidates: [{ key: KEY, email: KEY }],
    selfAddresses: [],
    health: { precise: ['message', 'sender'], fallback: ['recipientLine'] },
  },
  'detection/health': { type: 'detection/health' },
  'tab/get': { type: 'tab/get', tabId: 7 },
  lookup: { type: 'lookup', keys: [KEY] },
  search: { type: 'search', query: 'dana', limit: 10 },
  'action/log': { type: 'action/log', action: { prospectKey: KEY, type: 'call', notes: 'Called' } },
  'action/update': { type: 'action/update', id: UUID, action: { prospectKey: KEY, type: 'call', notes: 'Called' } },
  'action/delete': { type: 'action/delete', id: UUID },
  'email/log': { type: 'email/log', message: MESSAGE, includeBody: false },
  'email/status': { type: 'email/status', message: MESSAGE },
  'action/retry': { type: 'action/retry', id: UUID },
  'action/list': { type: 'action/list', prospectKey: KEY, limit: 5 },
  'match/choose': { type: 'match/choose', detectedKey: KEY, chosenKey: 'dana.w@northwind.example' },
  'match/forget': { type: 'match/forget', detectedKey: KEY },
  'match/list': { type: 'match/list' },
  'ignore/add': { type: 'ignore/add', entry: KEY },
  'prospect/add': { type: 'prospect/add', candidate: { key: KEY, email: KEY } },
  'crm/create': { type: 'crm/create', prospectKey: KEY, tabId: 3 },
  'sidepanel/open': { type: 'sidepanel/open', tabId: 3 },
  'popup/open': { type: 'popup/open', prospectKey: KEY, actionType: 'call' },
  'connection/test': { type: 'connection/test', kind: 'hubspot' },
  'connection/test-unsaved': { type: 'connection/test-unsaved', kind: 'hubspot', config: { baseUrl: 'https://api.hubapi.com' }, secret: { token: 't' } },
  'sync/now': { type: 'sync/now' },
  diagnostics: { type: 'diagnostics' },
  'ignore/remove': { type: 'ignore/remove', entry: KEY },
  'page/settings': { type: 'page/settings' },
  'page/collapse': { type: 'page/collapse', collapsed: true },
  'page/sidebar': { type: 'page/sidebar' },
  'settings/update': { type: 'settings/update', patch: { retentionDays: 30 } },
  'connection/save': { type: 'connection/save', kind: 'webhook', config: { url: 'https://hooks.example.com/x' }, secret: { secret: 's' } },
  'connection/remove': { type: 'connection/remove', kind: 'webhook' },
  'connection/secret': { type: 'connection/secret', kind: 'hubspot' },
  'connection/connect': { type: 'connection/connect', kind: 'salesforce', config: { loginHost: 'login.salesforce.com' } },
  'connection/disconnect': { type: 'connection/disconnect', kind: 'salesforce' },
  'data/erase': { type: 'data/erase' },
  'data/changed': { type: 'data/changed' },
  'feedback/remote': { type: 'feedback/remote', from: '2026-01-01T00:00:00.000Z' },
};

const MISSING = Symbol('missing');
/** Left out of a nested object (JSON drops an undefined member). */
const MISSING_FIELD = undefined;
type Broken = unknown;

/** Any JSON value that is not a string. */
const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
/** Any JSON value that is not a number. */
const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
const notArray = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
const notObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }));
const longer = (max: number) => fc.integer({ min: max + 1, max: max + 2_000 }).map((n) => 'x'.repeat(n));

/** A string field of at most `max` characters (`min` at least), broken. */
const badString = (max: number, min = 0): fc.Arbitrary<Broken> =>
  fc.oneof(notString, longer(max), ...(min > 0 ? [fc.constant('')] : []), fc.constant(MISSING));
const badEnum = (allowed: readonly string[]) =>
  fc.oneof(notString, fc.string().filter((s) => !allowed.includes(s)), fc.constantFrom(...allowed.map((a) => a.toUpperCase()).filter((a) => !allowed.includes(a))));
const badInt = (min: number, max: number) =>
  fc.oneof(notNumber, fc.maxSafeInteger().filter((n) => n > max), fc.maxSafeInteger().filter((n) => n < min), fc.double({ min, max, noInteger: true }), fc.constant(Number.NaN));
const badUuid = fc.oneof(notString, fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)), fc.constant(UUID.replace(/-/g, '')), fc.constant(MISSING));
const badKeyList = (maxItems: number) =>
  fc.oneof(notArray, fc.constant([]), fc.array(fc.constant(KEY), { minLength: maxItems + 1, maxLength: maxItems + 5 }), fc.array(present(badString(320, 1)), { minLength: 1, maxLength: 3 }));
/** Inside a nested object a missing field is simply left out. */
const present = (arbitrary: fc.Arbitrary<Broken>) => arbitrary.filter((value) => value !== MISSING);
const badCandidate = fc.oneof(
  notObject,
  fc.constant({ email: KEY }),
  fc.record({ key: present(badString(320, 1)) }),
  fc.record({ key: fc.constant(KEY), name: fc.oneof(notString, longer(300)) }),
  fc.record({ key: fc.constant(KEY), role: badEnum(['from', 'to', 'cc', 'compose', 'profile', 'lead', 'message', 'lookup']) }),
);
const ACTION_TYPES = ['call', 'email', 'meeting', 'note', 'task', 'stage_change', 'lead_feedback'];
const badAction = fc.oneof(
  notObject,
  fc.constant({ type: 'call' }),
  fc.record({ prospectKey: present(badString(320, 1)), type: fc.constant('call') }),
  fc.record({ prospectKey: fc.constant(KEY), type: badEnum(ACTION_TYPES) }),
  fc.record({ prospectKey: fc.constant(KEY), type: fc.constant('call'), notes: fc.oneof(notString, longer(10_000)) }),
  fc.record({ prospectKey: fc.constant(KEY), type: fc.constant('call'), durationMinutes: badInt(0, 24 * 60) }),
  fc.record({ prospectKey: fc.constant(KEY), type: fc.constant('call'), occurredAt: fc.oneof(notString, fc.constantFrom('yesterday', '2026-13-45T99:00:00Z', '')) }),
  // Cross-field rules: a task without a due date, a note without text, rejected feedback without a reason.
  fc.constant({ prospectKey: KEY, type: 'task' }),
  fc.constant({ prospectKey: KEY, type: 'note', notes: '   ' }),
  fc.constant({ prospectKey: KEY, type: 'lead_feedback', feedback: 'rejected' }),
);

/** An open message broken one field at a time: ids not of a site, unbounded text, non-addresses, too many people. */
const badMessage = fc.oneof(
  notObject,
  fc.constant({ ...MESSAGE, from: 'not an address' }),
  fc.constant({ ...MESSAGE, from: MISSING_FIELD }),
  fc.constant({ ...MESSAGE, messageId: 'evil:1' }),
  fc.constant({ ...MESSAGE, messageId: `gmail:${'1'.repeat(300)}` }),
  fc.record({ ...Object.fromEntries(Object.entries(MESSAGE).map(([k, v]) => [k, fc.constant(v)])), subject: fc.oneof(notString, longer(300)) }),
  fc.constant({ ...MESSAGE, to: Array.from({ length: 51 }, (_, i) => `p${i}@x.example`) }),
  fc.constant({ ...MESSAGE, cc: ['<b>@x'] }),
  fc.constant({ ...MESSAGE, sentAt: 'yesterday' }),
);

/** For each type: which fields to break, and how. Every choice yields an invalid request. */
const BREAKERS: Record<RequestType, Record<string, fc.Arbitrary<Broken>>> = {
  detected: {
    url: badString(4000),
    candidates: fc.oneof(notArray, fc.constant(MISSING), fc.array(fc.constant({ key: KEY }), { minLength: 201, maxLength: 205 }), fc.array(badCandidate, { minLength: 1, maxLength: 3 })),
    selfAddresses: fc.oneof(notArray, fc.array(fc.constant('a@b.example'), { minLength: 21, maxLength: 25 }), fc.array(fc.oneof(notString, longer(320)), { minLength: 1, maxLength: 3 })),
    // Finder names only: no page text, no markup, bounded.
    health: fc.oneof(
      notObject,
      fc.constant({ precise: ['sender'] }),
      fc.constant({ precise: ['<img src=x>'], fallback: [] }),
      fc.constant({ precise: [], fallback: ['x'.repeat(41)] }),
      fc.constant({ precise: Array.from({ length: 41 }, () => 'sender'), fallback: [] }),
    ),
  },
  'tab/get': { tabId: fc.oneof(badInt(0, 2 ** 31), fc.constant(MISSING)) },
  lookup: { keys: fc.oneof(badKeyList(50), fc.constant(MISSING)), refresh: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) },
  search: { query: fc.oneof(notString, longer(200), fc.constant(MISSING)), limit: badInt(1, 50) },
  'action/log': { action: fc.oneof(badAction, fc.constant(MISSING)) },
  'action/update': { id: badUuid, action: fc.oneof(badAction, fc.constant(MISSING)) },
  'action/delete': { id: badUuid },
  'email/log': { message: fc.oneof(badMessage, fc.constant({ ...MESSAGE, body: 'x'.repeat(10_001) }), fc.constant(MISSING)), includeBody: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) },
  'email/status': { message: fc.oneof(badMessage, fc.constant(MISSING)) },
  'action/retry': { id: badUuid },
  'action/list': { prospectKey: fc.oneof(notString, longer(320), fc.constant('')), limit: badInt(1, 200) },
  'match/choose': { detectedKey: badString(320, 1), chosenKey: badString(320, 1) },
  'match/forget': { detectedKey: badString(320, 1), tabId: badInt(0, 2 ** 31) },
  'ignore/add': { entry: badString(320, 1) },
  'prospect/add': { candidate: fc.oneof(badCandidate, fc.constant(MISSING)) },
  'crm/create': { prospectKey: fc.oneof(badString(320, 1), fc.constant(MISSING)), tabId: badInt(0, 2 ** 31) },
  'sidepanel/open': { tabId: badInt(0, 2 ** 31) },
  'popup/open': { prospectKey: badString(320, 1), actionType: badEnum(ACTION_TYPES) },
  'connection/test': { kind: fc.oneof(badEnum(['hubspot', 'mautic', 'webhook']), fc.constant(MISSING)) },
  'ignore/remove': { entry: badString(320, 1), tabId: badInt(0, 2 ** 31) },
  'page/collapse': { collapsed: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(MISSING)) },
  'settings/update': {
    patch: fc.oneof(notObject, fc.constant(MISSING), fc.constant({ connections: {} }), fc.constant({ webhookUrl: 'https://evil.example' })),
  },
  'connection/test-unsaved': {
    kind: fc.oneof(badEnum(['hubspot', 'mautic', 'webhook']), fc.constant(MISSING)),
    config: fc.oneof(notObject, fc.constant(MISSING)),
    secret: fc.oneof(notObject, fc.constant({ token: 42 }), fc.constant({ token: 'x'.repeat(4001) })),
  },
  'connection/save': {
    kind: fc.oneof(badEnum(['hubspot', 'mautic', 'webhook']), fc.constant(MISSING)),
    config: fc.oneof(notObject, fc.constant(MISSING)),
    secret: fc.oneof(notObject, fc.constant({ token: 42 }), fc.constant({ token: 'x'.repeat(4001) })),
  },
  'connection/remove': { kind: fc.oneof(badEnum(['hubspot', 'mautic', 'webhook']), fc.constant(MISSING)) },
  'connection/secret': { kind: fc.oneof(badEnum(['hubspot', 'mautic', 'webhook']), fc.constant(MISSING)) },
  'connection/connect': { kind: fc.oneof(badEnum(['salesforce']), fc.constant(MISSING)), config: fc.oneof(notObject, fc.constant(MISSING)) },
  'connection/disconnect': { kind: fc.oneof(badEnum(['salesforce']), fc.constant(MISSING)) },
  // No fields to break: the envelope itself is forged.
  'sync/now': {},
  diagnostics: {},
  'detection/health': {},
  'page/settings': {},
  'page/sidebar': {},
  'data/erase': {},
  'data/changed': {},
  'feedback/remote': { from: fc.oneof(notString, fc.constant('yesterday'), fc.constant('2026-13-01T00:00:00Z')), to: fc.oneof(notString, fc.constant('')) },
  'match/list': {},
};

/** The envelope broken: the type misspelt, not a string, or the whole message not an object. */
function badEnvelope(type: RequestType): fc.Arbitrary<unknown> {
  const valid = VALID[type];
  return fc.oneof(
    fc.constantFrom(` ${type}`, `${type} `, type.toUpperCase(), type.includes('/') ? type.replace('/', '\\') : `${type}/`, `${type}\u0000`, `${type}\u200b`).map((t) => ({ ...valid, type: t })),
    notString.map((t) => ({ ...valid, type: t })),
    fc.constant({ ...valid, type: undefined }),
    notObject,
    fc.constant([valid]),
    fc.string().map((s) => JSON.stringify(valid) + s),
  );
}

/** A generator of invalid requests of one type: one or more fields broken, or the envelope. */
export function forged(type: RequestType): fc.Arbitrary<unknown> {
  const fields = Object.entries(BREAKERS[type]);
  const envelope = badEnvelope(type);
  if (fields.length === 0) return envelope;
  const brokenFields = fc
    .subarray(fields, { minLength: 1 })
    .chain((chosen) => fc.tuple(...chosen.map(([name, arb]) => arb.map((value) => [name, value] as const))))
    .map((pairs) => {
      const message: Record<string, unknown> = { ...VALID[type] };
      for (const [name, value] of pairs) {
        if (value === MISSING) delete message[name];
        else message[name] = value;
      }
      return message;
    });
  return fc.oneof({ arbitrary: brokenFields, weight: 4 }, { arbitrary: envelope, weight: 1 });
}
