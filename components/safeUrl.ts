/**
 * Page and CRM data may carry any URL. Only https: and mailto: are ever turned into links; anything
 * else (javascript:, data:, http:, relative or broken URLs) answers null and is shown as text.
 */
const SAFE_PROTOCOLS = new Set(['https:', 'mailto:']);

export function safeUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
