/**
 * The connectors, as the settings model, the messages, Options and the labels know them. Adding a CRM
 * adds its definition here and its connector in registry.ts (docs/architecture.md, "How to add a CRM").
 * Order is the order Options lists them in.
 */
import { hubspotDefinition } from '../sources/hubspot/definition';
import { mauticDefinition } from '../sources/mautic/definition';
import { salesforceDefinition } from '../sources/salesforce/definition';
import { webhookDefinition } from '../sources/webhook/definition';

export const DEFINITIONS = [hubspotDefinition, salesforceDefinition, mauticDefinition, webhookDefinition] as const;
