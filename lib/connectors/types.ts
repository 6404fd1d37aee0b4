/**
 * What a CRM connector declares about itself (docs/architecture.md, "How to add a CRM").
 *
 * A connector is one folder, `lib/sources/<crm>/`, with two entry points:
 * - `definition.ts`, a `ConnectorDefinition`: plain data and its settings schema. The settings model,
 *   the messages, Options and the labels are built from these, in every context, so a definition
 *   imports only zod, `lib/model/address.ts` and this file's types;
 * - `connector.ts`, a `Connector` (lib/connectors/connector.ts): the definition plus what only the
 *   background runs (the lookup source, the destination, the connection test).
 * Its loopback mock (`mock.ts`) is test code beside it; nothing in the extension imports it.
 */
import type { z } from '../model/zod';

/** English text for a connector's own strings, in the messages.json format. */
export interface ConnectorMessage {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

/** What a field's rules see: a connection's settings, or the Options form's values (the same names). */
export type FieldValues = Readonly<Record<string, unknown>>;

interface FieldBase {
  /** The settings key or credential name; also the input's `name` (the test contract relies on these). */
  name: string;
  /** Message key of the label (public/_locales, or the connector's own `messages`). */
  label: string;
  /** Message key of the hint under the input. */
  hint?: string;
  /** The field exists only while this holds (Mautic's credentials follow its authentication method). */
  when?: (values: FieldValues) => boolean;
}

/** A setting typed as text. Left empty it is saved as absent, except the address, kept as typed. */
export interface TextField extends FieldBase {
  type: 'text';
  /**
   * Shown in "copy diagnostics" (an id support needs, such as HubSpot's owner id). Texts are left
   * out unless they say so: they may name a person or hold part of an address. Switches and choices
   * are always shown; credentials never.
   */
  diagnostic?: boolean;
}

export interface SelectField extends FieldBase {
  type: 'select';
  options: readonly { value: string; label: string }[];
}

export interface CheckboxField extends FieldBase {
  type: 'checkbox';
}

/**
 * The rep's confirmation that a private-network address may have the credentials
 * (`privateHostConfirmed`, see lib/model/address.ts); shown only while the address needs it.
 */
export interface PrivateHostField extends FieldBase {
  type: 'private-host';
}

/** A credential: kept in the secrets store bound to the connection's origin, never in settings. */
export interface CredentialField extends FieldBase {
  type: 'credential';
  /** Shown back only masked, typed into a password input. A user name or a client id is not secret. */
  secret: boolean;
  /** Whether the connection can be saved without it (nothing saved for this origin, nothing typed). */
  required: boolean | ((values: FieldValues) => boolean);
  /** Message key for the error when a conditionally required credential is missing. */
  requiredMessage?: string;
}

/**
 * Sign-in instead of typed credentials (OAuth): Options draws `button[name="connect"]` and
 * `[data-testid="connection-status"]`, and the background runs the connector's `connect` part.
 * Its `name` is not a setting.
 */
export interface ConnectField extends FieldBase {
  type: 'connect';
  /**
   * Host-access match patterns the sign-in and the API need, asked for in the rep's click before the
   * flow starts (the org's address is learned only after it). Empty for loopback test servers.
   */
  origins(values: FieldValues): string[];
}

export type ConnectionField = TextField | SelectField | CheckboxField | PrivateHostField | CredentialField | ConnectField;

/**
 * The credential a signed-in connector saves, alone, when its sign-in was refused for good (a revoked
 * refresh token): Options shows Reconnect instead of Connected.
 */
export const RECONNECT_CREDENTIAL = 'reconnect';

/** A connection's settings schema: an object (refinements allowed), stored under `settings.connections[kind]`. */
export type ConnectionSchema = z.ZodObject;

/**
 * `source`: it looks people up (its schema then has `useAsSource`, the rep's switch).
 * `destination`: logged actions can be sent to it.
 */
export interface ConnectorRoles {
  readonly source: boolean;
  readonly destination: boolean;
}

export interface ConnectorDefinition<K extends string = string, S extends ConnectionSchema = ConnectionSchema, R extends ConnectorRoles = ConnectorRoles> {
  /** Its id everywhere: settings key, secret id, `select[name="destination"]` value, event and reference source. */
  readonly kind: K;
  /** The product's name as reps know it ("HubSpot"); not translated. */
  readonly name: string;
  readonly roles: R;
  /**
   * As the destination, it can add an unknown person as a new contact (a `crm_create` outbox item;
   * docs/architecture.md, "Create in the CRM"). The card offers "Add to <name>" only then.
   */
  readonly createsContacts?: boolean;
  readonly schema: S;
  /**
   * The settings field holding the URL its requests go to. Credentials are bound to that URL's
   * origin, host access is asked for it, and diagnostics show only that origin. It need not be a form
   * field: an OAuth connector learns its instance URL when it connects.
   */
  readonly address: keyof z.output<S> & string;
  /** The Options form, in order: settings fields and credentials alike. */
  readonly fields: readonly ConnectionField[];
  /** Keys in `messages` (so translated like them); without one, the shared wording with `name` is used. */
  readonly labels?: {
    /** How a sentence names it as a destination ("The webhook is not connected"); defaults to `name`. */
    readonly inSentence?: string;
    /** A card's link to its record; defaults to "Open in <name>". */
    readonly openRecord?: string;
  };
  /** Where to read how to set it up (Options → About), https only; `label` is a message key. */
  readonly help?: { readonly label: string; readonly url: string };
  /**
   * The token scopes the product's requests need (HubSpot's private-app scopes). Options' Test names
   * them when the service rejects the token, so the rep can fix the app in one go.
   */
  readonly scopes?: readonly string[];
  /** Secrets it stores itself (a cached OAuth token); dropped whenever the connection is saved or removed. */
  readonly derivedSecrets?: readonly string[];
  /**
   * Settings its signed-in tokens belong to besides the address (an OAuth app's client id): another
   * app's key is refused with them. An unsaved Test keeps tokens it refreshed only while the form's
   * values equal the saved ones, and saving a change to one drops the tokens for a Reconnect.
   */
  readonly tokensBoundTo?: readonly (keyof z.output<S> & string)[];
  /** English for the message keys its fields use that public/_locales does not have. */
  readonly messages?: Readonly<Record<string, ConnectorMessage>>;
  /** Path of its loopback mock, for tests (tests/unit/connectors checks that it exists and starts). */
  readonly mock?: string;
}

/** Keeps a definition's literal kind and roles, from which the settings and message types are derived. */
export function defineConnection<const K extends string, S extends ConnectionSchema, const R extends ConnectorRoles>(
  definition: ConnectorDefinition<K, S, R>,
): ConnectorDefinition<K, S, R> {
  return definition;
}
