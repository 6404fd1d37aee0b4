/** HubSpot as the background runs it: lookups, logged activities and the connection test. */
import { defineConnector } from '../../connectors/connector';
import { hubspotDefinition } from './definition';
import { createHubSpotDestination } from './destination';
import { createHubSpotSource } from './source';

const credentials = (values: Readonly<Record<string, string>>) => ({ token: values.token ?? '' });

export const hubspotConnector = defineConnector(hubspotDefinition, {
  createSource: ({ config, credentials: values, fetch }) =>
    createHubSpotSource(config, credentials(values), fetch, config.portalId ? { portalId: config.portalId } : {}),
  createDestination: ({ config, credentials: values, fetch }) => createHubSpotDestination(config, credentials(values), fetch),
});
