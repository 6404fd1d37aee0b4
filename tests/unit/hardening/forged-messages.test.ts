/**
 * Forged messages, per request type: 1,000 generated malformed payloads each, oversized payloads,
 * other extensions, pages posing as the content script or as an extension page, content scripts on
 * unsupported sites, and privileged requests from a supported site. Everything goes through the real
 * router with a spy for every handler: a refused message must come back as a typed error and reach
 * no handler at all (no side effect).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SenderLike } from '@/lib/background/guard';
import { createRouter, type Handlers } from '@/lib/background/router';
import { ERROR_CODES } from '@/lib/messaging';
import { CONTENT_SCRIPT_REQUESTS, MAX_MESSAGE_BYTES, Request, type RequestType } from '@/lib/model/messages';
import { recordResult } from '../../hardening/support/results';
import { VALID, forged } from './support/forge';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const TYPES = Request.options.map((option) => option.shape.type.value) as RequestType[];
const RUNS_PER_TYPE = 1_000;

const popup: SenderLike = { id: ID, url: `${ORIGIN}popup.html` };
const gmail: SenderLike = { id: ID, url: 'https://mail.google.com/mail/u/0/#inbox', tab: { id: 7, url: 'https://mail.google.com/mail/u/0/#inbox' }, frameId: 0 };

/** A router whose every handler only counts its calls. */
function spiedRouter() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(TYPES.map((type) => [type, () => {
    calls.push(type);
    return null;
  }])) as unknown as Handlers;
  return { route: createRouter(handlers, () => ({ id: ID, origin: ORIGIN })), calls };
}

async function expectRefused(reply: Awaited<ReturnType<ReturnType<typeof spiedRouter>['route']>>, codes: readonly string[]) {
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(codes).toContain(reply.error.code);
  expect(ERROR_CODES).toContain(reply.error.code);
  expect(reply.error.message.length).toBeGreaterThan(0);
}

describe('forged messages', () => {
  it('the valid example of every type passes, from the sender it is meant for (the spies work)', async () => {
    const { route, calls } = spiedRouter();
    for (const type of TYPES) {
      const sender = CONTENT_SCRIPT_REQUESTS.has(type) ? gmail : popup;
      expect(await route(VALID[type], sender)).toEqual({ ok: true, data: null });
    }
    expect(calls).toEqual(TYPES);
  });

  it.each(TYPES)(`%s: ${RUNS_PER_TYPE} generated malformed payloads are refused as invalid, reaching no handler`, async (type) => {
    const { route, calls } = spiedRouter();
    const sender = CONTENT_SCRIPT_REQUESTS.has(type) ? gmail : popup;
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(forged(type), async (payload) => {
        const reply = await route(payload, sender);
        await expectRefused(reply, ['invalid', 'too-large']);
        if (!reply.ok) codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
      }),
      { numRuns: RUNS_PER_TYPE, seed: 4242 + TYPES.indexOf(type) },
    );
    expect(calls).toEqual([]);
    expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(RUNS_PER_TYPE);
    recordResult(`forged-${type}`, { tried: RUNS_PER_TYPE, refused: RUNS_PER_TYPE, handlerCalls: calls.length, codes: Object.fromEntries(codes) });
  });

  it('an oversized message of every type is refused before parsing', async () => {
    const { route, calls } = spiedRouter();
    for (const type of TYPES) {
      const reply = await route({ ...VALID[type], padding: 'x'.repeat(MAX_MESSAGE_BYTES) }, popup);
      await expectRefused(reply, ['too-large']);
    }
    expect(calls).toEqual([]);
  });

  it('no sender but a supported page or an extension page gets through, whatever the message', async () => {
    const { route, calls } = spiedRouter();
    const strangers: [string, SenderLike][] = [
      ['another extension', { ...popup, id: 'otherextensionidotherextensionid' }],
      ['another extension on a supported page', { ...gmail, id: 'otherextensionidotherextensionid' }],
      ['no id at all', { url: `${ORIGIN}popup.html` }],
      ['a page posing as an extension page (no tab, a web URL)', { id: ID, url: 'https://mail.google.com/mail/u/0/' }],
      ['a look-alike extension URL', { id: ID, url: `chrome-extension://${ID}.evil.example/popup.html`, tab: { id: 1, url: `chrome-extension://${ID}.evil.example/popup.html` } }],
      ['another extension origin', { id: ID, url: 'chrome-extension://otherextensionidotherextensionid/popup.html' }],
      ['a content script on an unsupported site', { id: ID, url: 'https://evil.example/', tab: { id: 4, url: 'https://evil.example/' } }],
      ['a content script on a look-alike host', { id: ID, url: 'https://mail.google.com.evil.example/', tab: { id: 4, url: 'https://mail.google.com.evil.example/' } }],
      ['a LinkedIn subdomain the content script does not run on', { id: ID, url: 'https://learning.linkedin.com/in/x', tab: { id: 4, url: 'https://learning.linkedin.com/in/x' } }],
      ['a supported host over http', { id: ID, url: 'http://mail.google.com/', tab: { id: 4, url: 'http://mail.google.com/' } }],
      ['a data: frame in a supported tab', { id: ID, url: 'data:text/html,<script>1</script>', tab: { id: 4, url: 'data:text/html,x' } }],
      ['a sender with nothing', {}],
    ];
    let tried = 0;
    for (const [, sender] of strangers) {
      for (const type of TYPES) {
        tried++;
        await expectRefused(await route(VALID[type], sender), ['forbidden']);
      }
    }
    expect(calls).toEqual([]);
    recordResult('forged-senders', { tried, refused: tried, handlerCalls: calls.length });
  });

  it('a content script on a supported site may not send any privileged request', async () => {
    const { route, calls } = spiedRouter();
    const privileged = TYPES.filter((type) => !CONTENT_SCRIPT_REQUESTS.has(type));
    expect(privileged).toEqual(expect.arrayContaining(['tab/get', 'search', 'action/update', 'action/delete', 'action/list', 'connection/test', 'sync/now', 'diagnostics']));
    const sites = ['https://mail.google.com/mail/u/0/', 'https://outlook.office.com/mail/', 'https://www.linkedin.com/in/dana/'];
    for (const url of sites) {
      for (const type of privileged) await expectRefused(await route(VALID[type], { id: ID, url, tab: { id: 2, url } }), ['forbidden']);
    }
    expect(calls).toEqual([]);
    recordResult('forged-privileged', { tried: sites.length * privileged.length, refused: sites.length * privileged.length });
  });
});
