import { DestinationKind } from './action';
import { z } from './zod';

/**
 * A base URL the user typed for a CRM or webhook: https anywhere, plain http only on loopback
 * (local test servers). Stored without a trailing slash.
 */
export const ServiceUrl = z
  .string()
  .trim()
  .max(500)
  .refine(isAllowedServiceUrl, { message: 'Use an https:// address (http:// only for localhost or 127.0.0.1)' })
  .transform((u) => u.replace(/\/+$/, ''));

export function isAllowedServiceUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** This machine: the only place plain http is accepted (local test servers). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1';
}

/**
 * A host on a private, link-local or shared network (RFC 1918, 169.254/16, 100.64/10, fc00::/7,
 * fe80::/10, loopback over https, and the reserved local names). A self-hosted Mautic may live there, but
 * so do routers and metadata services: such an address is accepted only when the rep confirms it.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (/(^|\.)(localhost|local|internal|lan|home\.arpa|intranet)$/.test(host)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.includes(':')) return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return false;
}

/** Whether `url` is https on a private or link-local host (plain http is loopback only, see above). */
export function needsPrivateHostConfirmation(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && isPrivateHost(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * HubSpot's API hosts (the global one and the regional ones, such as api-eu1.hubapi.com). A HubSpot
 * token is sent to no other host, so a changed base URL can never carry it elsewhere; loopback stays
 * allowed for local test servers.
 */
export function isHubSpotApiUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:') return isLoopbackHost(url.hostname);
    return url.protocol === 'https:' && /^api(-[a-z]{2,3}\d{1,2})?\.hubapi\.com$/.test(url.hostname) && url.port === '';
  } catch {
    return false;
  }
}

/** The origin a URL's requests go to (`https://host[:port]`), or undefined for a bad URL. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const PRIVATE_HOST_MESSAGE = 'This is a private or local network address: confirm that you trust it to use it';

/** Refuses a private-network https address unless `privateHostConfirmed` is set on the same object. */
function confirmPrivateHost<T extends { privateHostConfirmed?: boolean }>(url: (value: T) => string, path: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    if (needsPrivateHostConfirmation(url(value)) && !value.privateHostConfirmed) {
      ctx.addIssue({ code: 'custom', message: PRIVATE_HOST_MESSAGE, path: [path] });
    }
  };
}

export const HubSpotConnection = z.object({
  baseUrl: ServiceUrl.refine(isHubSpotApiUrl, { message: "Use HubSpot's API address (https://api.hubapi.com, or your region's api-xxx.hubapi.com)" }).default(
    'https://api.hubapi.com',
  ),
  useAsSource: z.boolean().default(true),
  /** HubSpot owner id of the rep, stamped on logged activities (`hubspot_owner_id`). */
  ownerId: z.string().max(50).optional(),
  /** Create a contact when a logged action's prospect is not in HubSpot yet. */
  createContacts: z.boolean().default(false),
  /** The account (portal) id, shown in HubSpot's own URLs; with it, cards link to the contact record. */
  portalId: z.string().trim().regex(/^\d{1,20}$/, { message: 'The account id is a number (see your HubSpot URL)' }).optional(),
});
export type HubSpotConnection = z.infer<typeof HubSpotConnection>;

export const MauticConnection = z.object({
  baseUrl: ServiceUrl,
  authMethod: z.enum(['basic', 'oauth2']).default('basic'),
  useAsSource: z.boolean().default(true),
  /** How lead feedback reaches Mautic besides the note. */
  feedbackAs: z.enum(['points', 'tags', 'note']).default('note'),
  /** The rep confirmed a private-network https address (see isPrivateHost). */
  privateHostConfirmed: z.boolean().default(false),
}).superRefine(confirmPrivateHost((c) => c.baseUrl, 'baseUrl'));
export type MauticConnection = z.infer<typeof MauticConnection>;

export const WebhookConnection = z
  .object({ url: ServiceUrl, privateHostConfirmed: z.boolean().default(false) })
  .superRefine(confirmPrivateHost((c) => c.url, 'url'));
export type WebhookConnection = z.infer<typeof WebhookConnection>;

export const Connections = z.object({
  hubspot: HubSpotConnection.optional(),
  mautic: MauticConnection.optional(),
  webhook: WebhookConnection.optional(),
});
export type Connections = z.infer<typeof Connections>;

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .regex(/^(?=.{1,255}$)[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u, {
    message: 'Not a domain name (example: acme.com)',
  });

const emailish = z.string().trim().toLowerCase().max(320).regex(/^[^\s@]+@[^\s@]+$/, { message: 'Not an email address' });

export const SETTINGS_VERSION = 2;

export const Settings = z.object({
  sites: z
    .object({
      gmail: z.boolean().default(true),
      outlook: z.boolean().default(true),
      linkedin: z.boolean().default(true),
      /** LinkedIn's terms target overlays: the in-page sidebar there is opt-in. */
      linkedinOverlay: z.boolean().default(false),
    })
    .default({ gmail: true, outlook: true, linkedin: true, linkedinOverlay: false }),
  ownDomains: z.array(domain).max(100).default([]),
  myAddresses: z.array(emailish).max(100).default([]),
  /** Keys (emails or linkedin keys) and whole domains (`@example.com`) the rep muted. */
  ignoreList: z.array(z.string().trim().toLowerCase().max(320)).max(5000).default([]),
  connections: Connections.default({}),
  destination: DestinationKind.default('local'),
  /** Days to keep engagement events and finished actions; 0 keeps everything. */
  retentionDays: z.number().int().min(0).max(3650).default(365),
  /** Hours a CRM lookup stays fresh before it is refreshed behind the cached view. */
  cacheTtlHours: z.number().min(0).max(24 * 30).default(6),
  display: z
    .object({
      theme: z.enum(['auto', 'light', 'dark']).default('auto'),
      compact: z.boolean().default(false),
    })
    .default({ theme: 'auto', compact: false }),
  onboarded: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
