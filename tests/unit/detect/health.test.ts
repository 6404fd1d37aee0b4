/**
 * Detection health end to end without a browser: each fixture page scanned as it is, then as a
 * redesign might leave it (every class gone), reported through the real background, and read back the
 * way Options reads it. Stripping the classes must turn the site's health to "fallback".
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { detect } from '@/lib/detect';
import type { Reply } from '@/lib/messaging';
import { SCANS_KEPT, type SiteHealth, summariseHealth } from '@/lib/model/detection-health';
import { closeDbForTests } from '@/lib/store/db';
import type { SiteId } from '@/lib/sites';
import { testBackground } from '../support/background';
import { fixtures, parse, withoutClasses } from './fixtures';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const fixture = (name: string) => fixtures.find((f) => f.name === name)!;

describe('a scan reports how its finders matched', () => {
  // The fixtures follow the real pages' markup, so reading them must never need a fallback: one that
  // does is either a fixture that strays from the page or a precise selector that misses its layout.
  it.each(fixtures.map((f) => f.name))('%s: every finder that matched used its precise selector', (name) => {
    const page = fixture(name);
    const { health } = detect(parse(page.html), page.url);
    expect(health.fallback).toEqual([]);
    if (page.candidates.length > 0) expect(health.precise.length).toBeGreaterThan(0);
  });

  it.each(['gmail-thread', 'gmail-thread-30', 'gmail-thread-de'])('%s without classes: the class-based finders answer from their fallbacks', (name) => {
    const page = fixture(name);
    const before = detect(parse(page.html), page.url);
    const after = detect(withoutClasses(page.html), page.url);
    // The same people are found…
    expect(after.candidates.map((c) => c.key).sort()).toEqual(before.candidates.map((c) => c.key).sort());
    // …and the report says how: the three class-based finders fell back, the account button (an href) did not.
    expect(before.health).toEqual({ precise: ['message', 'sender', 'recipientLine', 'account'], fallback: [] });
    expect(after.health).toEqual({ precise: ['account'], fallback: ['message', 'sender', 'recipientLine'] });
  });

  it('a page where nothing matched reports no finder', () => {
    expect(detect(parse('<main><p>Nothing here</p></main>'), 'https://mail.google.com/mail/u/0/#inbox').health).toEqual({ precise: [], fallback: [] });
  });

  it('a scan inside another one (none today) keeps each record separate', async () => {
    const { recordHits } = await import('@/lib/detect/selectors');
    const page = fixture('gmail-thread');
    const outer = recordHits(() => {
      const inner = recordHits(() => detect(withoutClasses(page.html), page.url));
      return inner.result.health;
    });
    expect(outer.result.fallback.length).toBeGreaterThan(0);
    expect(outer.hits.size).toBe(0);
  });
});

describe('summarising the kept scans', () => {
  const scan = (precise: number, fallback: number, fallbackFinders: string[] = []) => ({ at: '2026-12-01T10:00:00.000Z', precise, fallback, fallbackFinders });

  it('unseen, precise, then fallback with its share and finders', () => {
    expect(summariseHealth([]).state).toBe('unseen');
    expect(summariseHealth([scan(3, 0), scan(2, 0)])).toMatchObject({ state: 'precise', hits: 5, fallbackShare: 0, scans: 2 });
    expect(summariseHealth([scan(3, 0), scan(1, 2, ['sender', 'message']), scan(0, 2, ['sender'])])).toMatchObject({
      state: 'fallback',
      hits: 8,
      fallbackShare: 0.5,
      fallbackFinders: ['message', 'sender'],
    });
  });
});

describe('through the background, as Options reads it', () => {
  beforeEach(closeDbForTests);

  function background() {
    const { route } = testBackground({ id: ID });
    const ask = <T,>(message: Record<string, unknown>, sender: object) => route(message, sender) as Promise<Reply<T>>;
    const health = async () => {
      const reply = await ask<Record<SiteId, SiteHealth>>({ type: 'detection/health' }, { id: ID, url: `chrome-extension://${ID}/options.html` });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.data;
    };
    /** What the content script on `page` sends for this document. */
    const report = (page: { url: string }, document: Document, tabId = 3) => {
      const { candidates, selfAddresses, health } = detect(document, page.url);
      return ask({ type: 'detected', url: page.url, candidates, selfAddresses, health }, { id: ID, url: page.url, tab: { id: tabId, url: page.url } });
    };
    return { ask, health, report };
  }

  it('turns Gmail to "fallback" once its pages lose their classes, and leaves the other sites alone', async () => {
    const bg = background();
    const page = fixture('gmail-thread');
    expect((await bg.health()).gmail.state).toBe('unseen');

    await bg.report(page, parse(page.html));
    await vi.waitFor(async () => expect((await bg.health()).gmail).toMatchObject({ state: 'precise', fallbackShare: 0, scans: 1 }));

    await bg.report(page, withoutClasses(page.html), 4);
    await vi.waitFor(async () => expect((await bg.health()).gmail.scans).toBe(2));
    const gmail = (await bg.health()).gmail;
    expect(gmail.state).toBe('fallback');
    expect(gmail.fallbackShare).toBeGreaterThan(0);
    expect(gmail.fallbackFinders).toContain('sender');
    expect(gmail.lastSeen).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await bg.health()).outlook.state).toBe('unseen');
  });

  it('files a report under the site the sender is on, whatever URL the request names', async () => {
    const bg = background();
    const page = fixture('gmail-thread');
    const { candidates, health } = detect(withoutClasses(page.html), page.url);
    const outlook = 'https://outlook.office.com/mail/inbox';
    await bg.ask({ type: 'detected', url: page.url, candidates, health }, { id: ID, url: outlook, tab: { id: 5, url: outlook } });
    await vi.waitFor(async () => expect((await bg.health()).outlook.state).toBe('fallback'));
    expect((await bg.health()).gmail.state).toBe('unseen');
  });

  it('keeps the latest scans only, and a content script cannot read it', async () => {
    const bg = background();
    const page = fixture('gmail-thread');
    const document = parse(page.html);
    for (let i = 0; i < SCANS_KEPT + 5; i++) await bg.report(page, document, 100 + i);
    await vi.waitFor(async () => expect((await bg.health()).gmail.scans).toBe(SCANS_KEPT));
    const fromPage = await bg.ask({ type: 'detection/health' }, { id: ID, url: page.url, tab: { id: 3, url: page.url } });
    expect(fromPage.ok).toBe(false);
  });
});
