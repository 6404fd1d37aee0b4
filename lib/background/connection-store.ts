/**
 * Saving and removing a connection: its settings and its credentials change together, in the
 * background, and the credentials are bound to the connection's origin. A connection whose address
 * moved to another origin keeps nothing of its old secret: the rep types it again.
 */
import { MessageError } from '../messaging';
import type { ConnectionKind } from '../model/action';
import { HubSpotConnection, MauticConnection, originOf, type Settings, WebhookConnection } from '../model/settings';
import type { z } from '../model/zod';
import { TOKEN_SECRET_ID } from '../sources/mautic/auth';
import { webhookNeedsSecret } from '../sources/webhook/needs-secret';
import { deleteSecret, getSecret, maskSecret, secretOrigin, setSecret } from '../store/secrets';
import { updateSettings } from '../store/settings';

const SCHEMAS = { hubspot: HubSpotConnection, mautic: MauticConnection, webhook: WebhookConnection } as const;

/** Credentials shown back only masked; the others (a user name, a client id) are not secret. */
const MASKED = new Set(['token', 'password', 'clientSecret', 'secret']);

/** Which credentials a connection needs before it can be saved. */
export function requiredCredentials(kind: ConnectionKind, config: { authMethod?: string; url?: string }): string[] {
  if (kind === 'hubspot') return ['token'];
  if (kind === 'mautic') return config.authMethod === 'oauth2' ? ['clientId', 'clientSecret'] : ['username', 'password'];
  // A receiver can only verify a signed body; only a server on this machine may go without.
  return webhookNeedsSecret(config.url ?? '') ? ['secret'] : [];
}

function addressOf(kind: ConnectionKind, config: { baseUrl?: string; url?: string }): string {
  return (kind === 'webhook' ? config.url : config.baseUrl) ?? '';
}

function invalid(error: z.ZodError): MessageError {
  const first = error.issues[0];
  return new MessageError('invalid', first ? `${first.path.join('.') || 'connection'}: ${first.message}` : 'Invalid connection');
}

export async function saveConnection(
  kind: ConnectionKind,
  rawConfig: Record<string, unknown>,
  typed: Record<string, string> = {},
  useAsDestination = true,
): Promise<Settings> {
  const parsed = SCHEMAS[kind].safeParse(rawConfig);
  if (!parsed.success) throw invalid(parsed.error);
  const config = parsed.data as { baseUrl?: string; url?: string; authMethod?: string };
  const origin = originOf(addressOf(kind, config));
  if (!origin) throw new MessageError('invalid', 'The connection has no address');

  const saved = (await getSecret(kind, origin)) ?? {};
  const values: Record<string, string> = { ...saved };
  for (const [field, value] of Object.entries(typed)) if (value.trim()) values[field] = value.trim();
  const missing = requiredCredentials(kind, config).filter((field) => !values[field]);
  if (missing.length > 0) {
    const savedFor = await secretOrigin(kind);
    const moved = savedFor !== undefined && savedFor !== origin;
    throw new MessageError('invalid', `${missing.join(', ')}: ${moved ? 'enter it again for the new address' : 'required'}`);
  }

  // Credentials first, so the background never sees a connection without them.
  await setSecret(kind, values, origin);
  // A cached Mautic token belongs to the server and client that issued it.
  if (kind === 'mautic') await deleteSecret(TOKEN_SECRET_ID);
  return updateSettings((s) => ({
    ...s,
    connections: { ...s.connections, [kind]: config },
    destination: useAsDestination ? kind : s.destination,
  }));
}

export async function removeConnection(kind: ConnectionKind): Promise<Settings> {
  const next = await updateSettings((s) => {
    const connections = { ...s.connections };
    delete connections[kind];
    return { ...s, connections, destination: s.destination === kind ? 'local' : s.destination };
  });
  await deleteSecret(kind);
  if (kind === 'mautic') await deleteSecret(TOKEN_SECRET_ID);
  return next;
}

/** What Options may show of saved credentials: masked secrets, plain user names, and their origin. */
export async function maskedCredentials(kind: ConnectionKind): Promise<{ origin?: string; values: Record<string, string> }> {
  const origin = await secretOrigin(kind);
  const values = (await getSecret(kind, origin)) ?? {};
  return {
    origin,
    values: Object.fromEntries(Object.entries(values).map(([field, value]) => [field, MASKED.has(field) ? maskSecret(value) : value])),
  };
}
