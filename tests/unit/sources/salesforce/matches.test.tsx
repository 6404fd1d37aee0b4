/**
 * Several Salesforce records for one address reach the card's match picker, and the one the rep picks
 * sticks: against the loopback org, where Sam Okafor is both a Contact and an unconverted Lead.
 * A content script may only choose a record its card offered, and the page never sees a record id.
 * What the rep logs then goes to the record they chose, not to the one a search by address finds first.
 */
import { fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { forContentScript } from '@/lib/background/content-views';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import type { Reply } from '@/lib/messaging';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import { SEED_IDS } from '@/lib/sources/salesforce/mock-seed';
import { createSalesforceDestination } from '@/lib/sources/salesforce/destination';
import { matchKeyOf } from '@/lib/sources/salesforce/map';
import { createSalesforceSource } from '@/lib/sources/salesforce/source';
import { closeDbForTests } from '@/lib/store/db';
import { chosenFor, rememberChoice } from '@/lib/store/matches';
import { logAction } from '@/lib/sync/actions';
import { makeCallbacks } from '../../components/factory';
import { testBackground } from '../../support/background';
import { type Org, soqlOf, startOrg } from './helpers';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const SAM = 'sam.okafor@contoso.example';
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const gmail = { id: ID, url: 'https://mail.google.com/mail/u/0/#inbox/1', tab: { id: 7, url: 'https://mail.google.com/mail/u/0/' } };

let org: Org;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  resetSourceFailures();
  restoreClock = setClock(() => NOW);
  org = await startOrg({ now: () => NOW });
});
afterEach(async () => {
  restoreClock();
  await org.mock.close();
});

function background() {
  const source = createSalesforceSource(org.client(), org.config.instanceUrl!);
  const deps = { finder: storeFinder, sources: async () => [source], settings: async () => DEFAULT_SETTINGS, recentActions: async () => [], now: () => NOW };
  const { route, tabs } = testBackground({ id: ID, build: (detection, options) => buildViews(detection.candidates, deps, options) });
  const ask = (message: Record<string, unknown>) => route(message, gmail) as Promise<Reply<ProspectView[]>>;
  const detect = () => ask({ type: 'detected', url: gmail.url, candidates: [{ key: SAM, email: SAM }] });
  /** The tab's card for Sam once it satisfies `ready` (the lookup answers behind the first build). */
  const card = async (ready: (v: ProspectView) => boolean): Promise<ProspectView> => {
    let view: ProspectView | undefined;
    await vi.waitFor(async () => {
      view = (await tabs.get(7))?.views.find((v) => v.detectedKey === SAM);
      expect(view && ready(view)).toBe(true);
    });
    return view!;
  };
  return { ask, detect, card };
}

