/**
 * One page's detection loop: scan the page, tell the background what it shows when that changes, and
 * hand the answer to whoever draws it. Plain logic with its effects injected, so it is tested without
 * a browser; lib/content/main.ts wires it to the real page, messaging and the sidebar.
 */
import type { TabViews } from '../messaging';
import type { Candidate } from '../model/prospect';
import type { ProspectView } from '../model/view';
import { errorText, refusedAsSent } from '../errors';

export interface ScanResult {
  candidates: Candidate[];
  selfAddresses: string[];
  /** Which finders matched precisely or by fallback (lib/detect, ScanHealth); sent along, not compared. */
  health?: { precise: string[]; fallback: string[] };
}

export interface SessionState {
  views: ProspectView[];
  /** A detection is on its way to the background and nothing was shown yet for it. */
  loading: boolean;
  /** The last request failed (extension updated or reloading, worker unreachable). */
  error?: string;
}

export interface SessionDeps {
  scan(): ScanResult;
  url(): string;
  report(url: string, scan: ScanResult): Promise<TabViews>;
  onState(state: SessionState): void;
}

/**
 * Every candidate field, in a fixed order (a record, so the compiler names any field left out). Each
 * one changes a card: a reply from someone already in the thread moves only `newest`, and LinkedIn
 * renders the experience section, with title and company, after the top card.
 */
const FIELDS = Object.keys({ key: 1, email: 1, name: 1, title: 1, company: 1, linkedinUrl: 1, role: 1, newest: 1 } satisfies Record<keyof Candidate, 1>) as (keyof Candidate)[];

function candidateSignature(candidate: Candidate): string {
  return JSON.stringify(FIELDS.map((field) => candidate[field] ?? null));
}

function signatureOf(url: string, scan: ScanResult): string {
  const people = scan.candidates.map(candidateSignature).sort();
  return `${url}\n${people.join('\n')}\n${[...scan.selfAddresses].sort().join(',')}`;
}

/**
 * Pushes are matched to detections by revision (docs/architecture.md, "The push protocol"): while a
 * report is on its way, every push is about a page this one no longer shows and is dropped; after
 * the answer, only pushes of its revision or a newer one are taken.
 */
export function createSession(deps: SessionDeps) {
  let lastSignature: string | undefined;
  let generation = 0;
  let reporting = 0;
  let revision = 0;
  let state: SessionState = { views: [], loading: false };

  const publish = (next: SessionState) => {
    state = next;
    deps.onState(state);
  };

  /** Scans now; reports only when what the page shows changed (or when forced). */
  async function rescan(force = false): Promise<void> {
    const scan = deps.scan();
    const url = deps.url();
    const signature = signatureOf(url, scan);
    if (!force && signature === lastSignature) return;
    lastSignature = signature;
    const mine = ++generation;
    if (scan.candidates.length > 0 && state.views.length === 0) publish({ ...state, loading: true, error: undefined });
    reporting++;
    try {
      const answer = await deps.report(url, scan);
      // A newer scan was sent meanwhile: its answer wins.
      if (mine === generation) {
        revision = answer.revision;
        publish({ views: answer.views, loading: false });
      }
    } catch (error) {
      if (mine === generation) {
        // Not reached, or too many at once: try again on the next change. Refused for what it said: the
        // same report would be refused again, so only a change of what the page shows sends another.
        if (!refusedAsSent(error)) lastSignature = undefined;
        publish({ views: state.views, loading: false, error: errorText(error) });
      }
    } finally {
      reporting--;
    }
  }

  /** The background pushed this tab's views (a source answered, an action synced, data deleted). */
  function receive(pushed: TabViews): void {
    if (reporting > 0 || pushed.revision < revision) return; // about a page this one no longer shows
    revision = pushed.revision;
    publish({ views: pushed.views, loading: false });
  }

  return { rescan, receive, get state() { return state; } };
}
