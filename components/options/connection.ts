/**
 * The destination form's model: which inputs each destination shows, and how the form's values
 * become settings (validated by the settings schema) and secrets (kept apart, in IndexedDB).
 * A secret input left empty keeps the saved secret; saved secrets are never put back into inputs.
 */
import type { DestinationKind } from '@/lib/model/action';
import { Settings, type SettingsInput } from '@/lib/model/settings';
import { WEBHOOK_SECRET_REQUIRED, webhookNeedsSecret } from '@/lib/sources/webhook/needs-secret';

export type ConnectionKind = Exclude<DestinationKind, 'local'>;
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
}
export type DestinationField = keyof DestinationValues;
export type DestinationErrors = Partial<Record<DestinationField, string>>;
export type SecretValues = Record<string, string>;

/** Inputs whose saved value is shown only masked, and only as a placeholder. */
export const MASKED_FIELDS = new Set<DestinationField>(['token', 'password', 'clientSecret', 'secret']);

/** The credential inputs each connection needs (Mautic: by auth method). Webhook's signing secret: see planSave. */
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
  /** The secrets record to store for the connection (saved values, overlaid with what was typed). */
  secret?: { id: ConnectionKind; values: SecretValues };
}

/** Validates the form against the settings schema and the credential rules; errors are per input. */
export function planSave(
  values: DestinationValues,
  current: Settings,
  saved: SecretValues,
  requiredMessage: string,
): DestinationPlan | { errors: DestinationErrors } {
  const kind = values.destination;
  const connections: SettingsInput['connections'] = { ...current.connections };
  if (kind === 'hubspot') {
    connections.hubspot = {
      baseUrl: values.baseUrl,
      useAsSource: values.useAsSource,
      createContacts: values.createContacts,
      ownerId: values.ownerId.trim() || undefined,
    };
  } else if (kind === 'mautic') {
    connections.mautic = { baseUrl: values.baseUrl, authMethod: values.authMethod, useAsSource: values.useAsSource, feedbackAs: values.feedbackAs };
  } else if (kind === 'webhook') {
    connections.webhook = { url: values.url };
  }

  const errors: DestinationErrors = {};
  const parsed = Settings.safeParse({ ...current, connections, destination: kind });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.at(-1) as DestinationField;
      errors[field] ??= issue.message;
    }
  }

  const secretValues: SecretValues = { ...saved };
  for (const field of credentialFields(values)) {
    const typed = (values[field] as string).trim();
    if (typed) secretValues[field] = typed;
    else if (REQUIRED_CREDENTIALS.has(field) && !saved[field]) errors[field] = requiredMessage;
  }
  // The webhook's secret may be left out only for a receiver on this computer (the same rule the destination applies).
  if (kind === 'webhook' && !secretValues.secret && webhookNeedsSecret(values.url.trim())) errors.secret ??= WEBHOOK_SECRET_REQUIRED;
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { settings: parsed.data, secret: kind === 'local' ? undefined : { id: kind, values: secretValues } };
}
