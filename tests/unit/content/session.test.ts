import { describe, expect, it, vi } from 'vitest';
import { createSession, type ScanResult, type SessionState } from '@/lib/content/session';
import type { ProspectView } from '@/lib/model/view';

const view = (key: string) => ({ key }) as ProspectView;

function harness(initial: ScanResult) {
  let scan = initial;
  const states: SessionState[] = [];
  const pending: { resolve: (v: ProspectView[]) => void; reject: (e: Error) => void; scan: ScanResult }[] = [];
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
    h.pending[0]!.resolve([view('dana@x.example')]);
    await done;
    expect(h.states.at(-1)).toEqual({ views: [view('dana@x.example')], loading: false });
  });

  it('does not report again while the page shows the same people', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve([]);
    await first;
    await h.session.rescan();
    expect(h.pending).toHaveLength(1);
    const forced = h.session.rescan(true);
    expect(h.pending).toHaveLength(2);
    h.pending[1]!.resolve([]);
    await forced;
  });

  it('lets the newest scan win when answers arrive out of order', async () => {
    const h = harness(dana);
    const a = h.session.rescan();
    h.setScan(jonas);
    const b = h.session.rescan();
    h.pending[1]!.resolve([view('jonas@y.example')]);
    await b;
    h.pending[0]!.resolve([view('dana@x.example')]);
    await a;
    expect(h.states.at(-1)!.views).toEqual([view('jonas@y.example')]);
  });

  it('keeps what it showed when the background cannot be reached, and retries on the next change', async () => {
    const h = harness(dana);
    const first = h.session.rescan();
    h.pending[0]!.resolve([view('dana@x.example')]);
    await first;
    h.setScan(jonas);
    const failing = h.session.rescan();
    h.pending[1]!.reject(new Error('Extension context invalidated.'));
    await failing;
    expect(h.states.at(-1)).toMatchObject({ views: [view('dana@x.example')], loading: false, error: 'Extension context invalidated.' });
    const again = h.session.rescan();
    expect(h.pending).toHaveLength(3);
    h.pending[2]!.resolve([]);
    await again;
  });

  it('takes pushed views as they come', () => {
    const onState = vi.fn();
    const session = createSession({ scan: () => dana, url: () => '', report: async () => [], onState });
    session.receive([view('dana@x.example')]);
    expect(onState).toHaveBeenCalledWith({ views: [view('dana@x.example')], loading: false });
  });
});
