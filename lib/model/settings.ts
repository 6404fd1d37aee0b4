import { connectionsShape } from '../connectors/catalog';
import { DestinationKind } from './action';
import { z } from './zod';

/** The address rules (address.ts, used by every connector's schema), for code that imports them from here. */
export { isAllowedServiceUrl, isLoopbackHost, isPrivateHost, needsPrivateHostConfirmation, originOf, ServiceUrl } from './address';

/**
 * `settings.connections`: one optional entry per connector, each validated by that connector's own
 * schema (lib/sources/<crm>/definition.ts, listed in lib/connectors/definitions.ts).
 */
export const Connections = z.object(connectionsShape());
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
  /**
   * Addresses and `@domains` about which nothing is ever logged (lib/identity/never-log.ts); enforced
   * by the background wherever an action is accepted.
   */
  neverLog: z
    .array(z.string().trim().toLowerCase().max(320).regex(/^(?:[^\s@]+@[^\s@]+|@[^\s@]+\.[^\s@]+)$/, { message: 'Not an address or @domain' }))
    .max(1000)
    .default([]),
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
  /**
   * The rep has opened the side panel (the popup's button, the shortcut or the context menu). Until then
   * the popup on a LinkedIn tab puts "Open side panel" first, as its primary button; set by the
   * background only (lib/background/surfaces.ts).
   */
  sidePanelUsed: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
