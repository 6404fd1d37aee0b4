import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { readParams } from '@/components/popup/context';
import { PopupApp } from '@/components/popup/PopupApp';
import { send } from '@/lib/messaging';
import { setClock } from '@/lib/clock';
import { closeDbForTests } from '@/lib/store/db';
import { saveSettings } from '@/lib/store/settings';
import type { SalesAction } from '@/lib/model/action';
import type { ProspectView, TabState } from '@/lib/model/view';
import { logged, routeSend, storedAction } from './helpers';

vi.mock('@/lib/messaging', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

function view(key: string, name: string): ProspectView {
  return {
    key,
    detectedKey: key,
    known: true,
    match: 'email',
    prospect: { key, emails: [key], name, refs: [] },
    insights: { heat: 'warm', heatScore: 40, heatReasons: [], journey: 'awareness', counts30: {}, counts90: {}, series90: [] },
    events: [],
    actions: [],
    alternatives: [],
    sources: [],
    links: [],
  };
}

function tab(tabId: number, views: ProspectView[]): TabState {
  return { tabId, revision: 1, url: 'https://mail.google.com/mail/u/0/', site: 'gmail', detectedAt: '2025-11-14T10:00:00.000Z', candidates: [], selfAddresses: [], views };
}

/** A little background: an outbox the popup's requests act on. */
function background(initial: SalesAction[], tabs: Record<number, TabState> = {}) {
  let actions = [...initial];
  const list = () => ({
    actions: actions.slice(0, 5),
    names: { 'dana@northwind.example': 'Dana Whitfield' } as Record<string, string>,
    waiting: actions.filter((a) => a.sync.state === 'pending' || a.sync.state === 'inflight').length,
    dead: actions.filter((a) => a.sync.state === 'dead').length,
  });
  const route = routeSend(sendMock, {
    'tab/get': (r) => tabs[r.tabId] ?? null,
    'action/list': () => list(),
    'action/log': (r) => {
      const saved = logged(r.action);
      actions = [saved, ...actions];
      return saved;
    },
    'action/update': (r) => {
      const updated = { ...logged(r.action), id: r.id };
      actions = actions.map((a) => (a.id === r.id ? updated : a));
      return updated;
    },
    'action/delete': (r) => {
      actions = actions.filter((a) => a.id !== r.id);
      return { deleted: true };
    },
    'action/retry': (r) => {
      actions = actions.map((a) => (a.id === r.id ? { ...a, sync: { ...a.sync, state: 'pending' as const } } : a));
      return actions.find((a) => a.id === r.id)!;
    },
    search: (r) => (r.query.startsWith('lee') ? [{ key: 'lee@contoso.example', name: 'Lee Park', email: 'lee@contoso.example' }] : []),
    'sidepanel/open': () => ({ opened: true }),
  });
  return {
    route,
    set(next: SalesAction[]) {
      actions = next;
    },
  };
}

const rows = () => screen.queryAllByTestId('action-row');
const form = () => screen.getByTestId('log-form') as HTMLFormElement;
const field = <T extends Element = HTMLInputElement>(name: string) => form().querySelector<T & Element>(`[name="${name}"]`)!;

beforeEach(async () => {
  sendMock.mockReset();
  // The popup reads the settings from IndexedDB: each test's fresh one, not the connection of the test before.
  await closeDbForTests();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('popup: prospect', () => {
  it('pre-fills the prospects of the tab named in the URL, with a picker when there are several', async () => {
    background([], { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield'), view('lee@contoso.example', 'Lee Park')]) });
    render(<PopupApp params={readParams('?tab=7')} />);
    const picker = await waitFor(() => field<HTMLSelectElement>('prospect'));
    expect(picker.tagName).toBe('SELECT');
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      'Dana Whitfield (dana@northwind.example)',
      'Lee Park (lee@contoso.example)',
    ]);
    expect(picker.value).toBe('dana@northwind.example');
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
  });

  it('pre-fills with the sidebar’s first card (views[0]), not the first person seen on the page', async () => {
    // The background orders the views (newest message's sender first); the candidates keep page order.
    const state = tab(8, [view('lee@contoso.example', 'Lee Park'), view('dana@northwind.example', 'Dana Whitfield')]);
    state.candidates = [
      { key: 'dana@northwind.example', email: 'dana@northwind.example', role: 'from' },
      { key: 'lee@contoso.example', email: 'lee@contoso.example', role: 'from', newest: true },
    ];
    background([], { 8: state });
    render(<PopupApp params={readParams('?tab=8')} />);
    await waitFor(() => expect(field<HTMLSelectElement>('prospect').value).toBe('lee@contoso.example'));
    expect([...field<HTMLSelectElement>('prospect').options].map((o) => o.value)).toEqual(['lee@contoso.example', 'dana@northwind.example']);
  });

  it('uses the active tab when the URL names none', async () => {
    const { route } = background([], { 3: tab(3, [view('dana@northwind.example', 'Dana Whitfield')]) });
    vi.spyOn(browser.tabs, 'query').mockResolvedValue([{ id: 3 }] as never);
    render(<PopupApp params={readParams('')} />);
    await waitFor(() => expect(field('prospect').value).toBe('dana@northwind.example'));
    expect(route.of('tab/get')).toEqual([{ type: 'tab/get', tabId: 3 }]);
  });

  it('names a person the tab no longer shows in words, not by their key', async () => {
    background([], { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield')]) });
    render(<PopupApp params={readParams('?tab=7&prospect=linkedin%3Asomeone-else')} />);
    const picker = await waitFor(() => field<HTMLSelectElement>('prospect'));
    expect(picker.value).toBe('linkedin:someone-else');
    expect([...picker.options].map((o) => o.textContent)).toEqual(['someone-else (LinkedIn)', 'Dana Whitfield (dana@northwind.example)']);
  });

  it('selects the prospect and type given in the URL', async () => {
    background([], { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield'), view('lee@contoso.example', 'Lee Park')]) });
    render(<PopupApp params={readParams('?tab=7&prospect=lee%40contoso.example&type=task')} />);
    await waitFor(() => expect(field('prospect').value).toBe('lee@contoso.example'));
    expect(field('type').value).toBe('task');
    expect(field('dueAt')).not.toBeNull();
  });

  it('offers a search of the people saved in this browser when the tab shows nobody, and logs on the chosen prospect', async () => {
    const { route } = background([], {});
    render(<PopupApp params={readParams('?tab=9')} />);
    const search = await screen.findByRole('searchbox');
    await waitFor(() => expect(document.activeElement).toBe(search));
    fireEvent.input(search, { target: { value: 'lee' } });
    fireEvent.click(await screen.findByText('Lee Park (lee@contoso.example)'));
    await waitFor(() => expect(field('prospect').value).toBe('lee@contoso.example'));
    fireEvent.change(field('type'), { target: { value: 'note' } });
    fireEvent.input(field('notes'), { target: { value: 'Intro call booked' } });
    fireEvent.submit(form());
    await waitFor(() => expect(route.of('action/log')[0]?.action.prospectKey).toBe('lee@contoso.example'));
  });

  it('says when a search finds nobody', async () => {
    background([], {});
    render(<PopupApp params={readParams('?tab=9')} />);
    fireEvent.input(await screen.findByRole('searchbox'), { target: { value: 'zzz' } });
    expect(await screen.findByText('No match among the people saved in this browser')).toBeTruthy();
    // The words never say "local store" (issue 17).
    expect(document.body.textContent).not.toMatch(/local store/i);
  });

  it('announces what a search found, or "No match", in a status line that is always there', async () => {
    background([], {});
    render(<PopupApp params={readParams('?tab=9')} />);
    const box = await screen.findByRole('searchbox', { name: 'Find a prospect' });
    // Present, and empty, before anything is typed: a live region inserted with its words is often not read.
    const found = screen.getByTestId('search-found');
    expect(found.getAttribute('role')).toBe('status');
    expect(found.textContent).toBe('');
    fireEvent.input(box, { target: { value: 'zz' } });
    await waitFor(() => expect(found.textContent).toBe('No match among the people saved in this browser'));
    fireEvent.input(box, { target: { value: 'lee' } });
    await waitFor(() => expect(found.textContent).toBe('1 person found'));
    expect(screen.getByTestId('search-found')).toBe(found);
    expect(box.getAttribute('aria-controls')).toBe(screen.getByTestId('search-result').closest('ul')!.id);
  });

  it('says a search failed, with the reason, instead of "No match", and forgets it on the next answer', async () => {
    sendMock.mockImplementation(async (request: { type: string; query?: string }) => {
      if (request.type === 'tab/get') return null;
      if (request.type === 'action/list') return { actions: [], waiting: 0, dead: 0 };
      if (request.type === 'search' && request.query === 'dana') throw new Error('Could not establish connection. Receiving end does not exist.');
      if (request.type === 'search') return [];
      throw new Error(`unexpected ${request.type}`);
    });
    render(<PopupApp params={readParams('?tab=9')} />);
    const box = await screen.findByRole('searchbox');
    fireEvent.input(box, { target: { value: 'dana' } });
    expect((await screen.findByTestId('search-failed')).textContent).toBe('Search failed: Could not establish connection. Receiving end does not exist.');
    expect(screen.queryByText('No match among the people saved in this browser')).toBeNull();
    fireEvent.input(box, { target: { value: 'zzz' } });
    expect(await screen.findByText('No match among the people saved in this browser')).toBeTruthy();
    expect(screen.queryByTestId('search-failed')).toBeNull();
  });
});

describe('popup: recent actions', () => {
  it('lists the last actions with their sync state and the waiting count', async () => {
    background([
      storedAction({ state: 'pending' }),
      storedAction({ state: 'inflight', type: 'meeting' }),
      storedAction({ state: 'done', type: 'note' }),
      storedAction({ state: 'dead', lastError: 'Token rejected (401)' }),
    ]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(rows().map((r) => r.dataset.syncState)).toEqual(['pending', 'inflight', 'done', 'dead']);
    expect(screen.getByText('2 waiting to sync')).toBeTruthy();
    expect(screen.getByText('1 failed')).toBeTruthy();
    expect(within(rows()[3]!).getByText(/Token rejected \(401\)/)).toBeTruthy();
  });

  it('says why an action waits for host access; a retry on a timer shows no error', async () => {
    const scheduled = storedAction({ state: 'pending', lastError: 'Server error (503)' });
    background([
      storedAction({ state: 'pending', lastError: 'Access not granted — grant it in Options' }),
      { ...scheduled, sync: { ...scheduled.sync, nextAttemptAt: '2025-11-14T10:05:00.000Z' } },
    ]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[0]!).getByText(/Access not granted — grant it in Options/)).toBeTruthy();
    expect(rows()[1]!.textContent).not.toContain('503');
  });

  it('shows a new action in the list right after saving it', async () => {
    background([]);
    render(<PopupApp params={readParams('?tab=1&prospect=dana%40northwind.example')} />);
    await screen.findByText('Nothing logged yet.');
    fireEvent.change(field('type'), { target: { value: 'note' } });
    fireEvent.input(field('notes'), { target: { value: 'Sent the deck' } });
    fireEvent.keyDown(field('notes'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.dataset.syncState).toBe('pending');
    expect(within(form()).getByRole('status').textContent).toBe('Saved — will sync');
  });

  it('retries a failed action and shows it waiting again', async () => {
    const dead = storedAction({ state: 'dead', lastError: 'Server error (500)' });
    const { route } = background([dead]);
    render(<PopupApp params={readParams('?tab=1')} />);
    const [row] = await screen.findAllByTestId('action-row');
    fireEvent.click(within(row!).getByRole('button', { name: /^Retry: / }));
    await waitFor(() => expect(rows()[0]!.dataset.syncState).toBe('pending'));
    expect(route.of('action/retry')).toEqual([{ type: 'action/retry', id: dead.id }]);
  });

  it('deletes a waiting action; only waiting actions offer Edit and Delete', async () => {
    const pending = storedAction({ state: 'pending' });
    const done = storedAction({ state: 'done' });
    background([pending, done]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[1]!).queryByRole('button')).toBeNull();
    fireEvent.click(within(rows()[0]!).getByRole('button', { name: /^Delete: / }));
    await waitFor(() => expect(rows().map((r) => r.dataset.actionId)).toEqual([done.id]));
  });

  it('says why a Delete or a Retry did not happen: refused by the background, or no answer', async () => {
    const pending = storedAction({ state: 'pending' });
    const dead = storedAction({ state: 'dead', lastError: 'Server error (500)' });
    background([pending, dead]);
    const answer = sendMock.getMockImplementation() as (request: unknown) => Promise<unknown>;
    sendMock.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'action/delete') throw new Error('It is being sent right now — wait a moment and look again.');
      if (request.type === 'action/retry') throw new Error('No answer from the extension');
      return answer(request);
    });
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const status = screen.getByTestId('recent-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('');
    fireEvent.click(within(rows()[0]!).getByRole('button', { name: /^Delete: / }));
    await waitFor(() => expect(status.textContent).toBe('Not deleted: It is being sent right now — wait a moment and look again.'));
    expect(rows()).toHaveLength(2);
    fireEvent.click(within(rows()[1]!).getByRole('button', { name: /^Retry: / }));
    await waitFor(() => expect(status.textContent).toBe('Not sent again: No answer from the extension'));
  });

  it("names each row's Edit, Delete and Retry after its action and person, so a screen reader's button list tells them apart", async () => {
    background([
      storedAction({ state: 'dead', lastError: 'Token rejected' }),
      storedAction({ state: 'dead', lastError: 'Token rejected', prospectKey: 'lee@contoso.example', type: 'note' }),
    ]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const names = rows().flatMap((row) => within(row).getAllByRole('button').map((b) => b.getAttribute('aria-label')));
    expect(names.map((n) => n!.replace(/, [^,]+$/, ''))).toEqual([
      'Edit: Call, Dana Whitfield',
      'Delete: Call, Dana Whitfield',
      'Retry: Call, Dana Whitfield',
      'Edit: Note, lee@contoso.example',
      'Delete: Note, lee@contoso.example',
      'Retry: Note, lee@contoso.example',
    ]);
    expect(names[0]).toMatch(/^Edit: Call, Dana Whitfield, .*ago$/);
  });

  it('after Delete the focus goes to the next row, and after the last one to the list heading', async () => {
    background([storedAction({ state: 'pending' }), storedAction({ state: 'pending', type: 'note' })]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    // The mount's autofocus (the search: the tab shows nobody) comes long before a rep acts.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox')));
    const second = rows()[1]!;
    const first = within(rows()[0]!).getByRole('button', { name: /^Delete: / });
    first.focus();
    fireEvent.click(first);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(document.activeElement).toBe(second);
    const last = within(second).getByRole('button', { name: /^Delete: / });
    last.focus();
    fireEvent.click(last);
    await screen.findByText('Nothing logged yet.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Recent actions' }));
  });

  it('after Retry the focus goes to the row, now waiting; a refused Retry leaves it on the button', async () => {
    const dead = storedAction({ state: 'dead', lastError: 'Token rejected' });
    const { route } = background([dead]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox')));
    const answer = sendMock.getMockImplementation() as (request: { type: string }) => Promise<unknown>;
    sendMock.mockImplementationOnce(async () => {
      throw new Error('No answer from the extension');
    });
    const retry = within(rows()[0]!).getByRole('button', { name: /^Retry: / });
    retry.focus();
    fireEvent.click(retry);
    await waitFor(() => expect(screen.getByTestId('recent-status').textContent).toBe('Not sent again: No answer from the extension'));
    expect(document.activeElement).toBe(retry);
    sendMock.mockImplementation(answer);
    fireEvent.click(retry);
    await waitFor(() => expect(rows()[0]!.dataset.syncState).toBe('pending'));
    expect(route.of('action/retry')).toHaveLength(1);
    expect(document.activeElement).toBe(rows()[0]);
  });

  it('names the person, the outcome and the start of the notes; an action kept in this browser can be edited and deleted', async () => {
    const local = storedAction({ state: 'done', outcome: 'left_voicemail', notes: 'Asked for the pilot pricing\nand the security questionnaire before Friday, with the CFO in copy please', sync: { state: 'done', attempts: 0, destination: 'local', updatedAt: '2025-11-14T10:00:00.000Z' } });
    const other = storedAction({ state: 'done', prospectKey: 'linkedin:someone-else' });
    background([local, other]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const first = rows()[0]!;
    expect(first.textContent).toContain('Call · Left voicemail · Dana Whitfield');
    expect(first.textContent).toContain('Asked for the pilot pricing and the security questionnaire before Friday, with …');
    expect(first.textContent).toContain('Kept in this browser only');
    expect(within(first).getByRole('button', { name: /^Edit: Call, Dana Whitfield, / })).toBeTruthy();
    expect(within(first).getByRole('button', { name: /^Delete: Call, Dana Whitfield, / })).toBeTruthy();
    // No name known: the LinkedIn handle, readable (never the raw key); delivered to a CRM: neither Edit nor Delete.
    expect(rows()[1]!.textContent).toContain('Call · someone-else (LinkedIn) ·');
    expect(rows()[1]!.textContent).not.toContain('linkedin:');
    expect(within(rows()[1]!).queryByRole('button')).toBeNull();
  });

  it('names a person known only by an address by the address, and one known only by name by the name', async () => {
    background([storedAction({ state: 'done', prospectKey: 'sam@fabrikam.example' }), storedAction({ state: 'done', prospectKey: 'name:sam ortiz' })]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]!.textContent).toContain('Call · sam@fabrikam.example ·');
    expect(rows()[1]!.textContent).toContain('Call · sam ortiz ·');
  });

  it('shows a lead feedback by its verdict, with its reason in words', async () => {
    const local = { state: 'done' as const, attempts: 0, destination: 'local' as const, updatedAt: '2025-11-14T10:00:00.000Z' };
    background([
      storedAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'not_a_fit', sync: local }),
      storedAction({ type: 'lead_feedback', feedback: 'accepted', state: 'pending' }),
    ]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]!.textContent).toContain('Rejected: not a fit');
    expect(rows()[0]!.textContent).toContain('Kept in this browser only');
    expect(rows()[0]!.querySelector('[data-testid="action-verdict"]')!.getAttribute('data-verdict')).toBe('rejected');
    expect(rows()[1]!.textContent).toContain('Accepted');
    expect(rows()[1]!.querySelector('[data-testid="action-verdict"]')!.getAttribute('data-verdict')).toBe('accepted');
  });

  it('edits a waiting action in the form and saves it as an update', async () => {
    const pending = storedAction({ state: 'pending', type: 'task', dueAt: '2025-11-20T09:00:00.000Z', notes: 'Send pricing' });
    const { route } = background([pending]);
    render(<PopupApp params={readParams('?tab=1')} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit: / }));
    await waitFor(() => expect(field('type').value).toBe('task'));
    expect(field('notes').value).toBe('Send pricing');
    expect(field('prospect').value).toBe(pending.prospectKey);
    fireEvent.input(field('notes'), { target: { value: 'Send pricing and the case study' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(route.of('action/update')).toHaveLength(1));
    expect(route.of('action/update')[0]).toMatchObject({ id: pending.id, action: { notes: 'Send pricing and the case study', type: 'task' } });
    expect(route.of('action/log')).toEqual([]);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy());
  });

  it('does not log a blank call when Enter is pressed again after saving an edit', async () => {
    const waiting = storedAction({ type: 'note', notes: 'Old note' });
    const { route } = background([waiting]);
    render(<PopupApp params={readParams('?tab=9&prospect=dana%40northwind.example')} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit: / }));
    await waitFor(() => expect(field<HTMLTextAreaElement>('notes').value).toBe('Old note'));
    fireEvent.input(field<HTMLTextAreaElement>('notes'), { target: { value: 'New note' } });
    fireEvent.keyDown(field('type'), { key: 'Enter' });
    await waitFor(() => expect(route.of('action/update')).toHaveLength(1));
    await waitFor(() => expect(field<HTMLTextAreaElement>('notes').value).toBe(''));
    fireEvent.keyDown(field('type'), { key: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(route.of('action/log')).toEqual([]);
  });

  it('Cancel editing goes back to the person the form was for, with what was typed for them', async () => {
    const dana = storedAction({ type: 'note', notes: 'Old note' });
    const { route } = background([dana], { 7: tab(7, [view('lee@contoso.example', 'Lee Park')]) });
    render(<PopupApp params={readParams('?tab=7')} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Notes' }), { target: { value: 'Lee wants a demo' } });
    fireEvent.click(await screen.findByRole('button', { name: /^Edit: / }));
    await waitFor(() => expect(field('prospect').value).toBe('dana@northwind.example'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel editing' }));
    await waitFor(() => expect(field<HTMLTextAreaElement>('notes').value).toBe('Lee wants a demo'));
    expect(field('prospect').value).toBe('lee@contoso.example');
    fireEvent.submit(form());
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    expect(route.of('action/log')[0]!.action).toMatchObject({ prospectKey: 'lee@contoso.example', notes: 'Lee wants a demo' });
  });

  it('a saved edit goes back to the person the form was for, and Enter again logs nothing', async () => {
    const dana = storedAction({ type: 'note', notes: 'Old note' });
    const { route } = background([dana], { 7: tab(7, [view('lee@contoso.example', 'Lee Park')]) });
    render(<PopupApp params={readParams('?tab=7')} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit: / }));
    await waitFor(() => expect(field<HTMLTextAreaElement>('notes').value).toBe('Old note'));
    fireEvent.input(field<HTMLTextAreaElement>('notes'), { target: { value: 'New note' } });
    fireEvent.keyDown(field('type'), { key: 'Enter' });
    await waitFor(() => expect(route.of('action/update')).toHaveLength(1));
    expect(route.of('action/update')[0]!.action.prospectKey).toBe('dana@northwind.example');
    await waitFor(() => expect(field('prospect').value).toBe('lee@contoso.example'));
    fireEvent.keyDown(field('type'), { key: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(route.of('action/log')).toEqual([]);
  });

  it('after a saved edit the notes typed for the person before come back, and Enter saves them', async () => {
    const dana = storedAction({ type: 'note', notes: 'Old note' });
    const { route } = background([dana], { 7: tab(7, [view('lee@contoso.example', 'Lee Park')]) });
    render(<PopupApp params={readParams('?tab=7')} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Notes' }), { target: { value: 'Lee wants a demo' } });
    fireEvent.click(await screen.findByRole('button', { name: /^Edit: / }));
    await waitFor(() => expect(field<HTMLTextAreaElement>('notes').value).toBe('Old note'));
    fireEvent.keyDown(field('type'), { key: 'Enter' });
    await waitFor(() => expect(route.of('action/update')).toHaveLength(1));
    await waitFor(() => expect(field<HTMLTextAreaElement>('notes').value).toBe('Lee wants a demo'));
    fireEvent.keyDown(field('type'), { key: 'Enter' });
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    expect(route.of('action/log')[0]!.action).toMatchObject({ prospectKey: 'lee@contoso.example', notes: 'Lee wants a demo' });
  });

  it('refreshes when the background says actions changed', async () => {
    const action = storedAction({ state: 'pending' });
    const bg = background([action]);
    render(<PopupApp params={readParams('?tab=1')} />);
    await waitFor(() => expect(rows()[0]!.dataset.syncState).toBe('pending'));
    bg.set([{ ...action, sync: { ...action.sync, state: 'done' } }]);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/actions-changed' }, { id: fakeBrowser.runtime.id });
    await waitFor(() => expect(rows()[0]!.dataset.syncState).toBe('done'));
  });

  it('says the list could not be read, not that nothing was logged, and drops that once a read succeeds', async () => {
    let answering = false;
    sendMock.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'tab/get') return null;
      if (request.type === 'action/list') {
        if (!answering) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { actions: [], waiting: 0, dead: 0 };
      }
      throw new Error(`unexpected ${request.type}`);
    });
    render(<PopupApp params={readParams('?tab=1')} />);
    expect((await screen.findByTestId('recent-error')).textContent).toBe(
      'Could not load the recent actions: Could not establish connection. Receiving end does not exist.',
    );
    expect(screen.queryByText('Nothing logged yet.')).toBeNull();
    answering = true;
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/actions-changed' }, { id: fakeBrowser.runtime.id });
    await screen.findByText('Nothing logged yet.');
    expect(screen.queryByTestId('recent-error')).toBeNull();
  });
});

describe('popup: side panel', () => {
  it('opens the side panel directly in the click, then tells the background', async () => {
    const { route } = background([], { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield')]) });
    const open = vi.fn(async () => undefined);
    (browser as unknown as { sidePanel: unknown }).sidePanel = { open };
    render(<PopupApp params={readParams('?tab=7')} />);
    await waitFor(() => expect(route.of('tab/get')).toHaveLength(1));
    route.requests.length = 0;
    // The popup draws once it has also read the prospect's draft (drafts.ts).
    fireEvent.click(await screen.findByRole('button', { name: 'Open side panel' }));
    expect(open).toHaveBeenCalledWith({ tabId: 7 });
    await waitFor(() => expect(route.of('sidepanel/open')).toEqual([{ type: 'sidepanel/open', tabId: 7 }]));
    // The direct call comes first: it is the one that still holds the user gesture.
    expect(open.mock.invocationCallOrder[0]).toBeLessThan(sendMock.mock.invocationCallOrder.at(-1)!);
    delete (browser as unknown as { sidePanel?: unknown }).sidePanel;
  });

  // The fake browser's sidebarAction throws "not implemented", as a panel that refuses to open would.
  it('still asks the background when the panel API refuses to open', async () => {
    const { route } = background([], {});
    render(<PopupApp params={readParams('?tab=7')} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open side panel' }));
    await waitFor(() => expect(route.of('sidepanel/open')).toHaveLength(1));
  });
});

describe('popup: side panel first on LinkedIn, until it has been used', () => {
  const linkedin = (tabId: number, views: ProspectView[]): TabState => ({ ...tab(tabId, views), url: 'https://www.linkedin.com/in/dana-whitfield-8b2a1c/', site: 'linkedin' });
  const dana = () => view('linkedin:dana-whitfield-8b2a1c', 'Dana Whitfield');
  const panelButton = () => screen.getByTestId('open-side-panel') as HTMLButtonElement;
  /** Every element Tab reaches, in order (nothing in the popup sets a positive tabindex). */
  const focusable = () =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
      (el) => !el.hasAttribute('disabled') && el.tabIndex >= 0 && !el.closest('[hidden]'),
    );

  it('the first time on a LinkedIn tab: the primary button, first and focused, with a line saying why', async () => {
    background([], { 4: linkedin(4, [dana()]) });
    const { container } = render(<PopupApp params={readParams('?tab=4')} />);
    await waitFor(() => expect(document.activeElement).toBe(panelButton()));
    const button = panelButton();
    expect(button.dataset.prominent).toBe('true');
    expect(button.classList.contains('primary')).toBe(true);
    expect(focusable()[0]).toBe(button);
    const hint = screen.getByText('The people on this LinkedIn page are in the side panel');
    expect(button.getAttribute('aria-describedby')).toBe(hint.id);
    // One such button: it moved, it is not shown twice.
    expect(screen.getAllByRole('button', { name: 'Open side panel' })).toEqual([button]);
    // The form is still there, one Tab away, but it does not take the focus.
    expect(field('type')).not.toBe(document.activeElement);
    const axe = (await import('axe-core')).default;
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });

  it('in its ordinary place and style once the rep has used the side panel', async () => {
    await saveSettings({ sidePanelUsed: true });
    background([], { 4: linkedin(4, [dana()]) });
    render(<PopupApp params={readParams('?tab=4')} />);
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
    const button = panelButton();
    expect(button.dataset.prominent).toBe('false');
    expect(button.classList.contains('primary')).toBe(false);
    expect(button.closest('header')).not.toBeNull();
    expect(focusable()[0]).toBe(button); // the header's first control, as before
    expect(screen.queryByText('The people on this LinkedIn page are in the side panel')).toBeNull();
  });

  it('ordinary on other sites, and on a LinkedIn page that shows nobody', async () => {
    background([], { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield')]), 5: linkedin(5, []) });
    const gmail = render(<PopupApp params={readParams('?tab=7')} />);
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
    expect(panelButton().dataset.prominent).toBe('false');
    gmail.unmount();
    render(<PopupApp params={readParams('?tab=5')} />);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox')));
    expect(panelButton().dataset.prominent).toBe('false');
  });

  it('only the first focus is the button: Find another focuses the search box, and a pick the form', async () => {
    background([], { 4: linkedin(4, [dana()]) });
    render(<PopupApp params={readParams('?tab=4')} />);
    await waitFor(() => expect(document.activeElement).toBe(panelButton()));
    const change = screen.getByRole('button', { name: 'Find another' });
    change.focus();
    fireEvent.click(change);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox')));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'lee' } });
    const result = await screen.findByTestId('search-result');
    result.focus();
    fireEvent.click(result);
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
    expect(field('prospect').value).toBe('lee@contoso.example');
  });

  it('the prominent button opens the panel for the LinkedIn tab (real Enter: tests/e2e/popup-side-panel)', async () => {
    const { route } = background([], { 4: linkedin(4, [dana()]) });
    const open = vi.fn(async () => undefined);
    (browser as unknown as { sidePanel: unknown }).sidePanel = { open };
    render(<PopupApp params={readParams('?tab=4')} />);
    await waitFor(() => expect(document.activeElement).toBe(panelButton()));
    fireEvent.click(panelButton());
    expect(open).toHaveBeenCalledWith({ tabId: 4 });
    await waitFor(() => expect(route.of('sidepanel/open')).toEqual([{ type: 'sidepanel/open', tabId: 4 }]));
    delete (browser as unknown as { sidePanel?: unknown }).sidePanel;
  });
});

describe('popup: a browser with no panel (Firefox for Android)', () => {
  const linkedin = (tabId: number, views: ProspectView[]): TabState => ({ ...tab(tabId, views), url: 'https://www.linkedin.com/in/dana-whitfield-8b2a1c/', site: 'linkedin' });
  const panels = browser as unknown as { sidePanel?: unknown; sidebarAction?: unknown };
  let sidebarAction: unknown;
  beforeEach(() => {
    sidebarAction = panels.sidebarAction;
    delete panels.sidePanel;
    delete panels.sidebarAction;
  });
  afterEach(() => {
    panels.sidebarAction = sidebarAction;
  });

  it('offers no side panel button, and points to the in-page sidebar setting instead of the panel', async () => {
    const { route } = background([], { 4: linkedin(4, [view('linkedin:dana-whitfield-8b2a1c', 'Dana Whitfield')]) });
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    render(<PopupApp params={readParams('?tab=4')} />);
    // The form takes the focus, as anywhere else: nothing prominent that would open nothing.
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
    expect(screen.queryByTestId('open-side-panel')).toBeNull();
    expect(screen.queryByText('The people on this LinkedIn page are in the side panel')).toBeNull();
    const link = within(screen.getByTestId('no-panel-hint')).getByRole('link', { name: /This browser has no side panel\. To see the people on this LinkedIn page/ });
    fireEvent.click(link);
    await waitFor(() => expect(create).toHaveBeenCalledOnce());
    expect(new URL(create.mock.calls[0]![0]!.url as string).hash).toBe('#sites');
    expect(route.of('sidepanel/open')).toEqual([]);
  });

  it('says nothing about Options when the in-page sidebar is already on, nor on other sites', async () => {
    await saveSettings({ sites: { gmail: true, outlook: true, linkedin: true, linkedinOverlay: true } });
    background([], { 4: linkedin(4, [view('linkedin:dana-whitfield-8b2a1c', 'Dana Whitfield')]), 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield')]) });
    const onLinkedin = render(<PopupApp params={readParams('?tab=4')} />);
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
    expect(screen.queryByTestId('no-panel-hint')).toBeNull();
    onLinkedin.unmount();
    render(<PopupApp params={readParams('?tab=7')} />);
    await waitFor(() => expect(document.activeElement).toBe(field('type')));
    expect(screen.queryByTestId('no-panel-hint')).toBeNull();
    expect(screen.queryByTestId('open-side-panel')).toBeNull();
  });
});

describe('popup: a draft of what the rep typed', () => {
  const DANA_URL = '?tab=9&prospect=dana%40northwind.example';
  const LEE_URL = '?tab=9&prospect=lee%40contoso.example';
  const NOTES = 'Budget approved for Q1, call back Tuesday about the pilot';

  /** Opens the popup, types the notes, and closes it the way the browser does when the rep clicks the page. */
  async function typeAndClose(url: string, notes: string) {
    const popup = render(<PopupApp params={readParams(url)} />);
    fireEvent.input(await popup.findByRole('textbox', { name: 'Notes' }), { target: { value: notes } });
    popup.unmount();
  }
  async function notesOnOpen(url: string) {
    const popup = render(<PopupApp params={readParams(url)} />);
    const value = ((await popup.findByRole('textbox', { name: 'Notes' })) as HTMLTextAreaElement).value;
    popup.unmount();
    return value;
  }

  it('opens again with the notes typed for that prospect, kept in storage.session only', async () => {
    background([]);
    await typeAndClose(DANA_URL, NOTES);
    expect(await notesOnOpen(DANA_URL)).toBe(NOTES);
    // Another person's form is not theirs.
    expect(await notesOnOpen(LEE_URL)).toBe('');
    // Never where a content script could read it.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain(NOTES);
  });

  it('writes the draft as the rep types, a moment after the last key', async () => {
    background([]);
    render(<PopupApp params={readParams(DANA_URL)} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Notes' }), { target: { value: NOTES } });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(NOTES);
    await waitFor(async () => expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain(NOTES));
  });

  it('forgets the draft once the action is saved', async () => {
    const { route } = background([]);
    await typeAndClose(DANA_URL, NOTES);
    const popup = render(<PopupApp params={readParams(DANA_URL)} />);
    expect(((await screen.findByRole('textbox', { name: 'Notes' })) as HTMLTextAreaElement).value).toBe(NOTES);
    fireEvent.submit(form());
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    expect(route.of('action/log')[0]!.action.notes).toBe(NOTES);
    await waitFor(() => expect(screen.getByText('Saved — will sync')).toBeTruthy());
    popup.unmount();
    expect(await notesOnOpen(DANA_URL)).toBe('');
  });

  it('forgets a draft an hour after it was typed', async () => {
    background([]);
    const start = Date.parse('2025-11-14T10:00:00Z');
    const restore = setClock(() => start);
    try {
      await typeAndClose(DANA_URL, NOTES);
      setClock(() => start + 59 * 60_000);
      expect(await notesOnOpen(DANA_URL)).toBe(NOTES);
      setClock(() => start + 61 * 60_000);
      expect(await notesOnOpen(DANA_URL)).toBe('');
    } finally {
      restore();
    }
  });

  it("opens as the type a card's button asked for over a draft of another type, keeping the notes", async () => {
    const { route } = background([]);
    // A call with an outcome was being written for Dana when the popup closed.
    const popup = render(<PopupApp params={readParams(DANA_URL)} />);
    fireEvent.change(await popup.findByRole('combobox', { name: 'Outcome' }), { target: { value: 'connected' } });
    fireEvent.input(popup.getByRole('textbox', { name: 'Notes' }), { target: { value: NOTES } });
    popup.unmount();

    // Task (or T) on her card: a task, with the notes, asking for its due date as any task does.
    const task = render(<PopupApp params={readParams(`${DANA_URL}&type=task`)} />);
    expect(((await task.findByRole('textbox', { name: 'Notes' })) as HTMLTextAreaElement).value).toBe(NOTES);
    expect(field<HTMLSelectElement>('type').value).toBe('task');
    expect(field('dueAt').value).toBe('');
    task.unmount();

    // Meeting: a call's outcome is not one of a meeting's, so it is not kept.
    const meeting = render(<PopupApp params={readParams(`${DANA_URL}&type=meeting`)} />);
    await meeting.findByRole('textbox', { name: 'Notes' });
    expect([field<HTMLSelectElement>('type').value, field<HTMLSelectElement>('outcome').value]).toEqual(['meeting', '']);
    meeting.unmount();

    // Note: saved as a note with those notes.
    render(<PopupApp params={readParams(`${DANA_URL}&type=note`)} />);
    await screen.findByRole('textbox', { name: 'Notes' });
    expect(field<HTMLSelectElement>('type').value).toBe('note');
    fireEvent.submit(form());
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    expect(route.of('action/log')[0]!.action).toMatchObject({ type: 'note', notes: NOTES, outcome: undefined });
  });

  it('sends the draft to storage within the blur itself, before the browser can close the popup', async () => {
    background([]);
    render(<PopupApp params={readParams(DANA_URL)} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Notes' }), { target: { value: NOTES } });
    const set = vi.spyOn(fakeBrowser.storage.session, 'set');
    // Nothing awaited between the blur and the check: a read before the write would not have written yet.
    window.dispatchEvent(new Event('blur'));
    expect(JSON.stringify(set.mock.calls)).toContain(NOTES);
    set.mockRestore();
  });

  it('keeps the ten most recent drafts, and none past its hour', async () => {
    background([]);
    const start = Date.parse('2025-11-14T10:00:00Z');
    const restore = setClock(() => start);
    try {
      for (let i = 0; i < 12; i++) {
        setClock(() => start + i * 60_000);
        await typeAndClose(`?tab=9&prospect=p${i}%40northwind.example`, `${NOTES} ${i}`);
      }
      const keys = async () => Object.keys(await fakeBrowser.storage.session.get(null)).filter((key) => key.startsWith('popup-draft:')).sort();
      await waitFor(async () => expect(await keys()).toHaveLength(10));
      expect(await keys()).not.toContain('popup-draft:p0@northwind.example');
      expect(await keys()).not.toContain('popup-draft:p1@northwind.example');
      expect(await notesOnOpen('?tab=9&prospect=p11%40northwind.example')).toBe(`${NOTES} 11`);

      // An hour after the eleventh, typing for another person drops every draft older than that hour.
      setClock(() => start + 70 * 60_000);
      await typeAndClose(DANA_URL, NOTES);
      await waitFor(async () => expect(await keys()).toEqual(['popup-draft:dana@northwind.example', 'popup-draft:p11@northwind.example']));
    } finally {
      restore();
    }
  });

  it('keeps no more of a field than the form accepts', async () => {
    background([]);
    await typeAndClose(DANA_URL, 'x'.repeat(50_000));
    expect(await notesOnOpen(DANA_URL)).toHaveLength(10_000);
  });
});

describe('popup: accessibility', () => {
  it('has no axe violations with several prospects and every sync state', async () => {
    const axe = (await import('axe-core')).default;
    background(
      [storedAction({ state: 'pending' }), storedAction({ state: 'done' }), storedAction({ state: 'dead', lastError: 'Server error (500)' })],
      { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield'), view('lee@contoso.example', 'Lee Park')]) },
    );
    const { container } = render(<PopupApp params={readParams('?tab=7')} />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });
});

describe('popup: lead feedback link', () => {
  it('opens feedback.html in a new tab', async () => {
    background([], { 7: tab(7, [view('dana@northwind.example', 'Dana Whitfield')]) });
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    render(<PopupApp params={readParams('?tab=7')} />);
    const link = await screen.findByRole('link', { name: 'Lead feedback' });
    expect(link.getAttribute('href')).toBe('/feedback.html');
    fireEvent.click(link);
    expect(create).toHaveBeenCalledWith({ url: browser.runtime.getURL('/feedback.html') });
  });
});
