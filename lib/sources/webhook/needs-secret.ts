/**
 * The one rule for when a webhook must have a signing secret: always, unless it is on this computer.
 * A receiver anywhere else cannot tell our deliveries from anyone's without the signature, so the
 * destination refuses to send unsigned (the action goes dead with destination.ts's `webhookSecretMissing()`)
 * and Options and the background refuse to save the address without a secret (the secret field's `required`
 * in definition.ts). Loopback is the same set the settings schema allows plain http for: local test
 * servers and receivers on the rep's own machine.
 */
import { isLoopbackUrl } from '../../model/address';

/** True when a webhook at `url` may only be called with a secret. An address that does not parse needs one. */
export function webhookNeedsSecret(url: string): boolean {
  return !isLoopbackUrl(url);
}
