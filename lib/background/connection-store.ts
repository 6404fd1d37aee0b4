/**
 * Saving and removing a connection: its settings and its credentials change together, in the
 * background, and the credentials are bound to the connection's origin. A connection whose address
 * moved to another origin keeps nothing of its old secret: the rep types it again. What a connection
 * holds, and which credentials it needs, its connector's definition says (lib/connectors).
 */
import { connectionOrigin, credentialFields, definitionOf, fieldLabel, isMaskedCredential, requiredCredentials, wordedIssues } from '../connectors/catalog';
import { t } from '../i18n';
import { type ConnectorDefinition, RECONNECT_CREDENTIAL } from '../connectors/types';
import { describeInvalid, MessageError } from '../messaging';
import type { ConnectionKind } from '../model/action';
import type { Settings } from '../model/settings';
import { deleteSecret, getSecret, maskSecret, mergeSecret, secretOrigin } from '../store/secrets';
import { getSettings, updateSettings } from '../store/settings';

function definition(kind: ConnectionKind): ConnectorDefinition {
  const found = definitionOf(kind);
  if (!found) throw new MessageError('invalid', t('bgError_unknownConnection', kind));
  return found;
}

/**
 * Where logged actions go after `kind` is saved or signed in to. With "Send logged actions here" ticked,
 * to it; unticked, the destination stays where it was, unless it was `kind` itself: the rep asked for
 * actions not to go there, and this browser keeps them instead. The box starts ticked only on the
 * destination (or a new connection), so this is the rep unticking it, not a lookup source re-saved.
 */
export function destinationAfterSave(kind: ConnectionKind, useAsDestination: boolean, connector: ConnectorDefinition, current: Settings['destination']): Settings['destination'] {
  if (!connector.roles.destination) return current;
  if (useAsDestination) return kind;
  return current === kind ? 'local' : current;
}

/** Secrets the connector keeps itself (a cached token) belong to the connection as it was. */
async function dropDerivedSecrets(connector: ConnectorDefinition): Promise<void> {
  for (const id of connector.derivedSecrets ?? []) await deleteSecret(id);
}

export async function saveConnection(
  kind: ConnectionKind,
  rawConfig: Record<string, unknown>,
  typed: Record<string, string> = {},
  useAsDestination = true,
): Promise<Settings> {
  const connector = definition(kind);
  const parsed = connector.schema.safeParse(rawConfig);
  if (!parsed.success) throw new MessageError('invalid', describeInvalid(wordedIssues(kind, parsed.error), 'connection'));
  const config = parsed.data as Record<string, unknown>;
  const origin = connectionOrigin(connector, config);
  if (!origin) {
    // A connection that signs in learns its address from the sign-in.
    const signsIn = connector.fields.some((f) => f.type === 'connect');
    throw new MessageError('invalid', signsIn ? t('bgError_connectFirst', connector.name) : t('bgError_noAddress'));
  }

  // Only the credentials this connection has are kept; a typed value replaces the saved one. Read and
  // written in one transaction, so a token refresh landing meanwhile is not undone (lib/store/secrets.ts).
  // Credentials first, so the background never sees a connection without them.
  const names = new Set(credentialFields(connector, config).map((f) => f.name));
  const before = ((await getSettings()).connections as Readonly<Record<string, Record<string, unknown> | undefined>>)[kind];
  const rebound = !!before && (connector.tokensBoundTo ?? []).some((name) => before[name] !== config[name]);
  let missing: string[] = [];
  const written = await mergeSecret(kind, origin, (saved) => {
    // Tokens issued to the app the form no longer names would be refused at their next refresh: the
    // form asks to Reconnect now rather than show Connected until then.
    const values: Record<string, string> = rebound && saved ? { [RECONNECT_CREDENTIAL]: 'settings-changed' } : { ...saved };
    for (const [field, value] of Object.entries(typed)) if (names.has(field) && value.trim()) values[field] = value.trim();
    missing = requiredCredentials(connector, config).filter((field) => !values[field]);
    return missing.length > 0 ? undefined : values;
  });
  if (!written) {
    const savedFor = await secretOrigin(kind);
    const moved = savedFor !== undefined && savedFor !== origin;
    // Named as the form labels them, so the rep finds the field the message is about.
    const fields = missing.map((field) => fieldLabel(kind, field)).join(', ');
    throw new MessageError('invalid', moved ? t('bgError_credentialsMoved', fields) : t('bgError_credentialsRequired', fields));
  }
  await dropDerivedSecrets(connector);
  return updateSettings((s) => ({
    ...s,
    connections: { ...s.connections, [kind]: config },
    destination: destinationAfterSave(kind, useAsDestination, connector, s.destination),
  }));
}

export async function removeConnection(kind: ConnectionKind): Promise<Settings> {
  const connector = definition(kind);
  const next = await updateSettings((s) => {
    const connections: Record<string, unknown> = { ...s.connections };
    delete connections[kind];
    return { ...s, connections, destination: s.destination === kind ? 'local' : s.destination };
  });
  await deleteSecret(kind);
  await dropDerivedSecrets(connector);
  return next;
}

/** What Options may show of saved credentials: masked secrets, plain user names, and their origin. */
export async function maskedCredentials(kind: ConnectionKind): Promise<{ origin?: string; values: Record<string, string> }> {
  const connector = definition(kind);
  const origin = await secretOrigin(kind);
  const values = (await getSecret(kind, origin)) ?? {};
  return {
    origin,
    values: Object.fromEntries(Object.entries(values).map(([field, value]) => [field, isMaskedCredential(connector, field) ? maskSecret(value) : value])),
  };
}
