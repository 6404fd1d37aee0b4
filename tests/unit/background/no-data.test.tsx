/**
 * Order and grouping (issue 17): people with no data go under one line at the end; with an empty
 * store and no CRM one "No data yet" message stands for all; a +tag address and its base address
 * are one person (one card), dots are not.
 */
import { fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { buildTabViews, onePerPerson } from '@/lib/background/tab-builder';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import type { ProspectView } from '@/lib/model/view';
import { closeDbForTests } from '@/lib/store/db';
import { upsertProspects } from '@/lib/store/prospects';
import { makeCallbacks, makeUnknownView, makeView, NOW } from '../components/factory';

let restoreClock: () => void;
beforeEach(async () => {
  await closeDbForTests();
  resetSourceFailures();
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

const shown = (el: Element) => !el.closest('[hidden]');
const build = (emails: string[]) =>
  buildTabViews({ candidates: emails.map((email) => ({ key: email, email })), selfAddresses: [] } as never, { onRefreshed: () => undefined } as never);

describe('one person per base address', () => {
  it('merges alice+news@ into alice@, keeps what the page wrote, and never merges dots', () => {
    const out = onePerPerson([
      { key: 'alice+news@globex.example', email: 'alice+news@globex.example' },
      { key: 'a.lice@globex.example', email: 'a.lice@globex.example' },
      { key: 'alice@globex.example', email: 'alice@globex.example', newest: true },
      { key: 'name:bob', name: 'Bob' },
    ]);
    expect(out.map((c) => c.key)).toEqual(['alice+news@globex.example', 'a.lice@globex.example', 'name:bob']);
    // The one card stands for the newest sender too.
    expect(out[0]).toEqual({ key: 'alice+news@globex.example', email: 'alice+news@globex.example', newest: true });
  });

  it('a thread with both addresses shows one card, the stored person', async () => {
    await upsertProspects([{ key: 'alice@globex.example', emails: ['alice@globex.example'], name: 'Alice Arden', refs: [] }]);
    const views = await build(['alice+news@globex.example', 'alice@globex.example']);
    expect(views.map((v) => [v.key, v.detectedKey, v.known])).toEqual([['alice@globex.example', 'alice+news@globex.example', true]]);
    // What the rep sees keeps the tag: the card's person is the stored one, the detection as written.
    expect(views[0]!.prospect.emails).toContain('alice+news@globex.example');
  });
});

describe('no data yet', () => {
  it('marks every view when the store is empty and no CRM is connected, and only then', async () => {
    const empty = await build(['x@one.example', 'y@two.example']);
    expect(empty.map((v) => v.noDataYet)).toEqual([true, true]);
    await upsertProspects([{ key: 'z@three.example', emails: ['z@three.example'], refs: [] }]);
    const stored = await build(['x@one.example', 'y@two.example']);
    expect(stored.map((v) => v.noDataYet)).toEqual([undefined, undefined]);
  });

  it('says it once instead of a card per person; the people stay reachable', () => {
    const views = ['a@one.example', 'b@two.example', 'c@three.example'].map((key) => ({ ...makeUnknownView(key), noDataYet: true }) as ProspectView);
    const dom = render(<Sidebar views={views} {...makeCallbacks()} />).container;
    expect(dom.querySelector('[data-testid="no-data-yet"]')?.textContent).toContain('No data yet — import or connect a CRM');
    const cards = [...dom.querySelectorAll('[data-testid="prospect-card"]')];
    expect(cards).toHaveLength(3);
    expect(cards.filter(shown)).toHaveLength(0);
    fireEvent.click(dom.querySelector('[data-testid="no-data-group"] > button')!);
    expect(cards.filter(shown)).toHaveLength(3);
  });
});

describe('people with no data', () => {
  it('go under one line at the end, folded; cards with data come first and the first one is open', () => {
    const views = [makeView({ key: 'dana@northwind.example' }), makeUnknownView('a@one.example'), makeUnknownView('b@two.example'), makeUnknownView('c@three.example')];
    const dom = render(<Sidebar views={views} {...makeCallbacks()} />).container;
    const group = dom.querySelector<HTMLElement>('[data-testid="no-data-group"]')!;
    const toggle = group.querySelector<HTMLButtonElement>(':scope > button')!;
    expect(toggle.textContent).toContain('3 people with no data');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(dom.querySelector('[data-testid="no-data-yet"]')).toBeNull();
    const visible = () => [...dom.querySelectorAll<HTMLElement>('[data-testid="prospect-card"]')].filter(shown).map((c) => c.dataset.prospectKey);
    expect(visible()).toEqual(['dana@northwind.example']);
    expect(dom.querySelector('[data-prospect-key="dana@northwind.example"]')?.getAttribute('data-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(visible()).toEqual(['dana@northwind.example', 'a@one.example', 'b@two.example', 'c@three.example']);
    expect(group.compareDocumentPosition(dom.querySelector('[data-prospect-key="dana@northwind.example"]')!) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
  });

  it('a single unknown person alone keeps their card', () => {
    const dom = render(<Sidebar views={[makeUnknownView('a@one.example')]} {...makeCallbacks()} />).container;
    expect(dom.querySelector('[data-testid="no-data-group"]')).toBeNull();
    expect(shown(dom.querySelector('[data-testid="prospect-card"]')!)).toBe(true);
  });
});

describe('the newest sender', () => {
  it('keeps their place at the top even with no data (ordering.ts put them there)', () => {
    const views = [makeUnknownView('joerg@neu.example'), makeView({ key: 'dana@northwind.example' }), makeUnknownView('tomasz@alt.example')];
    const dom = render(<Sidebar views={views} {...makeCallbacks()} />).container;
    const visible = [...dom.querySelectorAll<HTMLElement>('[data-testid="prospect-card"]')].filter(shown).map((c) => c.dataset.prospectKey);
    expect(visible).toEqual(['joerg@neu.example', 'dana@northwind.example']);
    expect(dom.querySelector('[data-testid="no-data-group"]')?.getAttribute('data-count')).toBe('1');
  });

  it('keeps it also below a person looked up with the context menu, who comes first', () => {
    const views = [
      makeView({ key: 'pilots@fabrikam.example' }),
      makeUnknownView('joerg@neu.example'),
      makeView({ key: 'dana@northwind.example' }),
      makeUnknownView('tomasz@alt.example'),
    ];
    const dom = render(<Sidebar views={views} {...makeCallbacks()} />).container;
    const visible = [...dom.querySelectorAll<HTMLElement>('[data-testid="prospect-card"]')].filter(shown).map((c) => c.dataset.prospectKey);
    expect(visible).toEqual(['pilots@fabrikam.example', 'joerg@neu.example', 'dana@northwind.example']);
    expect(dom.querySelector('[data-testid="no-data-group"]')?.getAttribute('data-count')).toBe('1');
  });
});
