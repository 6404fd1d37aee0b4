/**
 * The one rule for when a webhook must have a signing secret: always, unless it is on this computer.
 * A receiver anywhere else cannot tell our deliveries from anyone's without the signature, so the
 * destination refuses to send unsigned (the action goes dead with `WEBHOOK_SECRET_MISSING`) and
 * Options and the background refuse to save the address without a secret (the secret field's `required`
 * in definition.ts). Loopback is the same set the settings schema allows plain http for: local test
 * servers and receivers on the rep's own machine.
 */
import { isLoopbackUrl } from '../../model/address';

/** Options shows this beside the secret input. */
export const WEBHOOK_SECRET_REQUIRED = 'A webhook that is not on localhost or 127.0.0.1 needs a signing secret';
/** An action the destination refused to send unsigned goes dead with this. */
export const WEBHOOK_SECRET_MISSING = `${WEBHOOK_SECRET_REQUIRED} — add one in Options`;

/** True when a webhook at `url` may only be called with a secret. An address that does not parse needs one. */
export function webhookNeedsSecret(url: string): boolean {
  return !isLoopbackUrl(url);
}
