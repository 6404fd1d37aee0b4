/**
 * HubSpot's connection: its settings, its Options form and its names (lib/connectors/types.ts).
 * A private-app token, sent only to HubSpot's own API hosts.
 */
import { defineConnection } from '../../connectors/types';
import { isLoopbackHost, ServiceUrl } from '../../model/address';
import { z } from '../../model/zod';

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

export const HubSpotConnection = z.object({
  baseUrl: ServiceUrl.refine(isHubSpotApiUrl, { message: 'hubspot_baseUrlInvalid' }).default(
    'https://api.hubapi.com',
  ),
  useAsSource: z.boolean().default(true),
  /** HubSpot owner id of the rep, stamped on logged activities (`hubspot_owner_id`). */
  ownerId: z.string().max(50).optional(),
  /** Create a contact when a logged action's prospect is not in HubSpot yet. */
  createContacts: z.boolean().default(false),
  /** The account (portal) id, shown in HubSpot's own URLs; with it, cards link to the contact record. */
  portalId: z.string().trim().regex(/^\d{1,20}$/, { message: 'hubspot_portalIdInvalid' }).optional(),
});
export type HubSpotConnection = z.infer<typeof HubSpotConnection>;

export const hubspotDefinition = defineConnection({
  kind: 'hubspot',
  name: 'HubSpot',
  // What lookups (contacts, owners, marketing events, companies, deals, emails) and logging (contacts,
  // companies) ask for; the loopback mock refuses each call whose scope a token lacks (mock.ts).
  scopes: [
    'crm.objects.contacts.read',
    'crm.objects.contacts.write',
    'crm.objects.owners.read',
    'crm.objects.marketing_events.read',
    'crm.objects.companies.read',
    'crm.objects.companies.write',
    'crm.objects.deals.read',
    'sales-email-read',
  ],
  roles: { source: true, destination: true },
  createsContacts: true,
  schema: HubSpotConnection,
  address: 'baseUrl',
  fields: [
    { name: 'baseUrl', type: 'text', label: 'options_field_baseUrl', hint: 'hubspot_baseUrlHint' },
    { name: 'token', type: 'credential', label: 'hubspot_token', secret: true, required: true },
    { name: 'ownerId', type: 'text', label: 'hubspot_ownerId', hint: 'hubspot_ownerIdHint', diagnostic: true },
    { name: 'useAsSource', type: 'checkbox', label: 'options_useAsSource' },
    { name: 'createContacts', type: 'checkbox', label: 'hubspot_createContacts' },
  ],
  help: { label: 'hubspot_help', url: 'https://developers.hubspot.com/docs/guides/apps/private-apps/overview' },
  messages: {
    hubspot_help: { message: 'HubSpot private apps (for the token)' },
    hubspot_baseUrlHint: { message: 'https://api.hubapi.com unless your account uses another data centre.' },
    hubspot_token: { message: 'Private-app token' },
    hubspot_ownerId: { message: 'HubSpot owner ID (optional)' },
    hubspot_ownerIdHint: { message: 'Logged activities are assigned to this owner. Find it under Settings → Users & Teams.' },
    hubspot_createContacts: { message: "Create a contact when a logged action's prospect is not in HubSpot" },
    // The schema's messages (keys, worded when a form shows them).
    hubspot_baseUrlInvalid: { message: "Use HubSpot's API address (https://api.hubapi.com, or your region's api-xxx.hubapi.com)" },
    hubspot_portalIdInvalid: { message: 'The account id is a number (see your HubSpot URL)' },
  },
  mock: 'lib/sources/hubspot/mock.ts',
});
