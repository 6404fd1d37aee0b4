import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRequest, type SenderLike } from '@/lib/background/guard';
import { MAX_MESSAGE_BYTES, Request } from '@/lib/model/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const gmailTab: SenderLike = { id: ID, url: 'https://mail.google.com/mail/u/0/#inbox/FMfcg', tab: { id: 7, url: 'https://mail.google.com/mail/u/0/' } };
const popup: SenderLike = { id: ID, url: `${ORIGIN}popup.html` };
const detected = { type: 'detected', url: 'https://mail.google.com/mail/u/0/', candidates: [{ key: 'dana@northwind.example', email: 'dana@northwind.example' }] };

describe('checkRequest: senders', () => {
  it('accepts a content script on a supported site and an extension page', () => {
    expect(checkRequest(detected, gmailTab, ID, ORIGIN)).toMatchObject({ ok: true, caller: { kind: 'content', tabId: 7 } });
    expect(checkRequest({ type: 'tab/get', tabId: 7 }, popup, ID, ORIGIN)).toMatchObject({ ok: true, caller: { kind: 'extension' } });
  });

  it("refuses a page's candidate marked as a context-menu lookup (only the background marks those)", () => {
    const lookup = { ...detected, candidates: [{ ...detected.candidates[0], role: 'lookup' }] };
    expect(checkRequest(lookup, gmailTab, ID, ORIGIN)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkRequest({ ...detected, candidates: [{ ...detected.candidates[0], role: 'from' }] }, gmailTab, ID, ORIGIN)).toMatchObject({ ok: true });
  });

  it('refuses another extension, even with a valid message', () => {
    expect(checkRequest(detected, { ...gmailTab, id: 'otherextensionidotherextensionid' }, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(checkRequest(detected, { ...gmailTab, id: undefined }, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it.each([
    'https://evil.example/mail.google.com',
    'https://mail.google.com.evil.example/',
    'http://mail.google.com/',
    'https://docs.google.com/document/d/1',
    // LinkedIn subdomains where no prospect appears: no content script runs there (lib/sites.ts).
    'https://learning.linkedin.com/',
    'https://business.linkedin.com/talent-solutions',
    'https://de.linkedin.com/jobs/view/1',
    'file:///etc/passwd',
    `chrome-extension://${'x'.repeat(32)}/popup.html`,
  ])('refuses a content script on %s', (url) => {
    expect(checkRequest(detected, { id: ID, url, tab: { id: 3, url } }, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('refuses privileged requests from a content script', () => {
    for (const message of [{ type: 'connection/test', kind: 'hubspot' }, { type: 'diagnostics' }, { type: 'tab/get', tabId: 1 }, { type: 'sync/now' }]) {
      expect(checkRequest(message, gmailTab, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('takes an unsaved connection test, with its secret, from Options only — never from a page', () => {
    // A page that could send it would make the background send a typed token to an address of its choosing.
    const unsaved = { type: 'connection/test-unsaved', kind: 'hubspot', config: { baseUrl: 'http://127.0.0.1:9' }, secret: { token: 'pat-na1-x' } };
    const options: SenderLike = { id: ID, url: `${ORIGIN}options.html`, tab: { id: 2, url: `${ORIGIN}options.html` } };
    expect(checkRequest(unsaved, options, ID, ORIGIN)).toMatchObject({ ok: true, caller: { kind: 'extension' }, request: unsaved });
    expect(checkRequest(unsaved, gmailTab, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
    const linkedin: SenderLike = { id: ID, url: 'https://www.linkedin.com/in/dana', tab: { id: 8, url: 'https://www.linkedin.com/in/dana' } };
    expect(checkRequest(unsaved, linkedin, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('refuses a sender with neither a tab nor an extension URL', () => {
    expect(checkRequest(detected, { id: ID }, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('checkRequest: payloads', () => {
  it('caps the size before parsing', () => {
    const huge = { ...detected, url: 'https://mail.google.com/' + 'a'.repeat(MAX_MESSAGE_BYTES) };
    expect(checkRequest(huge, gmailTab, ID, ORIGIN)).toMatchObject({ ok: false, code: 'too-large' });
  });

  it('refuses values that are not plain JSON', () => {
    const cyclic: Record<string, unknown> = { type: 'detected' };
    cyclic.self = cyclic;
    expect(checkRequest(cyclic, gmailTab, ID, ORIGIN)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('drops fields the schema does not name', () => {
    const checked = checkRequest({ ...detected, __proto__: { admin: true }, extra: 'x' }, gmailTab, ID, ORIGIN);
    expect(checked.ok && 'extra' in checked.request).toBe(false);
  });

  it('rejects 2,000 generated malformed payloads with a typed error', () => {
    // Arbitrary JSON values, plus valid-looking envelopes with a real type and garbage fields.
    const types = Request.options.map((o) => o.shape.type.value);
    const garbage = fc.oneof(
      fc.jsonValue(),
      fc.record({ type: fc.constantFrom(...types), candidates: fc.jsonValue(), tabId: fc.jsonValue(), keys: fc.jsonValue(), action: fc.jsonValue() }),
    );
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(garbage, (payload) => {
        const checked = checkRequest(payload, popup, ID, ORIGIN);
        if (checked.ok) {
          accepted++;
          // Anything accepted must really be a valid request.
          expect(Request.safeParse(payload).success).toBe(true);
        } else {
          rejected++;
          expect(['invalid', 'too-large']).toContain(checked.code);
        }
      }),
      { numRuns: 2000, seed: 20261127 },
    );
    // Requests without fields (`sync/now`, `diagnostics`) are valid whatever else they carry; the rest must fail.
    expect(rejected).toBeGreaterThan(1500);
    expect(accepted + rejected).toBe(2000);
  });
});
