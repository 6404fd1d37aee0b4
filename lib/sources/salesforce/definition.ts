/**
 * Salesforce's connection: its settings, its Options form and its names (lib/connectors/types.ts).
 *
 * The rep types no token. The form holds what the rep knows — the login host and the consumer key of
 * the org's connected app — and Connect runs OAuth 2.0 (authorization code with PKCE) in the browser's
 * auth window. The instance URL is learned when the org answers; it is the connection's address, so
 * the access and refresh tokens are bound to it (docs/architecture.md, "Connectors that sign in with OAuth").
 */
import { defineConnection, type FieldValues, RECONNECT_CREDENTIAL } from '../../connectors/types';
import { isLoopbackHost, ServiceUrl } from '../../model/address';
import { z } from '../../model/zod';

/** One REST version for every request (Salesforce keeps old versions for years). */
export const API_VERSION = 'v62.0';

/**
 * Salesforce's login hosts: production, sandbox, or an org's My Domain (also a sandbox or
 * Experience Cloud one). Anything else would receive the authorization code, so it is refused; a
 * loopback `http://` address is allowed for local test servers only.
 */
const SALESFORCE_HOST = /^(login|test)\.salesforce\.com$|^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:--[a-z0-9]{1,40})?\.(?:sandbox\.|develop\.|scratch\.)?my\.salesforce\.com$/;

/** `login.salesforce.com`, `https://acme.my.salesforce.com` → the login origin; undefined when not a Salesforce login host. */
export function loginOrigin(value: string | undefined): string | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return undefined;
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return undefined;
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname) ? url.origin : undefined;
  if (url.protocol !== 'https:' || url.port !== '') return undefined;
  return SALESFORCE_HOST.test(url.hostname.toLowerCase()) ? url.origin : undefined;
}

/**
 * The API hosts an org's `instance_url` may name: its My Domain (`acme.my.salesforce.com`, a sandbox's
 * `acme--uat.sandbox.my.salesforce.com`, develop and scratch orgs likewise), or a legacy instance
 * (`na123.salesforce.com`, `cs42.salesforce.com`, `eu12.salesforce.com`, `um1.salesforce.com`).
 * Not `*.lightning.force.com` or other `force.com` hosts (Lightning pages, Visualforce, sites): they
 * serve no REST API, and tokens must not go there.
 */
const INSTANCE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:--[a-z0-9]{1,40})?\.(?:sandbox\.|develop\.|scratch\.)?my\.salesforce\.com|[a-z]{2,4}[0-9]{1,3}[a-z]?\.salesforce\.com)$/;

/** Where an org's REST API lives (the `instance_url` of the token answer). Tokens are sent nowhere else. */
export function isSalesforceInstanceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:') return isLoopbackHost(url.hostname);
    return url.protocol === 'https:' && url.port === '' && INSTANCE_HOST.test(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

export const SalesforceConnection = z.object({
  loginHost: z
    .string()
    .trim()
    .max(300)
    .refine((v) => loginOrigin(v) !== undefined, { message: 'salesforce_loginHostInvalid' })
    .default('login.salesforce.com'),
  /** The connected app's consumer key (its OAuth client id). Public, so a setting, not a secret. */
  consumerKey: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{10,256}$/, { message: 'salesforce_consumerKeyInvalid' })
    .optional(),
  /** Learned at Connect: the org's API address, which the tokens are bound to. Not a form field. */
  instanceUrl: ServiceUrl.refine(isSalesforceInstanceUrl, { message: 'salesforce_instanceUrlInvalid' }).optional(),
  /** The rep's Salesforce user id (from the identity URL), so the card can say "you". */
  userId: z.string().regex(/^[a-zA-Z0-9]{15,18}$/).optional(),
  useAsSource: z.boolean().default(true),
  /** Lead Status values lead feedback sets (each org has its own picklist). */
  feedbackAcceptedStatus: z.string().trim().min(1).max(100).default('Working - Contacted'),
  feedbackRejectedStatus: z.string().trim().min(1).max(100).default('Closed - Not Converted'),
  /**
   * The Contact field a stage change sets (its API name, e.g. `Lifecycle_Stage__c`); Contacts have no
   * status of their own. Without it, a stage change on a Contact is logged as a Task.
   */
  contactStageField: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, { message: 'salesforce_contactStageFieldInvalid' })
    .optional(),
});
export type SalesforceConnection = z.infer<typeof SalesforceConnection>;

