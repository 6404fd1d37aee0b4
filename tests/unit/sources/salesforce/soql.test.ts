// @vitest-environment node
/** Every value in the connector's SOQL is escaped: hostile addresses stay literals, at the mock's parser too. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignMembersOf, contactsByEmail, dateTime, eventsOf, leadsByEmail, literal, openOpportunities, peopleByIds, recordId, tasksBySubject, tasksOf } from '@/lib/sources/salesforce/soql';
import { SoqlError, parse } from '@/lib/sources/salesforce/mock-soql';
import { createSalesforceSource } from '@/lib/sources/salesforce/source';
import { type Org, restRequests, startOrg } from './helpers';

const HOSTILE = [
  "x' OR Email != '",
  "o'brien@example.com",
  'back\\slash@example.com',
  "trail\\'@example.com",
  "new\nline' OR Name LIKE '%@example.com",
  "tab\there@example.com",
  'quote"s@example.com',
  "') OR (Email != '",
  "\\' OR Id != null OR Email = '\\",
];

describe('literal', () => {
  it('escapes backslashes before quotes, and control characters as escapes', () => {
    expect(literal("o'brien")).toBe("'o\\'brien'");
    expect(literal('a\\b')).toBe("'a\\\\b'");
    expect(literal("a\\'b")).toBe("'a\\\\\\'b'");
    expect(literal('a\nb\r\tc')).toBe("'a\\nb\\r\\tc'");
    expect(literal('nul\u0000here')).toBe("'nulhere'");
  });

  it.each(HOSTILE)('keeps %j one literal that reads back as itself', (value) => {
    const query = parse(`SELECT Id FROM Lead WHERE Email = ${literal(value)}`);
    expect(query.where).toEqual([{ field: 'Email', op: '=', value: value.replace(/[\u0000-\u0008\u000b\u000e-\u001f]/g, '') }]);
  });

  it('refuses anything but a record id where an id goes', () => {
    expect(recordId('00Q000000000001AAA')).toBe("'00Q000000000001AAA'");
    expect(() => recordId("00Q000000000001' OR Id != '")).toThrow();
    expect(() => tasksOf(['x'], 20)).toThrow();
    // The batched detail queries check every id in their IN lists.
    const hostile = "00Q000000000001' OR Id != '";
    expect(() => tasksOf(['00Q000000000001AAA', hostile], 40)).toThrow();
    expect(() => eventsOf([hostile], 20)).toThrow();
    expect(() => campaignMembersOf(['00Q000000000001AAA'], [hostile], 100)).toThrow();
    expect(() => openOpportunities([hostile], 10)).toThrow();
  });

  it('builds the feedback queries from literals and checked ids only', () => {
    const clean = (value: string) => value.replace(/[\u0000-\u0008\u000b\u000e-\u001f]/g, '');
    expect(parse(tasksBySubject({ in: HOSTILE }, {}, 10)).where).toEqual([{ field: 'Subject', op: 'IN', value: HOSTILE.map(clean) }]);
    const prefix = parse(tasksBySubject({ startsWith: "x' OR Id != '" }, { from: '2026-11-01T00:00:00.000Z' }, 10));
    expect(prefix.where).toEqual([
      { field: 'Subject', op: 'LIKE', value: "x' OR Id != '%" },
      { field: 'CreatedDate', op: '>=', value: { dateTime: Date.parse('2026-11-01T00:00:00Z') } },
    ]);
    expect(prefix.limit).toBe(10);
    expect(parse(tasksBySubject({ in: ['a'] }, {}, 5000)).limit).toBe(2000);
    expect(() => peopleByIds('Lead', ["00Q000000000001' OR Id != '"])).toThrow();
  });

  it('writes dateTime literals without milliseconds, in UTC', () => {
    expect(dateTime(Date.parse('2026-11-19T10:00:00.123Z'))).toBe('2026-11-19T10:00:00Z');
  });
});

describe("the mock's parser refuses what Salesforce refuses", () => {
  it.each([
    ["SELECT Id FROM Lead WHERE Email = 'x' OR Name != 'y' AND Id != null", 'mixing AND and OR'],
    ["SELECT Id FROM Lead WHERE Email = 'unterminated", 'unterminated'],
    ["SELECT Id FROM Lead WHERE Email = 'bad \\q escape'", 'illegal escape'],
    ["SELECT Id FROM Lead WHERE Email = 'x'; DELETE", "'"],
    ['SELECT Id FROM Lead WHERE Email LIKE 5', 'unexpected'],
    ['DELETE FROM Lead', 'expected SELECT'],
  ])('%s', (soql, message) => {
    expect(() => parse(soql)).toThrow(SoqlError);
    expect(() => parse(soql)).toThrow(message);
  });
});

describe('hostile addresses against the org', () => {
  let org: Org;
  beforeEach(async () => {
    org = await startOrg();
  });
  afterEach(async () => {
    await org.mock.close();
  });

  it('finds no one for any of them, and every query parses (none answered MALFORMED_QUERY)', async () => {
    const source = createSalesforceSource(org.client(), org.config.instanceUrl!);
    const queries = HOSTILE.map((email, i) => ({ key: `k${i}`, emails: [email] }));
    expect(await source.lookup(queries)).toEqual([]);
    const answered = restRequests(org.mock).map((r) => r.status);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((s) => s === 200)).toBe(true);
  });

  it('an address that closes the quote does not widen the query', async () => {
    const source = createSalesforceSource(org.client(), org.config.instanceUrl!);
    expect(await source.lookup([{ key: 'k', emails: ["nobody@example.com' OR Email != '"] }])).toEqual([]);
    const [contacts, leads] = [contactsByEmail(["a'b"], 50), leadsByEmail(["a'b"], 50)];
    expect(contacts).toContain("IN ('a\\'b')");
    expect(leads).toContain("IN ('a\\'b')");
  });
});
