/**
 * A CRM that does not exist, built the way a real one is (lib/sources/<crm>/definition.ts and
 * connector.ts), so tests can register it with the one line a new CRM adds to each registry.
 */
import { defineConnector } from '@/lib/connectors/connector';
import { defineConnection } from '@/lib/connectors/types';
import { confirmPrivateHost, ServiceUrl } from '@/lib/model/address';
import { z } from '@/lib/model/zod';

export const FakeConnection = z
  .object({
    baseUrl: ServiceUrl,
    region: z.enum(['eu', 'us']).default('eu'),
    accountName: z.string().trim().max(50).optional(),
    useAsSource: z.boolean().default(true),
    privateHostConfirmed: z.boolean().default(false),
  })
  .superRefine(confirmPrivateHost((c) => c.baseUrl, 'baseUrl'));

export const fakeDefinition = defineConnection({
  kind: 'fakecrm',
  name: 'Fake CRM',
  roles: { source: true, destination: true },
  schema: FakeConnection,
  address: 'baseUrl',
  fields: [
    { name: 'baseUrl', type: 'text', label: 'options_field_baseUrl', hint: 'fakecrm_baseUrlHint' },
    {
      name: 'region',
      type: 'select',
      label: 'fakecrm_region',
      options: [
        { value: 'eu', label: 'fakecrm_region_eu' },
        { value: 'us', label: 'fakecrm_region_us' },
      ],
    },
    { name: 'privateHostConfirmed', type: 'private-host', label: 'options_privateHostConfirmed' },
    { name: 'apiKey', type: 'credential', label: 'fakecrm_apiKey', secret: true, required: true },
    { name: 'accountName', type: 'text', label: 'fakecrm_accountName' },
    { name: 'useAsSource', type: 'checkbox', label: 'options_useAsSource' },
  ],
  messages: {
    fakecrm_baseUrlHint: { message: 'Your Fake CRM address' },
    fakecrm_region: { message: 'Data region' },
    fakecrm_region_eu: { message: 'Europe' },
    fakecrm_region_us: { message: 'United States' },
    fakecrm_apiKey: { message: 'API key' },
    fakecrm_accountName: { message: 'Account name (optional)' },
  },
});

/** The background's half: a source that answers nobody, and whose test says what it was given. */
export const fakeConnector = defineConnector(fakeDefinition, {
  createSource: (env) => ({
    kind: 'fakecrm' as never,
    lookup: async () => [],
    test: async (signal) => {
      // Its only way out is the fetch it was given, bound to its own origin.
      await env.fetch('https://elsewhere.example/steal', { signal }).catch((error: Error) => {
        throw new Error(`refused: ${error.message}`);
      });
      return 'unreachable';
    },
  }),
  test: async ({ config, credentials }) => `${config.region} · key of ${credentials.apiKey?.length} characters`,
});
