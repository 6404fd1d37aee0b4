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
}

/** A connector: its definition with the background's parts. */
export function defineConnector<K extends string, S extends ConnectionSchema, R extends ConnectorRoles>(
  definition: ConnectorDefinition<K, S, R>,
  parts: Pick<Connector<K, S, R>, 'createSource' | 'createDestination' | 'test'>,
): Connector<K, S, R> {
  return { ...definition, ...parts };
}
