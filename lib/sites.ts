/**
 * The sites Prospect Lens reads. These lists feed the manifest (host permissions), the content
 * script's run-time registration (lib/background/registration.ts) and the background's sender checks
 * (siteOf), so they can never disagree.
 */
export type SiteId = 'gmail' | 'outlook' | 'linkedin';

export const SITE_IDS: readonly SiteId[] = ['gmail', 'outlook', 'linkedin'];

/** Host permissions: what the extension may inject into at all (the manifest's `host_permissions`). */
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

/**
 * Where the content script runs: every page of the webmail apps; on LinkedIn only where prospects
 * appear. www.linkedin.com is a single-page app (a profile, messaging or Sales Navigator can open from
 * any page), so all its paths; the country subdomains (de., br., …) serve public profiles only. Match
 * patterns cannot say "two letters", so `*.linkedin.com/in/*` also covers e.g. learning.linkedin.com/in/…;
 * there the script finds siteOf() null and stops before doing anything, and the guard refuses it.
 */
export const CONTENT_SCRIPT_MATCHES: Record<SiteId, readonly string[]> = {
  gmail: SITE_MATCHES.gmail,
  outlook: SITE_MATCHES.outlook,
  linkedin: ['https://www.linkedin.com/*', 'https://*.linkedin.com/in/*', 'https://*.linkedin.com/pub/*'],
};

const OUTLOOK_HOSTS = new Set([
  'outlook.office.com',
  'outlook.office365.com',
  'outlook.live.com',
  'outlook.cloud.microsoft',
]);

/** de.linkedin.com, br.linkedin.com: LinkedIn's country subdomains are two letters (and the bare domain). */
const LINKEDIN_PROFILE_HOST = /^(?:[a-z]{2}\.)?linkedin\.com$/;
const LINKEDIN_PROFILE_PATH = /^\/(?:in|pub)\//;

/**
 * Which supported site a URL belongs to, or null: the pages the content script runs on, and so the
 * only pages a content script may talk from. Only https counts; on LinkedIn, www.linkedin.com and
 * public profiles on the country subdomains — not learning., business., developer. or any other.
 */
export function siteOf(url: string | URL | undefined | null): SiteId | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '') return null;
  const host = parsed.hostname.toLowerCase();
  if (host === 'mail.google.com') return 'gmail';
  if (OUTLOOK_HOSTS.has(host)) return 'outlook';
  if (host === 'www.linkedin.com') return 'linkedin';
  if (LINKEDIN_PROFILE_HOST.test(host) && LINKEDIN_PROFILE_PATH.test(parsed.pathname)) return 'linkedin';
  return null;
}
