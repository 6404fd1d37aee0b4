/**
 * What every context derives from the connector definitions (definitions.ts): the kinds, the shape of
 * `settings.connections`, where a connection's requests go, which credentials it needs, and its names.
 * Nothing outside a connector's folder names a CRM: it asks here.
 */
import { formatCount, localizer, type MessageEntry, t } from '../i18n';
import { originOf } from '../model/address';
import type { z } from '../model/zod';
import { DEFINITIONS } from './definitions';
import type { ConnectorDefinition, CredentialField, FieldValues } from './types';

type Definition = (typeof DEFINITIONS)[number];

/** A connection: a CRM or webhook with an address and credentials. */
export type ConnectionKind = Definition['kind'];
/** The connections that can look people up. */
export type SourceConnectionKind = Extract<Definition, { roles: { source: true } }>['kind'];
/** The connections logged actions can be sent to. */
export type DestinationConnectionKind = Extract<Definition, { roles: { destination: true } }>['kind'];
/** One connection's settings, as stored under `settings.connections[kind]`. */
export type ConnectionConfig<K extends ConnectionKind = ConnectionKind> = z.output<Extract<Definition, { kind: K }>['schema']>;

const all: readonly ConnectorDefinition[] = DEFINITIONS;

export const CONNECTION_KINDS = all.map((d) => d.kind) as readonly ConnectionKind[];
export const SOURCE_KINDS = all.filter((d) => d.roles.source).map((d) => d.kind) as readonly SourceConnectionKind[];
export const DESTINATION_KINDS = all.filter((d) => d.roles.destination).map((d) => d.kind) as readonly DestinationConnectionKind[];

/** The zod shape of `settings.connections`: each connection optional, under its kind. */
export type ConnectionsShape = { [D in Definition as D['kind']]: z.ZodOptional<D['schema']> };

export function connectionsShape(): ConnectionsShape {
  return Object.fromEntries(all.map((d) => [d.kind, d.schema.optional()])) as unknown as ConnectionsShape;
}

export function definitionOf(kind: string): ConnectorDefinition | undefined {
  return all.find((d) => d.kind === kind);
}

/** Every definition, for code that lists them (Options, diagnostics). */
export function definitions(): readonly ConnectorDefinition[] {
  return all;
}

/** The URL a connection's requests go to (its settings' address field), if it has one. */
export function addressOf(definition: ConnectorDefinition, values: FieldValues | undefined): string | undefined {
  const value = values?.[definition.address];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The origin a connection's credentials are bound to. */
export function connectionOrigin(definition: ConnectorDefinition, values: FieldValues | undefined): string | undefined {
  return originOf(addressOf(definition, values));
}

/** The credentials that apply to these settings or form values (Mautic's follow its authentication method). */
export function credentialFields(definition: ConnectorDefinition, values: FieldValues): CredentialField[] {
  return definition.fields.filter((f): f is CredentialField => f.type === 'credential' && (f.when?.(values) ?? true));
}

export function isRequired(field: CredentialField, values: FieldValues): boolean {
  return typeof field.required === 'function' ? field.required(values) : field.required;
}

/** The credentials a connection cannot be saved without. */
export function requiredCredentials(definition: ConnectorDefinition, values: FieldValues): string[] {
  return credentialFields(definition, values)
    .filter((f) => isRequired(f, values))
    .map((f) => f.name);
}

/** Whether a saved credential may be shown back only masked: every secret one, and any the connector does not declare. */
export function isMaskedCredential(definition: ConnectorDefinition, name: string): boolean {
  const field = definition.fields.find((f) => f.name === name);
  return field?.type !== 'credential' || field.secret;
}

/** The product's name ("HubSpot"); the local store's name is the UI's to translate. */
export function connectionName(kind: string): string {
  return definitionOf(kind)?.name ?? kind;
}

/** A connector's own string (a key in its `messages`): the browser's translation first, else its English. */
function ownText(definition: ConnectorDefinition, key: string): string {
  return localizer<string>(definition.messages as Record<string, MessageEntry> | undefined)(key);
}

/** A field of a connection's form as the form labels it, in the UI language ("Private-app token"); its name when it has none. */
export function fieldLabel(kind: string, name: string): string {
  const definition = definitionOf(kind);
  const field = definition?.fields.find((f) => f.name === name);
  return definition && field ? ownText(definition, field.label) : name;
}

/** One problem of a failed parse of a connection's settings, as zod reports it. */
export interface SchemaIssue {
  readonly code: string;
  readonly message: string;
  readonly path: readonly PropertyKey[];
}

/** A message key as the schemas name them: `schemaError_serviceUrl`, `hubspot_portalIdInvalid`. */
const MESSAGE_KEY = /^[a-z][A-Za-z]*_[A-Za-z_]+$/;

/**
 * A connection schema's problem in the UI language, worded when it is shown, not when the schema was
 * built (schemas are built at module load, in contexts that may word nothing). The schemas' own
 * messages are keys: the connector's (its `messages`) or the shared `schemaError_*`. zod's built-in
 * checks (a length limit, a wrong type) carry its English, so they are worded by their code.
 */
export function schemaIssueText(kind: string | undefined, issue: SchemaIssue): string {
  if (MESSAGE_KEY.test(issue.message)) {
    const definition = kind === undefined ? undefined : definitionOf(kind);
    const text = definition ? ownText(definition, issue.message) : localizer<string>()(issue.message);
    if (text !== issue.message) return text;
  }
  const { maximum, origin } = issue as SchemaIssue & { maximum?: unknown; origin?: unknown };
  if (issue.code === 'too_big' && origin === 'string' && typeof maximum === 'number') return t('schemaError_tooLong', formatCount(maximum));
  return t('schemaError_invalid');
}

/** A problem of the whole settings: a connection's is worded (under `connections.<kind>`), any other kept as it is. */
export function settingsIssueText(issue: SchemaIssue): string {
  const [root, kind] = issue.path;
  return root === 'connections' && typeof kind === 'string' ? schemaIssueText(kind, issue) : issue.message;
}

/** A failed parse of `kind`'s settings with every problem worded (for `describeInvalid`). */
export function wordedIssues(kind: string, error: { issues: readonly SchemaIssue[] }): { issues: SchemaIssue[] } {
  return { issues: error.issues.map((issue) => ({ ...issue, message: schemaIssueText(kind, issue) })) };
}

/** How a sentence names a destination, in the UI language: "The webhook", "HubSpot". */
export function nameInSentence(kind: string): string {
  const definition = definitionOf(kind);
  if (!definition) return kind;
  return definition.labels?.inSentence ? ownText(definition, definition.labels.inSentence) : definition.name;
}

/** A card's link to a record in the CRM it came from, in the UI language: "Open in HubSpot". */
export function openRecordLabel(source: string): string {
  const definition = definitionOf(source);
  if (!definition) return t('openRecord');
  return definition.labels?.openRecord ? ownText(definition, definition.labels.openRecord) : t('openRecordIn', definition.name);
}

/**
 * Every source's display name, sent with each card: the sidebar runs in the page without the
 * definitions (they carry zod), so it is told the names.
 */
export const SOURCE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(all.filter((d) => d.roles.source).map((d) => [d.kind, d.name]));

/** The name of the destination an unknown person can be added to, or undefined when it cannot (none, local, webhook). */
export function contactCreator(destination: string): string | undefined {
  const definition = definitionOf(destination);
  return definition?.roles.destination && definition.createsContacts ? definition.name : undefined;
}
