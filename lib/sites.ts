/**
 * The sites Prospect Lens reads. One list feeds the manifest (host permissions, content-script
 * matches) and the background's sender checks, so the two can never disagree.
 */
export type SiteId = 'gmail' | 'outlook' | 'linkedin';

export const SITE_MATCHES: Record<SiteId, readonly string[]> = {
  gmail: ['https://mail.google.com/*'],
  outlook: [
    'https://outlook.office.com/*',
    'https://outlook.office365.com/*',
    'https://outlook.live.com/*',
    'https://outlook.cloud.microsoft/*',
  ],
  linkedin: ['https://www.linkedin.com/*', 'https://*.linkedin.com/*'],
};

export const SUPPORTED_SITE_MATCHES: readonly string[] = Object.values(SITE_MATCHES).flat();

const OUTLOOK_HOSTS = new Set([
  'outlook.office.com',
  'outlook.office365.com',
  'outlook.live.com',
  'outlook.cloud.microsoft',
]);

/** Which supported site a URL belongs to, or null. Only https counts. */
export function siteOf(url: string | URL | undefined | null): SiteId | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.toLowerCase();
  if (host === 'mail.google.com') return 'gmail';
  if (OUTLOOK_HOSTS.has(host)) return 'outlook';
  if (host === 'linkedin.com' || host.endsWith('.linkedin.com')) return 'linkedin';
  return null;
}
