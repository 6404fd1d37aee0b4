/**
 * Hardening tests print their numbers as one JSON line each (`hardening-result {...}`), which
 * scripts/test-hardening.mjs collects into the closing table, and which a reader can grep from the log.
 */
export function recordResult(name: string, numbers: object): void {
  console.log(`hardening-result ${JSON.stringify({ name, ...numbers })}`);
}
