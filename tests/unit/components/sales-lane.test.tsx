/**
 * The collaboration contract on the card: the owner, last contacted, the sales lane (the CRMs'
 * activity merged with the rep's own actions, newest first, each with its author), lead status and
 * rating, and the open deals — and bad or missing CRM data never breaking the card.
 */
import { fireEvent, render, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { forContentScript } from '@/lib/background/content-views';
import { setClock } from '@/lib/clock';
import type { Deal, ProspectView, SalesActivity } from '@/lib/model/view';
import { NOW, hoursAgo, makeAction, makeCallbacks, makeView } from './factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

function renderCard(view: ProspectView, expanded = true) {
  const callbacks = makeCallbacks();
  const result = render(<ProspectCard view={view} expanded={expanded} onToggle={() => undefined} {...callbacks} />);
  return { card: result.container.querySelector<HTMLElement>('[data-testid="prospect-card"]')!, callbacks };
}

const activity = (overrides: Partial<SalesActivity> = {}): SalesActivity => ({
  id: `hubspot:calls:${Math.random()}`,
  source: 'hubspot',
  type: 'call',
  subject: 'Discovery call',
  author: 'Sam Okafor',
  at: hoursAgo(24),
  ...overrides,
});

const deal = (overrides: Partial<Deal> = {}): Deal => ({
  id: 'hubspot:deal:7001',
  source: 'hubspot',
  name: 'Northwind — Close automation',
  stage: 'Presentation Scheduled',
  amount: 24000,
  currency: 'EUR',
  closeDate: '2026-12-19T10:00:00.000Z',
  owner: 'Sam Okafor',
  ...overrides,
});

describe('the sales lane', () => {
  it('shows the owner by name', () => {
    const { card } = renderCard(makeView({ prospect: { owner: 'Alex Rivera' } }));
    const owner = card.querySelector<HTMLElement>('[data-testid="owner"]')!;
    expect(owner.dataset.value).toBe('Alex Rivera');
    expect(owner.textContent).toContain('Alex Rivera');
  });

  it("merges the team's CRM activity with the rep's own actions, newest first, each with its author", () => {
    const view = makeView({
      salesActivity: [activity({ at: hoursAgo(2), type: 'email', author: 'Sam Okafor', subject: 'Re: pricing' }), activity({ at: hoursAgo(30), type: 'meeting', author: 'Alex Rivera' })],
      actions: [makeAction({ type: 'call', occurredAt: hoursAgo(5) }, { state: 'done' }), makeAction({ type: 'lead_feedback', feedback: 'accepted', occurredAt: hoursAgo(50) }, { state: 'pending' })],
    });
    const { card } = renderCard(view);
    const items = [...card.querySelectorAll<HTMLElement>('[data-testid="sales-activity"]')];
    expect(items.map((i) => [i.dataset.type, i.dataset.author])).toEqual([
      ['email', 'Sam Okafor'],
      ['call', 'You'],
      ['meeting', 'Alex Rivera'],
      ['feedback', 'You'],
    ]);
    const times = items.map((i) => i.dataset.at!);
    expect([...times].sort().reverse()).toEqual(times);
    // The rep's own actions keep their action-item with sync state.
    expect([...card.querySelectorAll<HTMLElement>('[data-testid="action-item"]')].map((a) => a.dataset.syncState)).toEqual(['done', 'pending']);
    expect(items[0]!.textContent).toContain('Re: pricing');
  });

  it('keeps Retry on a dead action inside the lane', () => {
    const view = makeView({ actions: [makeAction({ type: 'task' }, { state: 'dead', lastError: 'HubSpot answered 403' })] });
    const { card, callbacks } = renderCard(view);
    const item = card.querySelector<HTMLElement>('[data-testid="action-item"]')!;
    fireEvent.click(within(item).getByRole('button', { name: /^Retry/ }));
    expect(callbacks.onRetryAction).toHaveBeenCalledWith(view.actions[0]!.id);
  });

  it('names each Retry after the action it retries, so two failed actions are told apart', () => {
    const view = makeView({
      actions: [
        makeAction({ type: 'call', occurredAt: hoursAgo(1) }, { state: 'dead', lastError: 'Token rejected' }),
        makeAction({ type: 'note', occurredAt: hoursAgo(3) }, { state: 'dead', lastError: 'Token rejected' }),
      ],
    });
    const { card } = renderCard(view);
    const names = within(card).getAllByRole('button', { name: /^Retry/ }).map((button) => button.getAttribute('aria-label'));
    expect(names).toEqual(['Retry: Call, 1h ago', 'Retry: Note, 3h ago']);
  });

  it('says who last contacted the person, when and how — a past call, email or meeting, not a note, task or a future meeting', () => {
    const view = makeView({
      salesActivity: [
        activity({ type: 'meeting', at: new Date(NOW + 48 * 3_600_000).toISOString(), author: 'Alex Rivera' }),
        activity({ type: 'note', at: hoursAgo(1), author: 'Alex Rivera' }),
        activity({ type: 'call', at: hoursAgo(24), author: 'Sam Okafor' }),
      ],
    });
    const { card } = renderCard(view);
    const last = card.querySelector<HTMLElement>('[data-testid="last-contacted"]')!;
    expect(last.dataset.at).toBe(hoursAgo(24));
    expect(last.dataset.by).toBe('Sam Okafor');
    expect(last.textContent).toContain('Sam Okafor');
    expect(last.textContent).toContain('Call');
  });

  it('counts the rep as a last contact', () => {
    const { card } = renderCard(makeView({ actions: [makeAction({ type: 'email', occurredAt: hoursAgo(3) }, { state: 'done' })] }));
    expect(card.querySelector<HTMLElement>('[data-testid="last-contacted"]')!.dataset.by).toBe('You');
  });

  it('shows a colleague without a name as "a colleague", and no owner as no owner line', () => {
    const { card } = renderCard(makeView({ salesActivity: [activity({ author: undefined })] }));
    const item = card.querySelector<HTMLElement>('[data-testid="sales-activity"]')!;
    expect(item.dataset.author).toBe('');
    expect(item.textContent).toContain('a colleague');
    expect(card.querySelector('[data-testid="owner"]')).toBeNull();
    expect(card.querySelector<HTMLElement>('[data-testid="last-contacted"]')!.textContent).toContain('a colleague');
  });

  it('skips an item with an unreadable time instead of breaking the card', () => {
    const { card } = renderCard(makeView({ salesActivity: [activity({ at: 'not a date' }), activity({ at: hoursAgo(4) })] }));
    expect(card.querySelectorAll('[data-testid="sales-activity"]')).toHaveLength(1);
  });

  it('is present in compact cards too', () => {
    const { card } = renderCard(makeView({ prospect: { owner: 'Alex Rivera' }, salesActivity: [activity()], deals: [deal()] }), false);
    expect(card.querySelector('[data-testid="owner"]')).not.toBeNull();
    expect(card.querySelector('[data-testid="last-contacted"]')).not.toBeNull();
    expect(card.querySelector('[data-testid="sales-activity"]')).not.toBeNull();
    expect(card.querySelector('[data-testid="deal"]')).not.toBeNull();
  });

  it("shows the CRM record's lead status and rating", () => {
    const { card } = renderCard(makeView({ crm: { leadStatus: 'Working - Contacted', rating: 'Hot' } }));
    expect(card.querySelector<HTMLElement>('[data-testid="lead-status"]')!.dataset.value).toBe('Working - Contacted');
    expect(card.querySelector<HTMLElement>('[data-testid="rating"]')!.dataset.value).toBe('Hot');
  });

  it('sits beside the marketing lane', () => {
    const { card } = renderCard(makeView({ salesActivity: [activity()] }));
    const lanes = card.querySelector('.pl-lanes')!;
    expect(lanes.querySelector('[data-testid="engagement-event"]')).not.toBeNull();
    expect(lanes.querySelector('[data-lane="sales"] [data-testid="sales-activity"]')).not.toBeNull();
  });
});

describe('the deal', () => {
  it('shows each open deal with stage, amount and currency', () => {
    const { card } = renderCard(makeView({ deals: [deal(), deal({ id: 'salesforce:006', source: 'salesforce', name: 'Contoso — 200 seats', stage: 'Proposal/Price Quote', amount: 48000, currency: undefined })] }));
    const deals = [...card.querySelectorAll<HTMLElement>('[data-testid="deal"]')];
    expect(deals.map((d) => [d.dataset.stage, d.dataset.amount, d.dataset.currency])).toEqual([
      ['Presentation Scheduled', '24000', 'EUR'],
      ['Proposal/Price Quote', '48000', ''],
    ]);
    expect(deals[0]!.textContent).toContain('Northwind — Close automation');
    expect(deals[0]!.textContent).toMatch(/24,000/);
    expect(deals[0]!.textContent).toContain('Sam Okafor');
    expect(deals[1]!.textContent).not.toContain('$');
  });

  it('shows a deal with nothing but an id, and a currency code Intl does not know, without breaking', () => {
    const { card } = renderCard(makeView({ deals: [{ id: 'x', source: 'hubspot' }, deal({ currency: 'ZZZ', amount: 5 })] }));
    const deals = [...card.querySelectorAll<HTMLElement>('[data-testid="deal"]')];
    expect(deals[0]!.textContent).toContain('Unnamed deal');
    expect(deals[0]!.dataset.amount).toBe('');
    expect(deals[1]!.textContent).toContain('5');
  });
});

describe('what the page gets of the sales lane and deals', () => {
  it('authors, subjects, types and times; no record ids, no status', () => {
    const [page] = forContentScript([makeView({ salesActivity: [activity({ id: 'hubspot:calls:8101', status: 'COMPLETED' })], deals: [deal()] })]);
    expect(page!.salesActivity).toEqual([{ id: 'activity-0', source: 'hubspot', type: 'call', subject: 'Discovery call', author: 'Sam Okafor', at: hoursAgo(24) }]);
    expect(page!.deals![0]).toMatchObject({ id: 'deal-0', name: 'Northwind — Close automation', amount: 24000, currency: 'EUR' });
    expect(JSON.stringify(page)).not.toContain('8101');
    expect(JSON.stringify(page)).not.toContain('7001');
  });

  it("keeps where the rep's own action went, so feedback kept in this browser never reads as synced on the page", () => {
    const feedback = makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'not_a_fit', notes: 'Too small' }, { destination: 'local', state: 'done' });
    const [page] = forContentScript([makeView({ actions: [feedback] })]);
    expect(page!.actions[0]!.sync).toMatchObject({ state: 'done', destination: 'local' });
    expect(JSON.stringify(page!.actions)).not.toContain('Too small');
    const { card } = renderCard(page!);
    const row = card.querySelector('[data-testid="sales-activity"][data-type="feedback"]')!;
    expect(row.textContent).toContain('kept in this browser only');
    expect(row.textContent).not.toContain('synced');
  });

  it('passes nothing else a source might have put on an activity (a body)', () => {
    const [page] = forContentScript([makeView({ salesActivity: [{ ...activity(), body: 'Confidential notes' } as SalesActivity] })]);
    expect(JSON.stringify(page)).not.toContain('Confidential');
  });
});
