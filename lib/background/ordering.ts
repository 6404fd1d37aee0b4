/**
 * The order of a tab's cards (docs/architecture.md, "Test contract"). Applied where
 * the tab's views are built (tab-builder.ts), so the sidebar, the side panel, the badge and the popup
 * (which pre-fills with the first card) all see one order:
 *
 * 1. the people the rep looked up with the context menu (`role: 'lookup'`): they asked for them, and
 *    the side panel the menu opens shows them at the top;
 * 2. the sender of the thread's newest message (`Candidate.newest`), when they have a card at all —
 *    the rep is answering that person, so they come first even when the store knows nothing of them
 *    (the user, colleagues, automated senders and lists never have a card, so they never come first);
 * 3. the other people with data (`known`), hottest first: hot, warm, cold, ties by heat score;
 * 4. people with no data (unknown cards) last.
 *
 * The sort is stable: within a tie the page's order (first sighting) stays.
 */
import type { Candidate } from '../model/prospect';
import type { Heat, ProspectView } from '../model/view';

const HEAT_RANK: Record<Heat, number> = { hot: 0, warm: 1, cold: 2 };

/** The detected key of the newest message's sender, if the detection marked one. */
export function newestKey(candidates: readonly Candidate[]): string | undefined {
  return candidates.find((candidate) => candidate.newest)?.key;
}

/** Looked up with the context menu (lib/identity/lookup.ts gives them this role), not read off the page. */
export const isLookedUp = (candidate: Candidate): boolean => candidate.role === 'lookup';

/** The detected keys of the people looked up with the context menu. */
export function lookedUpKeys(candidates: readonly Candidate[]): string[] {
  return candidates.filter(isLookedUp).map((candidate) => candidate.key);
}

const KNOWN = 2;

function group(view: ProspectView, newest: string | undefined, lookedUp: readonly string[]): number {
  if (lookedUp.includes(view.detectedKey)) return 0;
  if (newest !== undefined && view.detectedKey === newest) return 1;
  return view.known ? KNOWN : 3;
}

/** The views in card order; a new array, the views themselves unchanged. */
export function orderViews(views: readonly ProspectView[], newest?: string, lookedUp: readonly string[] = []): ProspectView[] {
  return views
    .map((view, index) => ({ view, index, group: group(view, newest, lookedUp) }))
    .sort((a, b) => {
      if (a.group !== b.group) return a.group - b.group;
      if (a.group === KNOWN) {
        const heat = (HEAT_RANK[a.view.insights.heat] ?? 3) - (HEAT_RANK[b.view.insights.heat] ?? 3);
        if (heat !== 0) return heat;
        const score = (b.view.insights.heatScore ?? 0) - (a.view.insights.heatScore ?? 0);
        if (score !== 0) return score;
      }
      return a.index - b.index;
    })
    .map((entry) => entry.view);
}
