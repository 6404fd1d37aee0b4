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
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

export const HubSpotConnection = z.object({
  baseUrl: ServiceUrl.default('https://api.hubapi.com'),
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
});
export type MauticConnection = z.infer<typeof MauticConnection>;

export const WebhookConnection = z.object({ url: ServiceUrl });
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

/** Settings as a content script may see them: no connection details at all. */
export type ContentSettings = Pick<Settings, 'sites' | 'ownDomains' | 'myAddresses' | 'ignoreList' | 'display'>;
