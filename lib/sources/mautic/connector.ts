/** Mautic as the background runs it: lookups, notes for logged actions and the connection test. */
import { defineConnector } from '../../connectors/connector';
import type { MauticCredentials } from './auth';
import { mauticDefinition } from './definition';
import { createMauticDestination } from './destination';
import { createMauticSource } from './source';

// The required ones for the configured auth method are present (lib/background/connections.ts).
const credentials = (values: Readonly<Record<string, string>>) => values as unknown as MauticCredentials;

export const mauticConnector = defineConnector(mauticDefinition, {
  createSource: ({ config, credentials: values, fetch }) => createMauticSource(config, credentials(values), fetch),
  createDestination: ({ config, credentials: values, fetch }) => createMauticDestination(config, credentials(values), fetch),
});
