/** Salesforce as the background runs it: lookups, logged activities and the connection test. */
import { defineConnector } from '../../connectors/connector';
import type { ConnectorEnv } from '../../connectors/connector';
import { connectSalesforce, revokeSalesforce } from './auth';
import { salesforceClient } from './client';
import { type SalesforceConnection, salesforceDefinition } from './definition';
import { createSalesforceDestination } from './destination';
import { createSalesforceSource } from './source';

/** The client for a connection; the background only builds an env once `instanceUrl` is known. */
function clientFor(env: ConnectorEnv<SalesforceConnection>) {
  const instanceUrl = env.config.instanceUrl ?? '';
  return salesforceClient({ instanceUrl, consumerKey: env.config.consumerKey, credentials: env.credentials, saveCredentials: env.saveCredentials }, env.fetch);
}

export const salesforceConnector = defineConnector(salesforceDefinition, {
  createSource: (env) => createSalesforceSource(clientFor(env), env.config.instanceUrl ?? ''),
  createDestination: (env) => createSalesforceDestination(clientFor(env), env.config),
  connect: (config, io) => connectSalesforce(config, io),
  disconnect: (env, signal) => revokeSalesforce(env.config.instanceUrl ?? '', env.credentials, env.fetch, signal),
});
