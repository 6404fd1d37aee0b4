/**
 * The retention period's cut-off, in one place: retention deletes what is older (lib/background/retention.ts)
 * and an import leaves it out (lib/import/import.ts, restore.ts), so both cut at the same moment.
 */
const DAY_MS = 86_400_000;

/**
 * The oldest time (ms since epoch) data may have to be kept, `keepDays` (settings' `retentionDays`)
 * before `from`; undefined when everything is kept (0, or no setting given).
 */
export function keptSince(keepDays: number | undefined, from: number): number | undefined {
  return keepDays ? from - keepDays * DAY_MS : undefined;
}
