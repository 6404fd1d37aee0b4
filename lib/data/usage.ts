/** How much the extension stores, from the browser's own estimate (covers IndexedDB and storage). */
export interface StorageUse {
  usage: number;
  quota?: number;
}

/** Null when the browser gives no estimate. */
export async function storageUsed(): Promise<StorageUse | null> {
  try {
    const estimate = await navigator.storage?.estimate();
    if (estimate?.usage === undefined) return null;
    return { usage: estimate.usage, quota: estimate.quota };
  } catch {
    return null;
  }
}

/** "1.4 MB": decimal units, like the browsers' own storage pages. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
