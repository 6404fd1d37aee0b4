// @vitest-environment node
/**
 * Hostile CRM answers from loopback servers: 100s of mutated HubSpot and Mautic answers served over
 * real HTTP to the real connectors. Each lookup must end in a record that holds only what the CRM
 * said (its text kept as text, a field it broke left out), or in a SourceError with plain words —
 * never a crash, never a value from the wrong field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngagementEvent } from '@/lib/model/engagement';
import { Prospect } from '@/lib/model/prospect';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { createHubSpotSource } from '@/lib/sources/hubspot/source';
import { createMauticSource } from '@/lib/sources/mautic/source';
import { type EngagementSource, type LookupQuery, SourceError, type SourceRecord } from '@/lib/sources/types';
import { type Fault, type HubSpotMock, type MauticMock, startHubSpotMock, startMauticMock } from '../../mocks';
import { fixtureJson } from '../sources/helpers';
import { recordResult } from '../../hardening/support/results';
import { MARK, type Mutant, hubspotMutants, mauticMutants } from './support/crm-mutants';

const TIMEOUT_MS = 800;
let hubspot: HubSpotMock;
let mautic: MauticMock;
const basic = { username: 'api-user', password: 's3cret!' };

beforeAll(async () => {
  hubspot = await startHubSpotMock();
  mautic = await startMauticMock({ basic });
});
afterAll(async () => {
  await Promise.all([hubspot.close(), mautic.close()]);
});

const faultOf = (mutant: Mutant): Fault =>
  mutant.delayMs !== undefined
    ? { type: 'delay', ms: mutant.delayMs }
    : { type: 'raw', status: mutant.status ?? 200, body: mutant.body, contentType: mutant.contentType ?? 'application/json' };

type Outcome = { records: SourceRecord[] } | { error: unknown };

async function lookup(source: EngagementSource, query: LookupQuery): Promise<Outcome> {
  try {
    return { records: await source.lookup([query]) };
  } catch (error) {
    return { error };
  }
}

/**
 * What may differ from the good answer's record: a field left out, a name with one part left out,
 * or a field carrying what the mutated answer said (the marked text, possibly lower-cased as stages
 * are; or the number 31337, which Mautic may legitimately send for any field and is shown as text).
 */
function wrongFields(record: SourceRecord, baseline: SourceRecord, query: LookupQuery): string[] {
  const wrong: string[] = [];
  if (record.key !== query.key || record.prospect.key !== query.key) wrong.push('key');
  if (!Prospect.safeParse({ emails: [], ...record.prospect }).success) wrong.push('prospect schema');
  for (const [field, value] of Object.entries(record.prospect)) {
    const before = (baseline.prospect as Record<string, unknown>)[field];
    if (JSON.stringify(value) === JSON.stringify(before)) continue;
    if (String(value).toLowerCase().includes(MARK.toLowerCase()) || String(value).includes('31337')) continue;
    if (typeof value === 'string' && typeof before === 'string' && before.includes(value)) continue;
    if (field === 'refs' || field === 'emails') continue;
    wrong.push(`prospect.${field}=${JSON.stringify(value).slice(0, 60)}`);
  }
  for (const event of record.events) {
    if (!EngagementEvent.safeParse(event).success) wrong.push(`event schema ${event.id}`);
    if (event.url !== undefined && !event.url.startsWith('https:')) wrong.push(`event url ${event.url.slice(0, 40)}`);
  }
  return wrong;
}

function plainWords(error: unknown): boolean {
  if (!(error instanceof SourceError)) return false;
  return error.message.length > 5 && error.message.length < 200 && !/[{}<>]|undefined|TypeError|SyntaxError|at \w+ \(/.test(error.message);
}

async function sweep(name: string, source: () => EngagementSource, setFault: (fault?: Fault) => void, mutants: Mutant[], query: LookupQuery) {
  setFault({ type: 'raw', status: 200, body: mutants.find((m) => m.kind === 'wrong-content-type')!.body });
  const good = await lookup(source(), query);
  if (!('records' in good) || good.records.length !== 1) throw new Error(`${name}: the good answer does not give one record: ${JSON.stringify(good)}`);
  const baseline = good.records[0]!;

  const counts: Record<string, number> = {};
  const failures: string[] = [];
  for (const mutant of mutants) {
    setFault(faultOf(mutant));
    const outcome = await lookup(source(), query);
    let bucket: string;
    if ('error' in outcome) {
      bucket = outcome.error instanceof SourceError ? `error:${outcome.error.kind}` : 'crash';
      if (!plainWords(outcome.error)) failures.push(`${mutant.kind}: ${String(outcome.error).slice(0, 120)}`);
    } else if (outcome.records.length === 0) {
      bucket = 'not-found';
    } else {
      const wrong = outcome.records.flatMap((record) => wrongFields(record, baseline, query));
      bucket = wrong.length ? 'wrong-data' : JSON.stringify(outcome.records[0]) === JSON.stringify(baseline) ? 'record:unchanged' : 'record:field-dropped-or-marked';
      if (wrong.length) failures.push(`${mutant.kind}: ${wrong.join(', ')}`);
    }
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  setFault();
  recordResult(`crm-${name}`, { tried: mutants.length, outcomes: counts, failures: failures.length });
  return { counts, failures };
}

describe('hostile CRM answers', () => {
  it('HubSpot: every mutated contact answer ends in a faithful record or a plain-words SourceError', async () => {
    const mutants = hubspotMutants(fixtureJson('hubspot/batch-read-dana.json') as Record<string, unknown>);
    expect(mutants.length).toBeGreaterThanOrEqual(100);
    // Hundreds of lookups of one account in a few seconds: the account's pace (80 requests in any 10 s of
    // real time, lib/sources/hubspot/pace.ts) would make this sweep wait minutes. It is about answers; the
    // pace has its own tests (hubspot-details.test.ts).
    const unpaced = { max: Number.MAX_SAFE_INTEGER, windowMs: 10_000 };
    const source = () => createHubSpotSource(HubSpotConnection.parse({ baseUrl: hubspot.url }), { token: hubspot.token }, undefined, { timeoutMs: TIMEOUT_MS, pace: unpaced });
    const { counts, failures } = await sweep('hubspot', source, (fault) => (fault ? hubspot.setFault({ path: '/crm/v3/objects/contacts/batch/read', fault }) : hubspot.setFault()), mutants, {
      key: 'dana.whitfield@northwind.example',
      emails: ['dana.whitfield@northwind.example'],
    });
    expect(failures).toEqual([]);
    expect(counts.crash).toBeUndefined();
    expect(counts['error:malformed']).toBeGreaterThan(20);
  }, 60_000);

  it('Mautic: every mutated contact answer ends in a faithful record or a plain-words SourceError', async () => {
    const mutants = mauticMutants(fixtureJson('mautic/contacts-dana.json') as Record<string, unknown>);
    expect(mutants.length).toBeGreaterThanOrEqual(100);
    const source = () => createMauticSource(MauticConnection.parse({ baseUrl: mautic.url }), basic, undefined, { timeoutMs: TIMEOUT_MS });
    const { counts, failures } = await sweep('mautic', source, (fault) => (fault ? mautic.setFault({ path: '/api/contacts', fault }) : mautic.setFault()), mutants, {
      key: 'dana.whitfield@northwind.example',
      emails: ['dana.whitfield@northwind.example'],
    });
    expect(failures).toEqual([]);
    expect(counts.crash).toBeUndefined();
  }, 60_000);
});
