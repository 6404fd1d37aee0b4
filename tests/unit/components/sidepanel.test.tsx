import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/sidepanel/app';
import { setClock } from '@/lib/clock';
import { send } from '@/lib/messaging';
import type { TabState } from '@/lib/model/view';
import { NOW, makeUnknownView, makeView } from './factory';

vi.mock('@/lib/messaging', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send);

const tabState = (tabId: number, views = [makeView()]): TabState => ({
  tabId,
  revision: 3,
  url: 'https://www.linkedin.com/in/dana',
  site: 'linkedin',
  detectedAt: new Date(NOW).toISOString(),
  candidates: [],
  selfAddresses: [],
  views,
});

/** A fake background: answers tab/get from `tabs`, and every other request with an empty success. */
function background(tabs: Record<number, TabState>) {
  sendMock.mockImplementation(async (request) => (request.type === 'tab/get' ? (tabs[request.tabId] ?? null) : {}) as never);
}

const requests = (type: string) => sendMock.mock.calls.map(([request]) => request).filter((request) => request.type === type);

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
  sendMock.mockReset();
});
afterEach(() => {
  restoreClock();
  vi.restoreAllMocks();
});

describe('the side panel', () => {
  it('shows the cards of the tab named in ?tab', async () => {
    background({ 7: tabState(7) });
    render(<App requestedTabId={7} />);
    const card = await screen.findByTestId('prospect-card');
    expect(card.dataset.prospectKey).toBe('dana@northwind.example');
    expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 7 }]);
    expect(screen.queryByRole('button', { name: 'Hide the sidebar' })).toBeNull();
  });

  it('says nothing was detected for a tab the background does not know', async () => {
    background({});
    render(<App requestedTabId={99} />);
    expect(await screen.findByText('Nothing detected on this page.')).toBeTruthy();
  });

  it('follows the active tab of its window without ?tab', async () => {
    // The fake browser has no current window, so the active tab is stubbed.
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 12 }] as never);
    background({ 12: tabState(12), 13: tabState(13, [makeUnknownView()]) });
    render(<App />);
    await screen.findByTestId('prospect-card');
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 12 }]);
    query.mockResolvedValue([{ id: 13 }] as never);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 13, windowId: 0 });
    await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.known).toBe('false'));
  });

  it("never shows the previous tab's people when that tab's answer comes last", async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 12 }] as never);
    let answerTab12: (state: TabState) => void = () => undefined;
    sendMock.mockImplementation((async (request: { type: string; tabId?: number }) => {
      if (request.type !== 'tab/get') return {};
      if (request.tabId === 12) return new Promise<TabState>((resolve) => (answerTab12 = resolve));
      return tabState(13, [makeView({ key: 'lee@contoso.example' })]);
    }) as never);
    render(<App />);
    await waitFor(() => expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 12 }]));
    // The rep moves to tab 13 before tab 12's answer is back.
    query.mockResolvedValue([{ id: 13 }] as never);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 13, windowId: 0 });
    await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('lee@contoso.example'));

    answerTab12(tabState(12));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('lee@contoso.example');
    // The card's buttons act on the person of the tab the panel follows.
    const create = vi.spyOn(fakeBrowser.windows, 'create').mockResolvedValue({} as never);
    fireEvent.click(screen.getByRole('button', { name: 'Log call' }));
    await waitFor(() => expect(create).toHaveBeenCalledOnce());
    const url = new URL(create.mock.calls[0]![0]!.url as string);
    expect([url.searchParams.get('prospect'), url.searchParams.get('tab')]).toEqual(['lee@contoso.example', '13']);
  });

  it("starts each tab afresh: no mute banner or closed card carried over from the tab before", async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 12 }] as never);
    const lee = makeView({ key: 'lee@contoso.example', detectedKey: 'lee@contoso.example', prospect: { key: 'lee@contoso.example', emails: ['lee@contoso.example'], name: 'Lee Park', refs: [] } as never });
    background({ 12: tabState(12), 13: tabState(13, [lee]) });
    render(<App />);
    const dana = await screen.findByTestId('prospect-card');
    // On tab 12 the rep mutes Dana (the background has not answered yet) and closes her card.
    fireEvent.click(within(dana).getByRole('button', { name: /^Mute/ }));
    expect(screen.getByTestId('mute-undo').dataset.key).toBe('dana@northwind.example');
    fireEvent.click(within(dana).getByRole('button', { expanded: true }));
    expect(dana.dataset.expanded).toBe('false');

    query.mockResolvedValue([{ id: 13 }] as never);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 13, windowId: 0 });
    await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('lee@contoso.example'));
    expect(screen.queryByTestId('mute-undo')).toBeNull();
    expect(screen.getByTestId('prospect-card').dataset.expanded).toBe('true');
  });

  it("takes a new tab's pushes whatever revision the previous tab had reached", async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 12 }] as never);
    const busyTab = { ...tabState(12), revision: 9 };
    sendMock.mockImplementation((async (request: { type: string; tabId?: number }) => {
      if (request.type !== 'tab/get') return {};
      // Tab 13's answer never comes: only its push can show its people.
      return request.tabId === 12 ? busyTab : new Promise(() => {});
    }) as never);
    render(<App />);
    await screen.findByTestId('prospect-card');
    query.mockResolvedValue([{ id: 13 }] as never);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 13, windowId: 0 });
    await waitFor(() => expect(requests('tab/get')).toHaveLength(2));
    const push = { type: 'push/tab', tabId: 13, revision: 2, views: [makeUnknownView()] };
    await fakeBrowser.runtime.onMessage.trigger(push, { id: fakeBrowser.runtime.id });
    await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.known).toBe('false'));
  });

  describe('with two windows (Firefox keeps one panel address for all of them)', () => {
    const lee = makeView({ key: 'lee@contoso.example', detectedKey: 'lee@contoso.example' });
    const sam = makeView({ key: 'sam@fabrikam.example', detectedKey: 'sam@fabrikam.example' });
    /** Window 1 holds the panel and tabs 21, 22; window 2 holds tab 31, whose people the rep does not see. */
    function twoWindows(active: Record<number, number>) {
      const windowOf: Record<number, number> = { 21: 1, 22: 1, 31: 2, 32: 2 };
      vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 1 } as never);
      // In a sidebar or side panel, the page is no tab.
      vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue(undefined as never);
      vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (id) => ({ id, windowId: windowOf[id] }) as never);
      const query = vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async (info) =>
        info.windowId === undefined ? [] : ([{ id: active[info.windowId], windowId: info.windowId }] as never),
      );
      background({ 21: tabState(21), 22: tabState(22, [sam]), 31: tabState(31, [lee]), 32: tabState(32, [makeUnknownView()]) });
      return query;
    }

    it("follows its own window's active tab when ?tab names another window's tab, and acts on it", async () => {
      const active = { 1: 21, 2: 31 };
      twoWindows(active);
      render(<App requestedTabId={31} />);
      await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('dana@northwind.example'));
      expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 21 }]);
      // Mute is about the person this window shows.
      fireEvent.click(within(screen.getByTestId('prospect-card')).getByRole('button', { name: /^Mute/ }));
      await waitFor(() => expect(requests('ignore/add')).toEqual([{ type: 'ignore/add', entry: 'dana@northwind.example', tabId: 21 }]));

      // A tab activated in the other window leaves the panel where it is; one in its own window moves it.
      active[2] = 32;
      await fakeBrowser.tabs.onActivated.trigger({ tabId: 32, windowId: 2 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('dana@northwind.example');
      expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 21 }]);
      active[1] = 22;
      await fakeBrowser.tabs.onActivated.trigger({ tabId: 22, windowId: 1 });
      await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('sam@fabrikam.example'));
    });

    it('keeps to ?tab when the page is a tab of its own (not a panel), as the end-to-end suites open it', async () => {
      twoWindows({ 1: 21, 2: 31 });
      vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue({ id: 23, windowId: 1 } as never);
      render(<App requestedTabId={31} />);
      await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('lee@contoso.example'));
      expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 31 }]);
    });

    it('keeps to ?tab when it is a tab of its own window', async () => {
      const active = { 1: 22, 2: 31 };
      twoWindows(active);
      render(<App requestedTabId={21} />);
      await waitFor(() => expect(screen.getByTestId('prospect-card').dataset.prospectKey).toBe('dana@northwind.example'));
      await fakeBrowser.tabs.onActivated.trigger({ tabId: 22, windowId: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(requests('tab/get')).toEqual([{ type: 'tab/get', tabId: 21 }]);
    });
  });

  it('shows a skeleton until the background answers', () => {
    sendMock.mockReturnValue(new Promise(() => {}));
    render(<App requestedTabId={7} />);
    expect(screen.getByTestId('card-skeleton')).toBeTruthy();
  });

  it('says when the background cannot be reached', async () => {
    sendMock.mockRejectedValue(new Error('No answer from the extension'));
    render(<App requestedTabId={7} />);
    expect((await screen.findByRole('alert')).textContent).toBe('No answer from the extension');
  });

  it('shows the cards a push carries for its tab, without asking again', async () => {
    background({ 7: tabState(7) });
    render(<App requestedTabId={7} />);
    await screen.findByTestId('prospect-card');
    const push = (tabId: number, revision: number, views = [makeView(), makeUnknownView()]) => ({ type: 'push/tab', tabId, revision, views });
    await fakeBrowser.runtime.onMessage.trigger(push(8, 9), { id: fakeBrowser.runtime.id });
    expect(screen.getAllByTestId('prospect-card')).toHaveLength(1);
    await fakeBrowser.runtime.onMessage.trigger(push(7, 3), { id: fakeBrowser.runtime.id });
    await waitFor(() => expect(screen.getAllByTestId('prospect-card')).toHaveLength(2));
    expect(requests('tab/get')).toHaveLength(1);
    fireEvent.focus(window);
    await waitFor(() => expect(requests('tab/get')).toHaveLength(2));
  });

  it('drops a push for an older detection of its tab', async () => {
    background({ 7: tabState(7) });
    render(<App requestedTabId={7} />);
    await screen.findByTestId('prospect-card');
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/tab', tabId: 7, revision: 2, views: [] }, { id: fakeBrowser.runtime.id });
    expect(screen.getAllByTestId('prospect-card')).toHaveLength(1);
  });

  it('ignores a push sent by a content script (a sender with a tab)', async () => {
    background({ 7: tabState(7) });
    render(<App requestedTabId={7} />);
    await screen.findByTestId('prospect-card');
    const forged = { type: 'push/tab', tabId: 7, revision: 99, views: [makeUnknownView()] };
    await fakeBrowser.runtime.onMessage.trigger(forged, { id: fakeBrowser.runtime.id, tab: { id: 7 } as never });
    expect(screen.getByTestId('prospect-card').dataset.known).toBe('true');
  });

  it('sends card requests to the background and shows the tab afterwards', async () => {
    const view = makeView({
      detectedKey: 'd.w@northwind.example',
      alternatives: [{ key: 'dana.w@contoso.example', company: 'Contoso' }],
      sources: [{ source: 'hubspot', state: 'error' }],
    });
    background({ 7: tabState(7, [view, makeUnknownView()]) });
    render(<App requestedTabId={7} />);
    const [known, unknown] = await screen.findAllByTestId('prospect-card');

    fireEvent.click(within(known!).getByRole('button', { name: 'Retry HubSpot' }));
    fireEvent.click(within(known!).getByRole('button', { name: '2 possible matches' }));
    fireEvent.click(within(known!).getByRole('button', { name: /Contoso/ }));
    fireEvent.click(within(known!).getByRole('button', { name: /^Mute/ }));
    // The unknown person is folded under "1 person with no data" while a card with data is shown.
    fireEvent.click(screen.getByRole('button', { name: /with no data/ }));
    fireEvent.click(within(unknown!).getAllByRole('button')[0]!);
    fireEvent.click(within(unknown!).getByRole('button', { name: 'Save this person' }));

    await waitFor(() => expect(requests('prospect/add')).toHaveLength(1));
    expect(requests('lookup')).toEqual([{ type: 'lookup', keys: ['d.w@northwind.example'], refresh: true, tabId: 7 }]);
    expect(requests('match/choose')).toEqual([
      { type: 'match/choose', detectedKey: 'd.w@northwind.example', chosenKey: 'dana.w@contoso.example', tabId: 7 },
    ]);
    expect(requests('ignore/add')).toEqual([{ type: 'ignore/add', entry: 'd.w@northwind.example', tabId: 7 }]);
    expect(requests('prospect/add')).toEqual([
      { type: 'prospect/add', candidate: expect.objectContaining({ key: 'new.person@example.org', email: 'new.person@example.org' }), tabId: 7 },
    ]);
  });

  it('opens the log form for the prospect in a small window', async () => {
    background({ 7: tabState(7) });
    const create = vi.spyOn(fakeBrowser.windows, 'create').mockResolvedValue({} as never);
    render(<App requestedTabId={7} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Log call' }));
    await waitFor(() => expect(create).toHaveBeenCalledOnce());
    const [options] = create.mock.calls[0]!;
    expect(options?.type).toBe('popup');
    const url = new URL(options!.url as string);
    expect(url.pathname).toBe('/popup.html');
    expect(Object.fromEntries(url.searchParams)).toEqual({ prospect: 'dana@northwind.example', tab: '7', type: 'call' });
  });
});