/** Names of the values kept in the secrets store under `salesforce`, bound to the instance origin. */
export const TOKEN_FIELDS = { access: 'accessToken', refresh: 'refreshToken', reconnect: RECONNECT_CREDENTIAL } as const;

/**
 * Host access asked for in the Connect click. The instance URL is learned only after sign-in, when the
 * click's gesture is over and no prompt may be shown, so the request covers every host it may name
 * (INSTANCE_HOST) by a pattern:
 * - a My Domain login host: `https://*.my.salesforce.com/*` (an org with a My Domain has its API
 *   there; a match pattern's `*.` covers sandbox, develop and scratch subdomains at any depth);
 * - `login.salesforce.com` / `test.salesforce.com`: the org may still answer with a legacy instance
 *   (`na123.salesforce.com`), which no narrower pattern can name, so `https://*.salesforce.com/*`.
 * Never `force.com`. None for a loopback test server.
 */
export function connectOrigins(values: FieldValues): string[] {
  const login = loginOrigin(typeof values.loginHost === 'string' ? values.loginHost : undefined);
  if (!login || login.startsWith('http:')) return [];
  const host = new URL(login).hostname;
  return host.endsWith('.my.salesforce.com') ? ['https://*.my.salesforce.com/*'] : [`https://${host}/*`, 'https://*.salesforce.com/*'];
}

export const salesforceDefinition = defineConnection({
  kind: 'salesforce',
  name: 'Salesforce',
  roles: { source: true, destination: true },
  createsContacts: true,
  schema: SalesforceConnection,
  address: 'instanceUrl',
  // Tokens are issued to one connected app: refreshed with another app's key, Salesforce refuses them.
  tokensBoundTo: ['consumerKey'],
  fields: [
    { name: 'loginHost', type: 'text', label: 'salesforce_loginHost', hint: 'salesforce_loginHostHint' },
    { name: 'consumerKey', type: 'text', label: 'salesforce_consumerKey', hint: 'salesforce_consumerKeyHint' },
    { name: 'connect', type: 'connect', label: 'salesforce_connect', hint: 'salesforce_connectHint', origins: connectOrigins },
    { name: 'useAsSource', type: 'checkbox', label: 'options_useAsSource' },
    { name: 'feedbackAcceptedStatus', type: 'text', label: 'salesforce_feedbackAccepted', hint: 'salesforce_feedbackHint' },
    { name: 'feedbackRejectedStatus', type: 'text', label: 'salesforce_feedbackRejected' },
    { name: 'contactStageField', type: 'text', label: 'salesforce_contactStageField', hint: 'salesforce_contactStageFieldHint', diagnostic: true },
  ],
  help: { label: 'salesforce_help', url: 'https://help.salesforce.com/s/articleView?id=sf.connected_app_create_api_integration.htm&type=5' },
  messages: {
    salesforce_help: { message: 'Salesforce connected apps (for the consumer key)' },
    salesforce_loginHost: { message: 'Login host' },
    salesforce_loginHostHint: { message: 'login.salesforce.com, test.salesforce.com for a sandbox, or your My Domain (name.my.salesforce.com).' },
    salesforce_feedbackAccepted: { message: 'Lead Status for an accepted lead' },
    salesforce_feedbackRejected: { message: 'Lead Status for a rejected lead' },
    salesforce_contactStageField: { message: 'Contact field for stage changes (optional)' },
    salesforce_contactStageFieldHint: { message: "API name of a Contact picklist or text field. Without one, a Contact's stage change is logged as a Task." },
    salesforce_feedbackHint: { message: "Values of your org's Lead Status picklist." },
    salesforce_consumerKey: { message: 'Consumer key' },
    salesforce_connect: { message: 'Connect to Salesforce' },
    salesforce_connectHint: { message: 'Opens Salesforce to sign in. Nothing is saved until Salesforce answers.' },
    salesforce_consumerKeyHint: { message: "From your admin: the connected app's consumer key (PKCE on, scopes api and refresh_token)." },
    // The schema's messages (keys, worded when a form shows them).
    salesforce_loginHostInvalid: { message: 'Use login.salesforce.com, test.salesforce.com or your My Domain (name.my.salesforce.com)' },
    salesforce_consumerKeyInvalid: { message: "Paste the connected app's consumer key" },
    salesforce_instanceUrlInvalid: { message: 'Not a Salesforce address' },
    salesforce_contactStageFieldInvalid: { message: "Use the field's API name, e.g. Lifecycle_Stage__c" },
  },
  mock: 'lib/sources/salesforce/mock.ts',
});
