/**
 * The destination form's model, for any connector: which inputs it shows (its definition's fields,
 * lib/connectors/types.ts), and how the form's values become a connection (validated here by the
 * settings schema, and again by the background, which saves it) and its credentials. A secret input
 * left empty keeps the saved secret — but only for the address it was entered for: a connection moved
 * to another origin asks for it again.
 */
import { addressOf, CONNECTION_KINDS, credentialFields, definitionOf, isRequired, settingsIssueText } from '@/lib/connectors/catalog';
import type { ConnectionField, ConnectorDefinition } from '@/lib/connectors/types';
import type { ConnectionTestResult } from '@/lib/messaging';
import type { ConnectionKind, DestinationKind } from '@/lib/model/action';
import { needsPrivateHostConfirmation, originOf, Settings } from '@/lib/model/settings';
import { localizer, type MessageEntry } from '../i18n';
import { m } from './strings';

export type { ConnectionKind };
export { CONNECTION_KINDS };

/** The form's values by input name: texts and selects as strings, checkboxes as booleans. */
export type FormValues = Record<string, string | boolean>;
export type DestinationErrors = Partial<Record<string, string>>;
export type SecretValues = Record<string, string>;

/** The connector a destination is configured by; none for `local`. */
export function connectorOf(kind: DestinationKind): ConnectorDefinition | undefined {
  return kind === 'local' ? undefined : definitionOf(kind);
}

/** What the destination select and the sync summary call a destination. */
export function destinationName(kind: DestinationKind): string {
  return connectorOf(kind)?.name ?? m('options_destination_local');
}

const texts = new WeakMap<ConnectorDefinition, (key: string, ...substitutions: string[]) => string>();

/** A connector's strings: the browser's translation first, then the connector's own English, then the shared table. */
export function connectorText(definition: ConnectorDefinition): (key: string, ...substitutions: string[]) => string {
  let text = texts.get(definition);
  if (!text) {
    text = localizer<string>(definition.messages as Record<string, MessageEntry> | undefined);
    texts.set(definition, text);
  }
  return text;
}

/** The URL whose origin the connection talks to (and needs host access for). */
export function serviceUrl(kind: DestinationKind, values: FormValues): string | undefined {
  const definition = connectorOf(kind);
  return definition && addressOf(definition, values);
}

/** The inputs shown for these values, in order; a private-network confirmation only while the address needs it. */
export function visibleFields(kind: DestinationKind, values: FormValues): ConnectionField[] {
  const definition = connectorOf(kind);
  if (!definition) return [];
  const address = serviceUrl(kind, values) ?? '';
  return definition.fields.filter((f) => (f.when?.(values) ?? true) && (f.type !== 'private-host' || needsPrivateHostConfirmation(address)));
}

/** A setting's default, from the connector's schema (HubSpot's base URL, a switch's initial state). */
function defaultOf(definition: ConnectorDefinition, name: string): unknown {
  const result = definition.schema.shape[name]?.safeParse(undefined);
  return result?.success ? result.data : undefined;
}

/** The form's starting values for `kind`: what is saved, with secret inputs empty. */
export function initialValues(kind: DestinationKind, settings: Settings, saved: SecretValues = {}): FormValues {
  const definition = connectorOf(kind);
  if (!definition) return {};
  const config = (settings.connections as Record<string, Record<string, unknown> | undefined>)[kind];
  const values: FormValues = {};
  for (const field of definition.fields) {
    if (field.type === 'connect') continue;
    if (field.type === 'credential') {
      values[field.name] = field.secret ? '' : (saved[field.name] ?? '');
      continue;
    }
    const value = config?.[field.name] ?? defaultOf(definition, field.name);
    if (field.type === 'checkbox' || field.type === 'private-host') values[field.name] = value === true;
    else values[field.name] = typeof value === 'string' ? value : field.type === 'select' ? (field.options[0]?.value ?? '') : '';
  }
  return values;
}

/** The values with every secret input emptied (after a save: the saved secret shows masked instead). */
export function withoutSecrets(kind: DestinationKind, values: FormValues): FormValues {
  const next = { ...values };
  for (const field of connectorOf(kind)?.fields ?? []) if (field.type === 'credential' && field.secret) next[field.name] = '';
  return next;
}

export interface DestinationPlan {
  settings: Settings;
  /** The connection to save (absent for `local`) and the credentials typed now (the rest are kept). */
  connection?: { kind: ConnectionKind; config: Record<string, unknown>; secret: SecretValues };
}

