import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Sidebar, type SidebarProps } from '@/components/sidebar/Sidebar';
import { sidebarStyles } from '@/components/sidebar/styles';
import { setClock } from '@/lib/clock';
import { type MessageEntry, useFallbackMessages } from '@/lib/i18n';
import english from '@/public/_locales/en/messages.json';
import { NOW, makeCallbacks, makeEvent, makeUnknownView, makeView } from './factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

function renderSidebar(props: Partial<SidebarProps> = {}) {
  const callbacks = makeCallbacks();
  const onToggleCollapsed = vi.fn();
  const result = render(<Sidebar views={[]} onToggleCollapsed={onToggleCollapsed} {...callbacks} {...props} />);
  return { ...result, callbacks, onToggleCollapsed };
}

const people = () => [
  makeView(),
  makeView({ key: 'lee@contoso.example', prospect: { name: 'Lee Park', company: 'Contoso' }, insights: { heat: 'warm' } }),
  makeUnknownView(),
];

const cards = () => screen.getAllByTestId('prospect-card');
const rowToggles = () => cards().map((card) => within(card).getAllByRole('button')[0]!);
/** The unknown person of people() is folded under "1 person with no data": unfold it. */
const openNoData = () => fireEvent.click(screen.getByRole('button', { name: /with no data/ }));

