/**
 * The connectors the background runs, by kind. Adding a CRM adds it here and its definition in
 * definitions.ts; the type below fails to compile until both are there.
 */
import { hubspotConnector } from '../sources/hubspot/connector';
import { mauticConnector } from '../sources/mautic/connector';
import { salesforceConnector } from '../sources/salesforce/connector';
import { webhookConnector } from '../sources/webhook/connector';
import type { ConnectionKind } from './catalog';
import type { Connector } from './connector';

export const CONNECTORS: { readonly [K in ConnectionKind]: Connector<K> } = {
  hubspot: hubspotConnector,
  mautic: mauticConnector,
  salesforce: salesforceConnector,
  webhook: webhookConnector,
};

export function connectorFor(kind: string): Connector | undefined {
  return (CONNECTORS as Readonly<Record<string, Connector>>)[kind];
}
