import { uiLocale } from '../i18n';

// Read where the store reads it too ("delete everything" checks IndexedDB's part): one estimate call.
export { type StorageUse, storageUsed } from '../store/storage-estimate';

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
