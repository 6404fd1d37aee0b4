/** Small conversions every source mapper needs: CRM text into model-sized, model-typed values. */

/** Trims and clips a CRM string to the model's limit; empty becomes undefined. Never interprets markup. */
export function text(value: string | null | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
}

/** An integer from a CRM's numeric text ("72", "72.5", 72); undefined when it is not a number. */
export function int(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.round(n) : undefined;
}

/**
 * An ISO timestamp from the forms CRMs use: ISO 8601, epoch milliseconds (as number or digits), or
 * Mautic's "YYYY-MM-DD HH:mm:ss" in UTC. Undefined when it is not a date.
 */
export function isoTime(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  let ms: number;
  if (typeof value === 'number' || /^\d{10,}$/.test(value)) {
    ms = Number(value);
  } else {
    const spaced = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
    ms = Date.parse(spaced);
  }
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Keeps a link only if it is https (resolved against `base` when relative); cards render nothing else. */
export function httpsUrl(value: string | null | undefined, base?: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' && url.href.length <= 2000 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** "Dana Whitfield" from separate first and last names. */
export function fullName(first: string | null | undefined, last: string | null | undefined): string | undefined {
  return text([first?.trim(), last?.trim()].filter(Boolean).join(' '), 300);
}

export function domainOf(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
}

/** Sets an optional field only when there is a value, so records carry no `undefined` keys into storage or diagnostics. */
export function setIf<T extends object, K extends keyof T>(target: T, field: K, value: T[K] | undefined): void {
  if (value !== undefined) target[field] = value;
}
