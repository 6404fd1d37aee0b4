/**
 * The rules for an address a rep types for a CRM or webhook. Every connector's settings schema uses
 * them (lib/sources/<crm>/definition.ts), so they live apart from the settings schema that is built
 * from those connectors.
 */
import { z } from './zod';

/**
 * A base URL the user typed for a CRM or webhook: https anywhere, plain http only on loopback
 * (local test servers). Stored without a trailing slash.
 *
 * The schemas' messages here and in the connector definitions are message keys, not words: a schema is
 * built at module load in every context, the UI language is known only where the issue is shown, so
 * `schemaIssueText` (lib/connectors/catalog.ts) words them then (docs/architecture.md, "Languages").
 */
export const ServiceUrl = z
  .string()
  .trim()
  .max(500)
  .refine(isAllowedServiceUrl, { message: 'schemaError_serviceUrl' })
  .transform((u) => u.replace(/\/+$/, ''));

export function isAllowedServiceUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** This machine: the only place plain http is accepted (local test servers). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1';
}

/** Whether `url` parses and points at this machine (any scheme). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * A host on a private, link-local or shared network (RFC 1918, 169.254/16, 100.64/10, fc00::/7,
 * fe80::/10, loopback over https, and the reserved local names). A self-hosted Mautic may live there, but
 * so do routers and metadata services: such an address is accepted only when the rep confirms it.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (/(^|\.)(localhost|local|internal|lan|home\.arpa|intranet)$/.test(host)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.includes(':')) return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return false;
}

/** Whether `url` is https on a private or link-local host (plain http is loopback only, see above). */
export function needsPrivateHostConfirmation(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && isPrivateHost(parsed.hostname);
  } catch {
    return false;
  }
}

/** The origin a URL's requests go to (`https://host[:port]`), or undefined for a bad URL. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A message key (public/_locales), worded where the issue is shown. */
const PRIVATE_HOST_MESSAGE = 'schemaError_privateHost';

/**
 * For a connection schema's `superRefine`: refuses a private-network https address in the field
 * `path` unless `privateHostConfirmed` is set on the same object.
 */
export function confirmPrivateHost<T extends { privateHostConfirmed?: boolean }>(url: (value: T) => string, path: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    if (needsPrivateHostConfirmation(url(value)) && !value.privateHostConfirmed) {
      ctx.addIssue({ code: 'custom', message: PRIVATE_HOST_MESSAGE, path: [path] });
    }
  };
}