describe('the sidebar', () => {
  it('is a labelled complementary landmark whose cards form a list', () => {
    renderSidebar({ views: people() });
    const landmark = screen.getByRole('complementary', { name: 'Prospect Lens: people on this page' });
    expect(within(landmark).getByRole('heading', { level: 2 }).textContent).toBe('Prospect Lens · 3 people');
    const list = within(landmark).getByRole('list', { name: 'People on this page' });
    expect(within(list).getAllByTestId('prospect-card')).toHaveLength(3);
  });

  it('says its language, so a screen reader on a page in another one reads the cards in theirs', () => {
    renderSidebar({ views: people() });
    expect(screen.getByRole('complementary').getAttribute('lang')).toBe('en');
    cleanup();
    useFallbackMessages(JSON.parse(readFileSync('public/_locales/de/messages.json', 'utf8')) as Record<string, MessageEntry>);
    try {
      renderSidebar({ views: people() });
      expect(screen.getByRole('complementary').getAttribute('lang')).toBe('de');
    } finally {
      useFallbackMessages(english);
    }
  });

  it('shows several prospects as compact rows with the first one expanded', () => {
    renderSidebar({ views: people() });
    expect(cards().map((card) => card.dataset.expanded)).toEqual(['true', 'false', 'false']);
    expect(cards().map((card) => card.dataset.known)).toEqual(['true', 'true', 'false']);
    // Every card, compact or not, carries the contract elements.
    for (const card of cards()) expect(card.querySelector('[data-testid="heat"]')).toBeTruthy();
  });

  it('moves between rows with the arrow keys and expands the focused one', () => {
    renderSidebar({ views: people() });
    openNoData();
    const [first, second, third] = rowToggles();
    first!.focus();
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(third);
    fireEvent.keyDown(third!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first!, { key: 'End' });
    expect(document.activeElement).toBe(third);
    fireEvent.keyDown(third!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(second);
    // Enter on a focused button activates it; happy-dom does not synthesise that click, so do it here.
    fireEvent.click(document.activeElement!);
    expect(cards().map((card) => card.dataset.expanded)).toEqual(['false', 'true', 'false']);
    expect(second!.getAttribute('aria-expanded')).toBe('true');
  });

  it('closes the open card when its row is activated again', () => {
    renderSidebar({ views: people() });
    openNoData();
    fireEvent.click(rowToggles()[0]!);
    expect(cards().every((card) => card.dataset.expanded === 'false')).toBe(true);
  });

  it('keeps the expanded card when the views are refreshed', () => {
    const views = people();
    const { rerender, callbacks } = renderSidebar({ views });
    openNoData();
    fireEvent.click(rowToggles()[1]!);
    rerender(<Sidebar views={[...views]} {...callbacks} />);
    expect(cards()[1]!.dataset.expanded).toBe('true');
  });

  it('shows one card per key', () => {
    renderSidebar({ views: [makeView(), makeView()] });
    expect(cards()).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Prospect Lens · 1 person');
  });

  it('passes card callbacks through', () => {
    const views = people();
    const { callbacks } = renderSidebar({ views });
    fireEvent.click(within(cards()[0]!).getByRole('button', { name: 'Note' }));
    expect(callbacks.onLog).toHaveBeenCalledWith(views[0], 'note');
  });

  it('shows a skeleton of a card while loading, not "nothing detected"', () => {
    renderSidebar({ loading: true });
    expect(screen.getByTestId('card-skeleton')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.queryByText('Nothing detected on this page.')).toBeNull();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Prospect Lens');
  });

  it('says when nothing was detected', () => {
    renderSidebar({ views: [] });
    expect(screen.getByText('Nothing detected on this page.')).toBeTruthy();
    expect(screen.queryAllByTestId('prospect-card')).toHaveLength(0);
  });

  it('says when the browser is offline, above the saved cards', () => {
    renderSidebar({ views: people(), offline: true });
    expect(screen.getByRole('status').textContent).toBe("You're offline — showing saved data.");
    expect(cards()).toHaveLength(3);
  });

  it('folds to a tab that still counts the people and shows the hottest known one, and unfolds through the callback', () => {
    const { onToggleCollapsed, container } = renderSidebar({ views: people(), collapsed: true });
    expect(screen.queryAllByTestId('prospect-card')).toHaveLength(0);
    const tab = screen.getByRole('button', { name: 'Show Prospect Lens: 3 found, the hottest hot' });
    expect(screen.getByTestId('tab-heat').getAttribute('data-value')).toBe('hot');
    expect(tab.getAttribute('title')).toBe('Show Prospect Lens: 3 found, the hottest hot');
    expect(tab.textContent).toContain('3');
    expect(container.querySelector('.pl-root')!.getAttribute('data-state')).toBe('collapsed');
    fireEvent.click(tab);
    expect(onToggleCollapsed).toHaveBeenCalledOnce();
  });

  it('folded, shows the heat by a bar beside the dot too: warm and hot dots are hard to tell apart', () => {
    const marks = (['cold', 'warm', 'hot'] as const).map((heat) => {
      const { container, unmount } = renderSidebar({ views: [makeView({ insights: { heat } })], collapsed: true });
      const mark = container.querySelector('[data-testid="tab-heat"]')!.textContent;
      unmount();
      return mark;
    });
    expect(marks).toEqual(['▂', '▄', '▆']);
  });

  it('folded with nobody known: the count alone, no heat', () => {
    renderSidebar({ views: [makeUnknownView()], collapsed: true });
    expect(screen.getByRole('button', { name: 'Show Prospect Lens: 1 found' })).toBeTruthy();
    expect(screen.queryByTestId('tab-heat')).toBeNull();
  });

  it('collapses from its header', () => {
    const { onToggleCollapsed } = renderSidebar({ views: people() });
    fireEvent.click(screen.getByRole('button', { name: 'Hide the sidebar' }));
    expect(onToggleCollapsed).toHaveBeenCalledOnce();
  });

  it('nests its headings one level at a time: the title, the cards, their sections', () => {
    const levels = (props: Partial<SidebarProps>) => {
      const { container, unmount } = renderSidebar({ views: [makeView({ deals: [{ id: 'd1', source: 'hubspot', name: 'Pilot' }] })], ...props });
      const found = [...container.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.tagName);
      unmount();
      return [...new Set(found)];
    };
    // A page of its own (the side panel), a part of a page (Gmail, the demo email whose subject is the h1).
    expect(levels({ variant: 'panel' })).toEqual(['H1', 'H2', 'H3']);
    expect(levels({})).toEqual(['H2', 'H3', 'H4']);
    expect(levels({ variant: 'panel', titleLevel: 2 })).toEqual(['H2', 'H3', 'H4']);
  });

  it('has no collapse control in the side panel', () => {
    renderSidebar({ views: people(), variant: 'panel', collapsed: true });
    expect(screen.queryByRole('button', { name: 'Hide the sidebar' })).toBeNull();
    expect(cards()).toHaveLength(3);
  });

  it('puts every control in the tab order', () => {
    renderSidebar({ views: people() });
    const controls = screen.getAllByRole('button');
    expect(controls.length).toBeGreaterThan(5);
    for (const control of controls) expect(control.tabIndex).toBe(0);
  });
});

/** The overlay as the content script draws it: folding goes through the page's own state. */
function Folding(props: Partial<SidebarProps>) {
  const [collapsed, setCollapsed] = useState(false);
  return <Sidebar views={people()} collapsed={collapsed} onToggleCollapsed={() => setCollapsed(!collapsed)} {...makeCallbacks()} {...props} />;
}

describe('the sidebar by keyboard', () => {
  it('hands the focus to the folded tab on Hide, and back to Hide when the tab unfolds it', () => {
    render(<Folding />);
    const hide = screen.getByRole('button', { name: 'Hide the sidebar' });
    hide.focus();
    fireEvent.click(hide);
    const tab = screen.getByRole('button', { name: /^Show Prospect Lens/ });
    expect(document.activeElement).toBe(tab);
    fireEvent.click(tab);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Hide the sidebar' }));
  });

  it('takes the focus to the first card when the keyboard command unfolds it, to Hide while the cards load', () => {
    const { rerender, callbacks } = renderSidebar({ views: people(), collapsed: true });
    rerender(<Sidebar views={people()} collapsed={false} claimFocus {...callbacks} />);
    expect(document.activeElement).toBe(within(cards()[0]!).getAllByRole('button')[0]);
    rerender(<Sidebar views={[]} loading collapsed claimFocus={false} {...callbacks} />);
    rerender(<Sidebar views={[]} loading collapsed={false} claimFocus {...callbacks} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Hide the sidebar' }));
  });

  it('logs a call, note or task with C, N or T for the open card, as its buttons do', () => {
    const views = people();
    const { callbacks } = renderSidebar({ views });
    openNoData();
    const landmark = screen.getByRole('complementary');
    expect(within(cards()[0]!).getByRole('button', { name: 'Log call' }).getAttribute('aria-keyshortcuts')).toBe('C');
    // From anywhere in the sidebar: here the second card's row.
    fireEvent.keyDown(rowToggles()[1]!, { key: 'n' });
    expect(callbacks.onLog).toHaveBeenLastCalledWith(views[0], 'note');
    fireEvent.click(rowToggles()[1]!);
    fireEvent.keyDown(landmark, { key: 't' });
    expect(callbacks.onLog).toHaveBeenLastCalledWith(views[1], 'task');
    // Every card closed: the first one's.
    fireEvent.click(rowToggles()[1]!);
    fireEvent.keyDown(landmark, { key: 'C' });
    expect(callbacks.onLog).toHaveBeenLastCalledWith(views[0], 'call');
    expect(callbacks.onLog).toHaveBeenCalledTimes(3);
  });

  it('leaves the keys alone with a modifier, while typing in a field, outside the sidebar and on a card with nothing on it', () => {
    const { callbacks, rerender } = renderSidebar({ views: people() });
    const landmark = screen.getByRole('complementary');
    fireEvent.keyDown(landmark, { key: 'c', ctrlKey: true });
    fireEvent.keyDown(landmark, { key: 'n', shiftKey: true });
    fireEvent.keyDown(landmark, { key: 't', altKey: true });
    const field = landmark.appendChild(document.createElement('input'));
    fireEvent.keyDown(field, { key: 'c' });
    fireEvent.keyDown(document.body, { key: 'c' });
    rerender(<Sidebar views={[makeUnknownView()]} {...callbacks} />);
    fireEvent.keyDown(screen.getByRole('complementary'), { key: 'c' });
    expect(callbacks.onLog).not.toHaveBeenCalled();
  });
});

describe('the sidebar keeps the focus when a push takes its control away', () => {
  const dana = () => makeView();
  const lee = () => makeView({ key: 'lee@contoso.example', prospect: { name: 'Lee Park', company: 'Contoso' } });
  const hide = () => screen.getByRole('button', { name: 'Hide the sidebar' });

  it('after Mute the focus is on Undo, C / N / T still log, and the muted card going away leaves it there', () => {
    const { rerender, callbacks } = renderSidebar({ views: [dana(), lee()] });
    const mute = screen.getAllByRole('button', { name: /^Mute / })[0]!;
    mute.focus();
    fireEvent.click(mute);
    const undo = within(screen.getByTestId('mute-undo')).getByRole('button', { name: 'Undo' });
    expect(document.activeElement).toBe(undo);
    // The note says whose mute it undoes, read with the button that has the focus.
    expect(document.getElementById(undo.getAttribute('aria-describedby')!)?.textContent).toBe('Muted Dana Whitfield.');
    // The background rebuilds the tab without Dana.
    rerender(<Sidebar views={[lee()]} {...callbacks} />);
    expect(document.activeElement).toBe(undo);
    fireEvent.keyDown(undo, { key: 'c' });
    expect(callbacks.onLog).toHaveBeenLastCalledWith(expect.objectContaining({ key: 'lee@contoso.example' }), 'call');
    // Undo goes once pressed: the focus goes to the first card's row, not to the page.
    fireEvent.click(undo);
    expect(callbacks.onUnmute).toHaveBeenCalledExactlyOnceWith('dana@northwind.example');
    expect(document.activeElement).toBe(rowToggles()[0]);
  });

  it('moves to the next card when the focused card goes, to Hide when none is left', () => {
    const { rerender, callbacks } = renderSidebar({ views: [dana(), lee()] });
    within(cards()[0]!).getByRole('button', { name: 'Log call' }).focus();
    rerender(<Sidebar views={[lee()]} {...callbacks} />);
    expect(document.activeElement).toBe(rowToggles()[0]);
    expect(cards()[0]!.dataset.prospectKey).toBe('lee@contoso.example');
    rerender(<Sidebar views={[]} {...callbacks} />);
    expect(document.activeElement).toBe(hide());
    fireEvent.keyDown(hide(), { key: 'n' });
    rerender(<Sidebar views={[lee()]} {...callbacks} />);
    fireEvent.keyDown(document.activeElement!, { key: 'n' });
    expect(callbacks.onLog).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ key: 'lee@contoso.example' }), 'note');
  });

  it('moves to the same card\'s row when "Keep contact" turns into the kept card', () => {
    const unknown = makeUnknownView();
    const { rerender, callbacks } = renderSidebar({ views: [dana(), unknown] });
    openNoData();
    const keep = screen.getByTestId('keep-contact');
    keep.focus();
    fireEvent.click(keep);
    expect(callbacks.onAddToStore).toHaveBeenCalledWith(unknown);
    // The push: the same person, now kept in this browser, with no "Keep contact" button.
    rerender(<Sidebar views={[dana(), { ...unknown, known: true }]} {...callbacks} />);
    expect(screen.queryByTestId('keep-contact')).toBeNull();
    expect(document.activeElement).toBe(rowToggles()[1]);
  });

  it('leaves the focus alone when it is in the page, not in the sidebar', () => {
    const { rerender, callbacks } = renderSidebar({ views: [dana(), lee()] });
    const field = document.body.appendChild(document.createElement('input'));
    field.focus();
    rerender(<Sidebar views={[lee()]} {...callbacks} />);
    expect(document.activeElement).toBe(field);
    field.remove();
  });
});

