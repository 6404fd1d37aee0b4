import { describe, expect, it } from 'vitest';
import { createSession, type ScanResult, type SessionState } from '@/lib/content/session';
import { UserFacingError } from '@/lib/errors';
import type { TabViews } from '@/lib/messaging';
import type { Candidate } from '@/lib/model/prospect';
import type { ProspectView } from '@/lib/model/view';

const view = (key: string) => ({ key }) as ProspectView;
const answer = (revision: number, ...keys: string[]): TabViews => ({ revision, views: keys.map(view) });

function harness(initial: ScanResult) {
  let scan = initial;
  const states: SessionState[] = [];
  const pending: { resolve: (v: TabViews) => void; reject: (e: Error) => void; scan: ScanResult }[] = [];
  const session = createSession({
    scan: () => scan,
    url: () => 'https://mail.google.com/mail/u/0/#inbox/1',
    report: (_url, s) => new Promise((resolve, reject) => pending.push({ resolve, reject, scan: s })),
    onState: (state) => states.push(state),
  });
  return { session, states, pending, setScan: (s: ScanResult) => (scan = s) };
}

const dana: ScanResult = { candidates: [{ key: 'dana@x.example', email: 'dana@x.example' }], selfAddresses: [] };
const jonas: ScanResult = { candidates: [{ key: 'jonas@y.example', email: 'jonas@y.example' }], selfAddresses: [] };

describe('page session', () => {
  it('shows loading, then the answer', async () => {
    const h = harness(dana);
    const done = h.session.rescan();
    expect(h.states.at(-1)).toEqual({ views: [], loading: true, error: undefined });
    h.pending[0]!.resolve(answer(1, 'dana@x.example'));
    await done;
    expect(h.states.at(-1)).toEqual({ views: [view('dana@x.example')], loading: false });
  });

  it('does not report again while the page shows the same people', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve(answer(1));
    await first;
    await h.session.rescan();
    expect(h.pending).toHaveLength(1);
    const forced = h.session.rescan(true);
    expect(h.pending).toHaveLength(2);
    h.pending[1]!.resolve(answer(2));
    await forced;
  });

  it.each<[string, Partial<Candidate>]>([
    ['sent the newest message', { newest: true }],
    ['has a title', { title: 'VP Marketing' }],
    ['has a company', { company: 'Northwind' }],
    ['has a LinkedIn profile', { linkedinUrl: 'https://www.linkedin.com/in/dana' }],
    ['has another address', { email: 'dana.w@x.example' }],
  ])('reports again when the same person now %s', async (_change, fields) => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve(answer(1));
    await first;
    h.setScan({ ...dana, candidates: [{ ...dana.candidates[0]!, ...fields }] });
    void h.session.rescan();
    expect(h.pending).toHaveLength(2);
  });

  it('lets the newest scan win when answers arrive out of order', async () => {
    const h = harness(dana);
    const a = h.session.rescan();
    h.setScan(jonas);
    const b = h.session.rescan();
    h.pending[1]!.resolve(answer(2, 'jonas@y.example'));
    await b;
    h.pending[0]!.resolve(answer(1, 'dana@x.example'));
    await a;
    expect(h.states.at(-1)!.views).toEqual([view('jonas@y.example')]);
  });

  it('sends a refused report again only once the page changes: the same one would be refused again', async () => {
    const h = harness(dana);
    const refused = h.session.rescan();
    h.pending[0]!.reject(new UserFacingError('invalid', 'A detected key is an address'));
    await refused;
    await h.session.rescan();
    expect(h.pending).toHaveLength(1);
    h.setScan(jonas);
    const changed = h.session.rescan();
    expect(h.pending).toHaveLength(2);
    h.pending[1]!.resolve(answer(2, 'jonas@y.example'));
    await changed;
  });

  it('keeps what it showed when the background cannot be reached, and retries on the next change', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve(answer(1, 'dana@x.example'));
    await first;
    h.setScan(jonas);
    const failing = h.session.rescan();
    h.pending[1]!.reject(new Error('Extension context invalidated.'));
    await failing;
    expect(h.states.at(-1)).toMatchObject({ views: [view('dana@x.example')], loading: false, error: 'Extension context invalidated.' });
    const again = h.session.rescan();
    expect(h.pending).toHaveLength(3);
    h.pending[2]!.resolve(answer(3));
    await again;
  });

  it('takes a push for the detection it shows, or a newer one', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve(answer(4, 'dana@x.example'));
    await first;
    h.session.receive(answer(4, 'dana@x.example', 'li@z.example'));
    expect(h.states.at(-1)!.views.map((v) => v.key)).toEqual(['dana@x.example', 'li@z.example']);
    h.session.receive(answer(5));
    expect(h.states.at(-1)!.views).toEqual([]);
  });

  it('drops a push for an older detection: a slow source never paints the previous page', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve(answer(7, 'dana@x.example'));
    await first;
    h.session.receive(answer(6, 'old@w.example'));
    expect(h.states.at(-1)!.views).toEqual([view('dana@x.example')]);
  });

  it('drops every push while a report is on its way: it is about the page before', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve(answer(1, 'dana@x.example'));
    await first;
    h.setScan(jonas);
    const second = h.session.rescan();
    // Dana's source answers late, for the revision Jonas's page has not replaced yet in this script.
    const shown = h.states.length;
    h.session.receive(answer(1, 'old@w.example'));
    expect(h.states).toHaveLength(shown);
    h.pending[1]!.resolve(answer(2, 'jonas@y.example'));
    await second;
    expect(h.states.at(-1)!.views).toEqual([view('jonas@y.example')]);
  });
});
