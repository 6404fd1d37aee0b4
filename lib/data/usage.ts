import { uiLocale } from '../i18n';

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

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * "1.4 MB": decimal units, like the browsers' own storage pages, written the way the UI language writes them
 * ("12,3 MB" in German, "12,3 Mo" in French).
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  // Bytes in words ("999 bytes", "999 octets"): the short form is "999 byte" in English.
  const unitDisplay = unit === 0 ? 'long' : 'short';
  return new Intl.NumberFormat(uiLocale(), { style: 'unit', unit: UNITS[unit], unitDisplay, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}
