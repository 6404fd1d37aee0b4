import type { ActionType } from '@/lib/model/action';
import type { SourceKind } from '@/lib/model/engagement';
import type { ProspectView } from '@/lib/model/view';

/**
 * What a card can ask for. Components never send messages themselves: the content script and the
 * side panel wire these to the background, so the same card works in both and in tests.
 */
export interface CardCallbacks {
  /** Look the prospect up again from `source` (refresh past the cache). */
  onRetry(source: SourceKind, view: ProspectView): void;
  /** The rep picked which stored prospect a detection is; the background remembers the choice. */
  onChooseMatch(detectedKey: string, chosenKey: string): void;
  onAddToStore(view: ProspectView): void;
  /** Add an unknown person to the destination CRM (`view.createIn`); absent where no tab backs the card (the demo email). */
  onCreateInCrm?(view: ProspectView): void;
  onLog(view: ProspectView, type: ActionType): void;
  /** Add the detected key to the ignore list. */
  onMute(key: string): void;
  /** Undo a mute (the sidebar offers it right after one). */
  onUnmute(key: string): void;
  /** Undo a link the rep made with onChooseMatch: the detected person is shown as themselves again. */
  onUnlink(detectedKey: string): void;
  /** Sync a dead sales action again. */
  onRetryAction(actionId: string): void;
}
