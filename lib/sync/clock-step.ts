/**
 * Waits are kept as wall-clock times (an action's `nextAttemptAt`, a Retry-After block, a failing
 * source's quiet period). When the system clock steps back (NTP after a dual-boot clock, a manual
 * fix), each would last as long again as the step: hours, during which "Sync now" sends nothing.
 * Each wait is kept with when it was set, and one set "later" than the clock now reads is over: no
 * wait the code sets outlasts the step that made it look longer. A step of under a minute only
 * lengthens a wait by as much.
 */
const STEP_SLACK_MS = 60_000;

/** Whether the clock reads earlier than `setAt` (when a wait was set) by more than the slack. */
export function clockSteppedBack(setAt: number, now: number): boolean {
  return now < setAt - STEP_SLACK_MS;
}