describe('the sidebar styles', () => {
  const rule = (selector: string) => sidebarStyles.split('}').find((block) => block.includes(selector)) ?? '';

  it('gives each heat its own dot colour', () => {
    const colours = ['cold', 'warm', 'hot'].map((heat) => rule(`.pl-heat[data-value="${heat}"] .pl-dot`).match(/background: ([^;]+)/)?.[1]);
    expect(new Set(colours).size).toBe(3);
  });

  it('is 320 px wide at the page edge and folds to 28 px', () => {
    expect(rule('.pl-overlay {')).toContain('width: 320px');
    expect(rule('.pl-overlay[data-state="collapsed"]')).toContain('width: 28px');
  });

  it('follows the colour scheme, shows focus, and keeps motion short', () => {
    expect(sidebarStyles).toContain('color-scheme: light dark');
    expect(sidebarStyles).toContain('.pl-root[data-theme="dark"] { color-scheme: dark; }');
    expect(sidebarStyles).toContain(':focus-visible { outline: 2px solid');
    expect(sidebarStyles).toContain('prefers-reduced-motion: reduce');
    const durations = [...sidebarStyles.matchAll(/(\d+)ms/g)].map((m) => Number(m[1]));
    expect(Math.max(...durations)).toBeLessThanOrEqual(150);
  });

  it('fixes px heights only on decoration, so text reflows at 200% zoom', () => {
    const blocks = sidebarStyles.split('}').filter((block) => /[^-]height: \d+px/.test(block));
    const selectors = blocks.map((block) => block.slice(0, block.indexOf('{')).trim());
    expect(selectors).toEqual(['.pl-sr', '.pl-dot', '.pl-spark']);
  });
});

describe('the sidebar left open overnight', () => {
  afterEach(() => vi.useRealTimers());

  it('says "Yesterday", not "Today", of an event once the local day has changed', () => {
    vi.useFakeTimers();
    let now = new Date(2025, 10, 15, 23, 59, 30).getTime();
    restoreClock();
    restoreClock = setClock(() => now);
    const event = makeEvent({ occurredAt: new Date(2025, 10, 15, 10, 0).toISOString() });
    const { container } = renderSidebar({ views: [makeView({ events: [event] })] });
    const days = () => [...container.querySelectorAll('.pl-day')].map((day) => day.textContent);
    expect(days()).toEqual(['Today']);

    now += 60_000; // 00:00:30, the next day
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(days()).toEqual(['Yesterday']);
  });
});
