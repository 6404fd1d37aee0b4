/**
 * The compact card (issue 17): key facts, the rep's own last touch and open task, five timeline
 * events with "Show all", the counts table folded. Every contract item stays in the DOM.
 */
import { fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { setClock } from '@/lib/clock';
import type { ProspectView } from '@/lib/model/view';
import { NOW, hoursAgo, makeAction, makeCallbacks, makeEvent, makeView } from './factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

function renderCard(view: ProspectView) {
  const dom = render(<ProspectCard view={view} expanded onToggle={() => undefined} {...makeCallbacks()} />).container;
  return dom.querySelector<HTMLElement>('[data-testid="prospect-card"]')!;
}

/** What a rep sees: no `hidden` on the element or any ancestor. */
const shown = (el: Element) => !el.closest('[hidden]');

describe('the compact card', () => {
  it('shows five of eighteen events; "Show all" unfolds the rest, and folds them again', () => {
    const events = Array.from({ length: 18 }, (_, i) => makeEvent({ occurredAt: hoursAgo(i * 7 + 1), type: i % 2 ? 'page_view' : 'email_open' }));
    const card = renderCard(makeView({ events }));
    const items = () => [...card.querySelectorAll('[data-testid="engagement-event"]')];
    // All 18 are in the DOM (the test contract), newest first; five are shown.
    expect(items()).toHaveLength(18);
    expect(items().filter(shown)).toHaveLength(5);
    expect(items().filter(shown).map((e) => e.getAttribute('data-event-type'))).toEqual(['email_open', 'page_view', 'email_open', 'page_view', 'email_open']);
    const button = card.querySelector<HTMLButtonElement>('.pl-timeline [data-testid="show-all"]')!;
    expect(button.textContent).toBe('Show all 18');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    // A day heading whose events are all folded is folded too.
    expect([...card.querySelectorAll('.pl-day')].filter(shown).length).toBeLessThan(card.querySelectorAll('.pl-day').length);
    fireEvent.click(button);
    expect(items().filter(shown)).toHaveLength(18);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.textContent).toBe('Show fewer');
    fireEvent.click(button);
    expect(items().filter(shown)).toHaveLength(5);
  });

  it('has no "Show all" when five or fewer events', () => {
    const card = renderCard(makeView({ events: Array.from({ length: 5 }, () => makeEvent()) }));
    expect(card.querySelector('[data-testid="show-all"]')).toBeNull();
    expect([...card.querySelectorAll('[data-testid="engagement-event"]')].filter(shown)).toHaveLength(5);
  });

  it('folds the 30/90-day counts table, closed by default, opened from its summary', () => {
    const card = renderCard(makeView());
    const fold = card.querySelector<HTMLDetailsElement>('details[data-testid="counts-fold"]')!;
    expect(fold.open).toBe(false);
    expect(fold.querySelector('summary')?.textContent).toBe('Counts, last 30 and 90 days');
    expect(fold.querySelector('table.pl-counts')).not.toBeNull();
  });

  it("shows the rep's own last touch and the soonest open task, not a past one", () => {
    const actions = [
      makeAction({ type: 'call', outcome: 'Connected', occurredAt: hoursAgo(50) }),
      makeAction({ type: 'note', occurredAt: hoursAgo(3) }),
      makeAction({ type: 'task', occurredAt: hoursAgo(1), dueAt: hoursAgo(-72) }),
      makeAction({ type: 'task', occurredAt: hoursAgo(2), dueAt: hoursAgo(-24) }),
      makeAction({ type: 'task', occurredAt: hoursAgo(90), dueAt: hoursAgo(24) }),
    ];
    const card = renderCard(makeView({ actions }));
    const last = card.querySelector<HTMLElement>('[data-testid="own-last-touch"]')!;
    expect(last.dataset.type).toBe('note');
    expect(last.textContent).toContain('Your last touch:');
    expect(card.querySelector<HTMLElement>('[data-testid="own-open-task"]')!.dataset.due).toBe(hoursAgo(-24));
    // Before the timeline: the answer to "what did I do, what is next" needs no scrolling.
    const timeline = card.querySelector('.pl-timeline')!;
    expect(last.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('folds a long sales lane the same way', () => {
    const actions = Array.from({ length: 8 }, (_, i) => makeAction({ occurredAt: hoursAgo(i + 1) }));
    const card = renderCard(makeView({ actions }));
    const lane = [...card.querySelectorAll('[data-testid="sales-activity"]')];
    expect(lane).toHaveLength(8);
    expect(lane.filter(shown)).toHaveLength(5);
    fireEvent.click(card.querySelector('.pl-lane [data-testid="show-all"]')!);
    expect(lane.filter(shown)).toHaveLength(8);
  });
});
