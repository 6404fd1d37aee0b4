/**
 * How a webhook delivery is signed, with WebCrypto (browsers and Node 20 both have it).
 *
 * The signature is an HMAC-SHA256, keyed with the shared secret, of `<timestamp>.<raw body>`, where
 * the timestamp is the Unix time in seconds sent in `X-Prospect-Lens-Timestamp`. Signing the
 * timestamp with the body is what lets a receiver refuse a captured request replayed later: a new
 * timestamp breaks the signature, and an old one falls outside the receiver's window (5 minutes).
 * Within the window, the receiver drops repeats by the action id. README, "Receiving the webhook".
 */

export const TIMESTAMP_HEADER = 'x-prospect-lens-timestamp';
/** `sha256=<lower-case hex>` */
export const SIGNATURE_HEADER = 'x-prospect-lens-signature';

/** What is signed: the timestamp header's exact text, a dot, and the body exactly as sent. */
export function signedContent(timestamp: string, body: string): string {
  return `${timestamp}.${body}`;
}

/** The `X-Prospect-Lens-Signature` value for a delivery. */
export async function webhookSignature(secret: string, timestamp: string, body: string): Promise<string> {
  return `sha256=${await hmacSha256Hex(secret, signedContent(timestamp, body))}`;
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(signature, (b) => b.toString(16).padStart(2, '0')).join('');
}
