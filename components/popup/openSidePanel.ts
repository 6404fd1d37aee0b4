/**
 * Opens the side panel from the popup. Browsers only open panels inside a user gesture, so the
 * direct API call comes first, synchronously in the click handler; the background is told as well,
 * so it can point the panel at this tab (it cannot open it itself once the gesture has passed).
 */
import { send } from '@/lib/messaging';
import { openPanel } from '@/lib/platform';

export function openSidePanel(tabId: number | undefined): void {
  const ignore = () => undefined;
  if (tabId !== undefined) void openPanel(tabId);
  send({ type: 'sidepanel/open', tabId }).catch(ignore);
}