describe('two Salesforce records for one address', () => {
  it('offers the other record in the picker, and the rep’s choice sticks across lookups', async () => {
    const bg = background();
    const [contactKey, leadKey] = await Promise.all([matchKeyOf(SEED_IDS.samContact), matchKeyOf(SEED_IDS.samLead)]);
    expect(await bg.detect()).toMatchObject({ ok: true });

    // The default is the Contact; the Lead is offered.
    const first = await bg.card((v) => v.alternatives.length > 0);
    expect(first.prospect.company).toBe('Contoso Ltd');
    expect(first.match).not.toBe('chosen');
    expect(first.alternatives).toEqual([{ key: leadKey, name: 'Sam Okafor', company: 'Contoso', email: SAM }]);

    // The card the page draws offers it in the existing picker, and the choice is sent as the background named it.
    const [page] = forContentScript([first]);
    expect(JSON.stringify(page)).not.toContain(SEED_IDS.samLead);
    expect(JSON.stringify(page)).not.toContain(SEED_IDS.samContact);
    const callbacks = makeCallbacks();
    const dom = render(<ProspectCard view={page!} expanded onToggle={() => undefined} {...callbacks} />).container;
    const choices = [...dom.querySelectorAll<HTMLButtonElement>('[data-testid="match-picker"] button')];
    expect(choices.map((b) => b.textContent)).toEqual(['Sam OkaforContoso · sam.okafor@contoso.example']);
    fireEvent.click(choices[0]!);
    expect(callbacks.onChooseMatch).toHaveBeenCalledWith(SAM, leadKey);

    expect(await bg.ask({ type: 'match/choose', detectedKey: SAM, chosenKey: leadKey })).toMatchObject({ ok: true });
    expect(await chosenFor(SAM)).toBe(leadKey);

    // The Lead is looked up and shown; the Contact is now the other match.
    const chosen = await bg.card((v) => v.match === 'chosen');
    expect(chosen.prospect.company).toBe('Contoso');
    expect(chosen.prospect.refs).toEqual([{ source: 'salesforce', externalId: SEED_IDS.samLead }]);
    expect(chosen.alternatives.map((a) => a.key)).toEqual([contactKey]);
    expect(chosen.deals).toBeUndefined();
    const soql = soqlOf(org.mock);
    expect(soql.some((q) => q.includes(`WhoId IN ('${SEED_IDS.samLead}')`))).toBe(true);

    // A later detection keeps the Lead, from the cached answer, without asking Salesforce again.
    const asked = org.mock.requests.length;
    expect(await bg.detect()).toMatchObject({ ok: true, data: { views: [expect.objectContaining({ match: 'chosen', prospect: expect.objectContaining({ company: 'Contoso' }) })] } });
    expect(org.mock.requests.length).toBe(asked);
  });

  it('sends what the rep logs to the record they chose: "lead accepted" moves the Lead, not the Contact', async () => {
    const bg = background();
    const leadKey = await matchKeyOf(SEED_IDS.samLead);
    await bg.detect();
    await bg.card((v) => v.alternatives.length > 0);
    // Logged while the card shows the default (the Contact): it goes there.
    const onContact = await logAction({ prospectKey: SAM, type: 'note', notes: 'Before the choice' }, 'salesforce');
    expect(onContact.target).toEqual({ source: 'salesforce', externalId: SEED_IDS.samContact });

    // Chosen, and logged before Salesforce answered for the choice: the card shows none of its records then, so no target.
    await rememberChoice(SAM, leadKey);
    const meanwhile = await logAction({ prospectKey: SAM, type: 'note', notes: 'While loading' }, 'salesforce');
    expect(meanwhile.target).toBeUndefined();
    await bg.ask({ type: 'match/choose', detectedKey: SAM, chosenKey: leadKey });
    await bg.card((v) => v.match === 'chosen');
    const accepted = await logAction({ prospectKey: SAM, type: 'lead_feedback', feedback: 'accepted' }, 'salesforce');
    expect(accepted.target).toEqual({ source: 'salesforce', externalId: SEED_IDS.samLead });

    const destination = createSalesforceDestination(org.client(), org.config);
    const ctx = { prospect: undefined, signal: new AbortController().signal };
    const tasksOn = (id: string) => org.mock.records.Task.filter((t) => t.WhoId === id);
    expect(await destination.deliver(accepted, ctx)).toMatchObject({ kind: 'delivered' });
    expect(org.mock.records.Lead.find((l) => l.Id === SEED_IDS.samLead)!.Status).toBe(org.config.feedbackAcceptedStatus);
    expect(tasksOn(SEED_IDS.samLead).map((t) => t.Subject)).toEqual(['Lead accepted by sales']);
    expect(await destination.deliver(onContact, ctx)).toMatchObject({ kind: 'delivered' });
    expect(tasksOn(SEED_IDS.samContact)).toHaveLength(1);
  });

  it('refuses a content script choosing a record the card did not offer', async () => {
    const bg = background();
    await bg.detect();
    await bg.card((v) => v.alternatives.length > 0);
    // Any other key, even well-formed, and the record's own id are refused.
    for (const chosenKey of ['salesforce:m-0000000000000000', `salesforce:${SEED_IDS.samLead}`, 'someone@else.example']) {
      expect(await bg.ask({ type: 'match/choose', detectedKey: SAM, chosenKey }), chosenKey).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await chosenFor(SAM)).toBeUndefined();
  });
});
