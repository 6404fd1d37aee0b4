/**
 * "Others at Globex" (issue 17): a colleague at the same company is linked only after the rep
 * confirms, and the link — and a mute — can be undone from the card and from Options. Against the
 * real router, guard, handlers, resolver and store (fake IndexedDB): undo gives both people back
 * exactly, with nothing lost or duplicated.
 */
import { fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { buildTabViews } from '@/lib/background/tab-builder';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import type { LinkedPerson, Reply } from '@/lib/messaging';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import { closeDbForTests } from '@/lib/store/db';
import { addEvents, getSummary, latestEvents } from '@/lib/store/events';
import { chosenFor } from '@/lib/store/matches';
import { findByDomain, getProspect, upsertProspects } from '@/lib/store/prospects';
import { getSettings } from '@/lib/store/settings';
import { makeCallbacks } from '../components/factory';
import { testBackground } from '../support/background';

const NOW = Date.UTC(2026, 11, 3, 12);
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const gmail = { id: ID, url: 'https://mail.google.com/mail/u/0/#inbox/1', tab: { id: 7, url: 'https://mail.google.com/mail/u/0/' } };
const options = { id: ID, url: `chrome-extension://${ID}/options.html` };
const BOB = 'bob@globex.example';
const ALICE = 'alice@globex.example';
const CAROL = 'carol@globex.example';

let restoreClock: () => void;
beforeEach(async () => {
  await closeDbForTests();
  resetSourceFailures();
  restoreClock = setClock(() => NOW);
  await upsertProspects([
    { key: ALICE, emails: [ALICE], name: 'Alice Arden', company: 'Globex', domain: 'globex.example', refs: [] },
    { key: CAROL, emails: [CAROL], name: 'Carol Chen', company: 'Globex', domain: 'globex.example', refs: [] },
  ]);
  await addEvents(
    [1, 2, 3].map((n) => ({ id: `local:a${n}`, prospectKey: ALICE, source: 'local' as const, type: 'email_open' as const, occurredAt: new Date(NOW - n * 86_400_000).toISOString() })),
  );
});
afterEach(() => restoreClock());

function background() {
  // The tab owner's real builder: the filter (mutes), the resolver, the store; no source is connected.
  const { route, tabs } = testBackground({ id: ID, build: buildTabViews });
  const ask = <T,>(message: Record<string, unknown>, sender: object = gmail) => route(message, sender) as Promise<Reply<T>>;
  const detect = () => ask({ type: 'detected', url: gmail.url, candidates: [{ key: BOB, email: BOB, name: 'Bob Baker' }] });
  const card = async (): Promise<ProspectView | undefined> => (await tabs.get(7))?.views.find((v) => v.detectedKey === BOB);
  return { ask, detect, card };
}

/** Everything the store knows about the Globex people, through the repositories' own reads. */
async function snapshot() {
  return {
    people: await findByDomain('globex.example', 50),
    bob: await getProspect(BOB),
    aliceEvents: await latestEvents(ALICE, 20),
    aliceSummary: await getSummary(ALICE),
    bobEvents: await latestEvents(BOB, 20),
  };
}

describe('Others at Globex', () => {
  it('names the list for what it is and links only after the rep confirms', () => {
    const view = {
      key: BOB,
      detectedKey: BOB,
      known: false,
      match: 'domain',
      alternatives: [
        { key: ALICE, name: 'Alice Arden', company: 'Globex', email: ALICE },
        { key: CAROL, name: 'Carol Chen', company: 'Globex', email: CAROL },
      ],
      prospect: { key: BOB, emails: [BOB], name: 'Bob Baker', refs: [] },
      insights: { heat: 'cold', heatScore: 0, heatReasons: [], journey: 'awareness', counts30: {}, counts90: {}, series90: [] },
      events: [],
      actions: [],
      sources: [],
      links: [],
    } as unknown as ProspectView;
    const callbacks = makeCallbacks();
    const dom = render(<ProspectCard view={view} expanded onToggle={() => undefined} {...callbacks} />).container;
    const toggle = [...dom.querySelectorAll('button')].find((b) => b.textContent === 'Others at Globex');
    expect(toggle, dom.textContent ?? '').toBeDefined();
    expect(dom.textContent).not.toMatch(/possible match/);
    fireEvent.click(toggle!);
    fireEvent.click(dom.querySelector(`[data-testid="match-picker"] button[data-key="${ALICE}"]`)!);

    // Nothing is linked by the click itself: the card says what would happen and waits.
    expect(callbacks.onChooseMatch).not.toHaveBeenCalled();
    const confirm = dom.querySelector('[data-testid="link-confirm"]');
    expect(confirm?.textContent).toContain('Show Bob Baker as Alice Arden?');
    expect(confirm?.textContent).toContain('you can undo');
    fireEvent.keyDown(confirm!, { key: 'Escape' });
    expect(dom.querySelector('[data-testid="link-confirm"]')).toBeNull();
    expect(callbacks.onChooseMatch).not.toHaveBeenCalled();

    fireEvent.click(dom.querySelector(`[data-testid="match-picker"] button[data-key="${ALICE}"]`)!);
    fireEvent.click(dom.querySelector('[data-testid="link-confirm-yes"]')!);
    expect(callbacks.onChooseMatch).toHaveBeenCalledExactlyOnceWith(BOB, ALICE);
  });

  it('undoing a link gives both people back exactly; nothing is lost or duplicated', async () => {
    const bg = background();
    expect(await bg.detect()).toMatchObject({ ok: true });
    const before = await bg.card();
    expect(before).toMatchObject({ key: BOB, match: 'domain', known: false });
    expect(before!.alternatives.map((a) => a.key)).toEqual([ALICE, CAROL]);
    const stored = await snapshot();
    expect(stored.aliceEvents).toHaveLength(3);

    expect(await bg.ask({ type: 'match/choose', detectedKey: BOB, chosenKey: ALICE })).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect((await bg.card())?.match).toBe('chosen'));
    const linked = await bg.card();
    expect(linked).toMatchObject({ key: ALICE, known: true });
    expect(linked!.events).toHaveLength(3);
    // The card offers the undo.
    const callbacks = makeCallbacks();
    const dom = render(<ProspectCard view={linked!} expanded onToggle={() => undefined} {...callbacks} />).container;
    fireEvent.click(dom.querySelector('[data-testid="unlink"]')!);
    expect(callbacks.onUnlink).toHaveBeenCalledExactlyOnceWith(BOB);
    // Linking wrote no prospect and moved no event.
    expect(await snapshot()).toEqual(stored);

    // Options lists the link by both names.
    const listed = await bg.ask<LinkedPerson[]>({ type: 'match/list' }, options);
    expect(listed).toMatchObject({ ok: true, data: [{ detectedKey: BOB, chosenKey: ALICE, chosenName: 'Alice Arden' }] });

    expect(await bg.ask({ type: 'match/forget', detectedKey: BOB })).toEqual({ ok: true, data: { forgotten: true } });
    await vi.waitFor(async () => expect((await bg.card())?.match).toBe('domain'));
    expect(await chosenFor(BOB)).toBeUndefined();
    expect(await bg.card()).toEqual(before);
    expect(await snapshot()).toEqual(stored);
    expect(await bg.ask({ type: 'match/list' }, options)).toEqual({ ok: true, data: [] });
    // A second undo finds nothing to undo.
    expect(await bg.ask({ type: 'match/forget', detectedKey: BOB })).toEqual({ ok: true, data: { forgotten: false } });
  });

  it('a page may undo only a link of a person it shows, and may not read the list', async () => {
    const bg = background();
    await bg.detect();
    // Someone the tab never showed, linked earlier from the options page or another tab.
    expect(await bg.ask({ type: 'match/choose', detectedKey: 'dan@globex.example', chosenKey: CAROL }, options)).toMatchObject({ ok: true });
    expect(await bg.ask({ type: 'match/forget', detectedKey: 'dan@globex.example' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await chosenFor('dan@globex.example')).toBe(CAROL);
    expect(await bg.ask({ type: 'match/list' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Options may.
    expect(await bg.ask({ type: 'match/forget', detectedKey: 'dan@globex.example' }, options)).toMatchObject({ ok: true, data: { forgotten: true } });
  });
});

describe('undoing a mute', () => {
  it('the sidebar offers Undo after a mute; the card comes back', async () => {
    const bg = background();
    await bg.detect();
    const callbacks = makeCallbacks();
    const view = (await bg.card())!;
    const dom = render(<Sidebar views={[view]} {...callbacks} />).container;
    fireEvent.click([...dom.querySelectorAll('button')].find((b) => b.textContent === 'Mute')!);
    expect(callbacks.onMute).toHaveBeenCalledWith(BOB);
    const undo = dom.querySelector('[data-testid="mute-undo"]');
    expect(undo?.textContent).toContain('Muted Bob Baker.');
    fireEvent.click(undo!.querySelector('button')!);
    expect(callbacks.onUnmute).toHaveBeenCalledExactlyOnceWith(BOB);
    expect(dom.querySelector('[data-testid="mute-undo"]')).toBeNull();

    expect(await bg.ask({ type: 'ignore/add', entry: BOB })).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(await bg.card()).toBeUndefined());
    expect(await bg.ask({ type: 'ignore/remove', entry: BOB })).toMatchObject({ ok: true });
    expect((await getSettings()).ignoreList).toEqual([]);
    await vi.waitFor(async () => expect((await bg.card())?.match).toBe('domain'));
  });

  it('a page may not un-mute someone its tab does not show', async () => {
    const bg = background();
    await bg.detect();
    expect(await bg.ask({ type: 'settings/update', patch: { ignoreList: ['@rival.example'] } }, options)).toMatchObject({ ok: true });
    expect(await bg.ask({ type: 'ignore/remove', entry: '@rival.example' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await getSettings()).ignoreList).toEqual(['@rival.example']);
    expect(DEFAULT_SETTINGS.ignoreList).toEqual([]);
  });
});
