/**
 * The destination form's model: which inputs each destination shows, and how the form's values
 * become a connection (validated here by the settings schema, and again by the background, which
 * saves it) and its credentials. A secret input left empty keeps the saved secret — but only for the
 * address it was entered for: a connection moved to another origin asks for it again.
 */
import type { ConnectionKind, DestinationKind } from '@/lib/model/action';
import { originOf, Settings, type SettingsInput } from '@/lib/model/settings';
import { webhookNeedsSecret } from '@/lib/sources/webhook/needs-secret';

export type { ConnectionKind };
export const CONNECTION_KINDS: readonly ConnectionKind[] = ['hubspot', 'mautic', 'webhook'];

export interface DestinationValues {
  destination: DestinationKind;
  baseUrl: string;
  token: string;
  ownerId: string;
  createContacts: boolean;
  useAsSource: boolean;
  authMethod: 'basic' | 'oauth2';
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  feedbackAs: 'points' | 'tags' | 'note';
  url: string;
  secret: string;
  /** The rep confirmed a private-network https address (see isPrivateHost). */
  privateHostConfirmed: boolean;
}
export type DestinationField = keyof DestinationValues;
export type DestinationErrors = Partial<Record<DestinationField, string>>;
export type SecretValues = Record<string, string>;

/** Inputs whose saved value is shown only masked, and only as a placeholder. */
export const MASKED_FIELDS = new Set<DestinationField>(['token', 'password', 'clientSecret', 'secret']);

/** The credential inputs each connection has (Mautic: by auth method). */
export function credentialFields(values: Pick<DestinationValues, 'destination' | 'authMethod'>): DestinationField[] {
  switch (values.destination) {
    case 'hubspot':
      return ['token'];
    case 'mautic':
      return values.authMethod === 'oauth2' ? ['clientId', 'clientSecret'] : ['username', 'password'];
    case 'webhook':
      return ['secret'];
    default:
      return [];
  }
}

const REQUIRED_CREDENTIALS = new Set<DestinationField>(['token', 'username', 'password', 'clientId', 'clientSecret']);


/** The form's starting values for `kind`: what is saved, with secret inputs empty. */
export function initialValues(kind: DestinationKind, settings: Settings, saved: SecretValues = {}): DestinationValues {
  const { hubspot, mautic, webhook } = settings.connections;
  const fromKind = kind === 'mautic' ? mautic : kind === 'hubspot' ? hubspot : undefined;
  return {
    destination: kind,
    baseUrl: fromKind?.baseUrl ?? (kind === 'hubspot' ? 'https://api.hubapi.com' : ''),
    token: '',
    ownerId: hubspot?.ownerId ?? '',
    createContacts: hubspot?.createContacts ?? false,
    useAsSource: fromKind?.useAsSource ?? true,
    authMethod: mautic?.authMethod ?? 'basic',
    username: saved.username ?? '',
    password: '',
    clientId: saved.clientId ?? '',
    clientSecret: '',
    feedbackAs: mautic?.feedbackAs ?? 'note',
    url: webhook?.url ?? '',
    secret: '',
    privateHostConfirmed: (kind === 'webhook' ? webhook?.privateHostConfirmed : mautic?.privateHostConfirmed) ?? false,
  };
}

/** The URL whose origin the connection talks to (and needs host access for). */
export function serviceUrl(values: DestinationValues): string | undefined {
  if (values.destination === 'hubspot' || values.destination === 'mautic') return values.baseUrl.trim();
  if (values.destination === 'webhook') return values.url.trim();
  return undefined;
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
  webhookSecret: string;
}

/** Validates the form against the settings schema and the credential rules; errors are per input. */
export function planSave(
  values: DestinationValues,
  current: Settings,
  saved: { origin?: string; values: SecretValues },
  words: PlanWords,
): DestinationPlan | { errors: DestinationErrors } {
  const kind = values.destination;
  const connections: SettingsInput['connections'] = { ...current.connections };
  const privateHostConfirmed = values.privateHostConfirmed;
  if (kind === 'hubspot') {
    connections.hubspot = {
      baseUrl: values.baseUrl,
      useAsSource: values.useAsSource,
      createContacts: values.createContacts,
      ownerId: values.ownerId.trim() || undefined,
    };
  } else if (kind === 'mautic') {
    connections.mautic = { baseUrl: values.baseUrl, authMethod: values.authMethod, useAsSource: values.useAsSource, feedbackAs: values.feedbackAs, privateHostConfirmed };
  } else if (kind === 'webhook') {
    connections.webhook = { url: values.url, privateHostConfirmed };
  }

  const errors: DestinationErrors = {};
  const parsed = Settings.safeParse({ ...current, connections, destination: kind });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.at(-1) as DestinationField;
      errors[field] ??= issue.message;
    }
  }

  // Saved credentials count only for the origin they were entered for.
  const address = serviceUrl(values);
  const moved = saved.origin !== undefined && saved.origin !== originOf(address);
  const kept = moved ? {} : saved.values;
  const typed: SecretValues = {};
  for (const field of credentialFields(values)) {
    const value = (values[field] as string).trim();
    if (value) typed[field] = value;
    else if (kept[field]) continue;
    else if (REQUIRED_CREDENTIALS.has(field)) errors[field] = moved ? words.moved : words.required;
    else if (field === 'secret' && webhookNeedsSecret(values.url.trim())) errors[field] = moved ? words.moved : words.webhookSecret;
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  if (kind === 'local') return { settings: parsed.data };
  return { settings: parsed.data, connection: { kind, config: parsed.data.connections[kind] as Record<string, unknown>, secret: typed } };
}