export interface PlanWords {
  required: string;
  /** A saved secret belongs to another origin than the address being saved. */
  moved: string;
}

/** The connection's settings as the form has them: texts left empty are absent, the address is kept as typed. */
function configFrom(definition: ConnectorDefinition, values: FormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of definition.fields) {
    if (field.type === 'credential' || field.type === 'connect' || (field.when && !field.when(values))) continue;
    const value = values[field.name];
    if (typeof value === 'boolean' || field.name === definition.address) config[field.name] = value;
    else config[field.name] = value?.trim() || undefined;
  }
  return config;
}

/** Validates the form against the settings schema and the credential rules; errors are per input. */
export function planSave(
  kind: DestinationKind,
  values: FormValues,
  current: Settings,
  saved: { origin?: string; values: SecretValues },
  words: PlanWords,
): DestinationPlan | { errors: DestinationErrors } {
  const definition = connectorOf(kind);
  const connections: Record<string, unknown> = { ...current.connections };
  // Settings the form does not show (an id learned on connecting, say) stay as they are.
  if (definition) connections[kind] = { ...(connections[kind] as object | undefined), ...configFrom(definition, values) };
  const destination = !definition || definition.roles.destination ? kind : current.destination;

  const errors: DestinationErrors = {};
  const parsed = Settings.safeParse({ ...current, connections, destination });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path.at(-1));
      // A connection's problems are message keys, worded now, in the UI language.
      errors[field] ??= settingsIssueText(issue);
    }
  }
  if (!definition) return parsed.success ? { settings: parsed.data } : { errors };

  // Saved credentials count only for the origin they were entered for.
  const moved = saved.origin !== undefined && saved.origin !== originOf(serviceUrl(kind, values));
  const kept = moved ? {} : saved.values;
  const typed: SecretValues = {};
  for (const field of credentialFields(definition, values)) {
    const value = String(values[field.name] ?? '').trim();
    if (value) typed[field.name] = value;
    else if (kept[field.name]) continue;
    else if (isRequired(field, values)) {
      errors[field.name] = moved ? words.moved : field.requiredMessage ? connectorText(definition)(field.requiredMessage) : words.required;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  const config = (parsed.data.connections as Record<string, Record<string, unknown>>)[kind]!;
  return { settings: parsed.data, connection: { kind: kind as ConnectionKind, config, secret: typed } };
}

/**
 * What `connection/test-unsaved` carries for the form as it is now: the saved settings the form does
 * not show (a learned address), overlaid with its values, and the credentials typed now (an empty
 * one means the saved one, for the same address, as saving would keep it). Nothing is validated here:
 * the background parses it with the connector's schema and keeps none of it.
 */
export function unsavedTest(kind: ConnectionKind, values: FormValues, current: Settings): { config: Record<string, unknown>; secret: SecretValues } {
  const definition = connectorOf(kind)!;
  const saved = (current.connections as Record<string, Record<string, unknown> | undefined>)[kind];
  const secret: SecretValues = {};
  for (const field of credentialFields(definition, values)) {
    const value = String(values[field.name] ?? '').trim();
    if (value) secret[field.name] = value;
  }
  return { config: { ...saved, ...configFrom(definition, values) }, secret };
}

/** A test's result in the rep's words: its cause, named for the address it was run against. */
export function testWords(result: ConnectionTestResult, url: string | undefined): string {
  let host = url ?? '';
  try {
    host = url ? new URL(url).host : '';
  } catch {
    // Left as typed: the words still name what the rep entered.
  }
  switch (result.cause) {
    case 'connected':
      return m('options_test_connected');
    case 'unreachable':
      return m('options_test_unreachable', host);
    case 'certificate':
      return m('options_test_certificate', host);
    case 'unreachable-or-certificate':
      return m('options_test_unreachable_or_certificate', host);
    case 'no-access':
      return m('options_test_no_access', host);
    case 'rejected-token': {
      const status = String(result.status ?? '');
      return result.scopes?.length ? m('options_test_rejected_scopes', status, result.scopes.join(', ')) : m('options_test_rejected_token', status);
    }
    case 'wrong-path':
      return m('options_test_wrong_path', host);
    case 'timeout':
      return m('options_test_timeout', host);
    case 'not-configured':
      return m('options_test_not_configured');
    case 'failed':
      return m('options_test_failed', result.message);
    default:
      // A result without a cause (an older background's) is shown in its own words.
      return result.message;
  }
}
