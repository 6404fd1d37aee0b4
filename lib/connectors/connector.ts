/**
 * A connector as the background runs it: its definition (types.ts) plus the lookup source, the
 * destination and the connection test. Built only in the background, from the settings and the
 * secrets store (lib/background/connections.ts); the credentials go no further than these functions.
 */
import type { FetchImpl } from '../sources/http';
import type { EngagementSource } from '../sources/types';
import type { Destination } from '../sync/types';
import type { ConnectorDefinition, ConnectorRoles, ConnectionSchema } from './types';
import type { z } from '../model/zod';

/** What a connector is given to talk to its service. */
export interface ConnectorEnv<Config> {
  /** The connection's settings, parsed by its schema. */
  config: Config;
  /** Its credentials as saved for the connection's origin (the required ones are present). */
  credentials: Readonly<Record<string, string>>;
  /**
   * The only way it may reach the network: the credentialed fetch bound to the connection's origin
   * (lib/sources/credentialed-fetch.ts — that origin only, host access granted, no redirects).
   */
  fetch: FetchImpl;
  /** Replaces its saved credentials (a refreshed OAuth token), bound to the same origin. */
  saveCredentials(values: Record<string, string>): Promise<void>;
}

/** What a signing-in connector's `connect` is given by the background. */
/** The minutes a rep has to sign in in the browser's auth window before the attempt is given up. */
export const SIGN_IN_MINUTES = 5;

export interface ConnectIO {
  /** Opens the sign-in page in the browser's auth window; resolves with the URL it was sent back to. */
  launchWebAuthFlow(url: string): Promise<string>;
  /** The extension's redirect URL (`identity.getRedirectURL()`), registered with the provider. */
  redirectUrl: string;
  /** The credentialed fetch bound to `origin` (the login host, during sign-in). */
  fetchFor(origin: string): FetchImpl;
  /** Aborts SIGN_IN_MINUTES after the sign-in started: the auth window's time. */
  signal: AbortSignal;
}

/** What a sign-in learned: the settings to save (with the address now known) and the credentials, bound to that address. */
export interface ConnectResult {
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

export interface Connector<K extends string = string, S extends ConnectionSchema = ConnectionSchema, R extends ConnectorRoles = ConnectorRoles>
  extends ConnectorDefinition<K, S, R> {
  /** Present when `roles.source`. */
  createSource?(env: ConnectorEnv<z.output<S>>): EngagementSource;
  /** Present when `roles.destination`. */
  createDestination?(env: ConnectorEnv<z.output<S>>): Destination;
  /**
   * Options' "Test": a cheap request that proves the address and credentials, answered in words.
   * Without it, the source's own test is used.
   */
  test?(env: ConnectorEnv<z.output<S>>, signal: AbortSignal): Promise<string>;
  /** Signs in (OAuth): present when the definition has a `connect` field. Throws SourceError in words. */
  connect?(config: z.output<S>, io: ConnectIO): Promise<ConnectResult>;
  /** Ends the sign-in at the provider (revokes the tokens) before the credentials are dropped. */
  disconnect?(env: ConnectorEnv<z.output<S>>, signal: AbortSignal): Promise<void>;
}

/** A connector: its definition with the background's parts. */
export function defineConnector<K extends string, S extends ConnectionSchema, R extends ConnectorRoles>(
  definition: ConnectorDefinition<K, S, R>,
  parts: Pick<Connector<K, S, R>, 'createSource' | 'createDestination' | 'test' | 'connect' | 'disconnect'>,
): Connector<K, S, R> {
  return { ...definition, ...parts };
}
