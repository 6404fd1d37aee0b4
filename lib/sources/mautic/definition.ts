/**
 * Mautic's connection: its settings, its Options form and its names (lib/connectors/types.ts).
 * Self-hosted, so any https address (a private-network one once the rep confirms it); Basic auth or
 * OAuth2 client credentials.
 */
import { defineConnection, type FieldValues } from '../../connectors/types';
import { confirmPrivateHost, ServiceUrl } from '../../model/address';
import { z } from '../../model/zod';

export const MauticConnection = z
  .object({
    baseUrl: ServiceUrl,
    authMethod: z.enum(['basic', 'oauth2']).default('basic'),
    useAsSource: z.boolean().default(true),
    /** How lead feedback reaches Mautic besides the note. */
    feedbackAs: z.enum(['points', 'tags', 'note']).default('note'),
    /** The rep confirmed a private-network https address (see isPrivateHost). */
    privateHostConfirmed: z.boolean().default(false),
  })
  .superRefine(confirmPrivateHost((c) => c.baseUrl, 'baseUrl'));
export type MauticConnection = z.infer<typeof MauticConnection>;

/** Where an OAuth2 access token is cached (auth.ts), bound like every secret to the Mautic address. */
export const TOKEN_SECRET_ID = 'mautic-oauth-token';

const oauth2 = (values: FieldValues) => values.authMethod === 'oauth2';
const basic = (values: FieldValues) => !oauth2(values);

export const mauticDefinition = defineConnection({
  kind: 'mautic',
  name: 'Mautic',
  roles: { source: true, destination: true },
  createsContacts: true,
  schema: MauticConnection,
  address: 'baseUrl',
  fields: [
    { name: 'baseUrl', type: 'text', label: 'options_field_baseUrl', hint: 'mautic_baseUrlHint' },
    {
      name: 'authMethod',
      type: 'select',
      label: 'mautic_authMethod',
      options: [
        { value: 'basic', label: 'mautic_auth_basic' },
        { value: 'oauth2', label: 'mautic_auth_oauth2' },
      ],
    },
    { name: 'privateHostConfirmed', type: 'private-host', label: 'options_privateHostConfirmed' },
    { name: 'username', type: 'credential', label: 'options_field_username', secret: false, required: true, when: basic },
    { name: 'password', type: 'credential', label: 'options_field_password', secret: true, required: true, when: basic },
    { name: 'clientId', type: 'credential', label: 'options_field_clientId', secret: false, required: true, when: oauth2 },
    { name: 'clientSecret', type: 'credential', label: 'options_field_clientSecret', secret: true, required: true, when: oauth2 },
    { name: 'useAsSource', type: 'checkbox', label: 'options_useAsSource' },
    {
      name: 'feedbackAs',
      type: 'select',
      label: 'mautic_feedbackAs',
      options: [
        { value: 'note', label: 'mautic_feedbackAs_note' },
        { value: 'points', label: 'mautic_feedbackAs_points' },
        { value: 'tags', label: 'mautic_feedbackAs_tags' },
      ],
    },
  ],
  help: { label: 'mautic_help', url: 'https://developer.mautic.org/#rest-api' },
  // A cached OAuth2 token belongs to the server and client that issued it.
  derivedSecrets: [TOKEN_SECRET_ID],
  messages: {
    mautic_help: { message: 'Mautic REST API (enable it, Basic or OAuth2)' },
    mautic_baseUrlHint: { message: "Your Mautic address, e.g. https://marketing.example.com (the API must be enabled in Mautic's settings)." },
    mautic_authMethod: { message: 'Authentication' },
    mautic_auth_basic: { message: 'Basic (username and password)' },
    mautic_auth_oauth2: { message: 'OAuth2 client credentials' },
    mautic_feedbackAs: { message: 'Lead feedback reaches Mautic as' },
    mautic_feedbackAs_note: { message: 'A note' },
    mautic_feedbackAs_points: { message: 'Points (plus a note)' },
    mautic_feedbackAs_tags: { message: 'Tags (plus a note)' },
  },
  mock: 'lib/sources/mautic/mock.ts',
});
