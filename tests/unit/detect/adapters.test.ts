import { afterEach, describe, expect, it, vi } from 'vitest';
import { detect, MAX_CANDIDATES } from '@/lib/detect';
import { filterCandidates } from '@/lib/identity/filter';
import { Request } from '@/lib/model/messages';
import { Candidate } from '@/lib/model/prospect';
import type { SiteId } from '@/lib/sites';
import { fixtures, parse, withoutClasses } from './fixtures';

// Parsing hundreds of whole fixture pages is CPU-bound: on a loaded 2-core machine it can pass 20 s.
// Nothing here measures time, so a longer limit only keeps load from failing it.
vi.setConfig({ testTimeout: 90_000 });

/** Addresses each site's pages are served at, for running one site's adapter on another's page. */
const SITE_URLS: Record<SiteId, string[]> = {
  gmail: ['https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxz', 'https://mail.google.com/mail/u/0/?compose=new'],
  outlook: ['https://outlook.office.com/mail/inbox/id/AAQk', 'https://outlook.live.com/mail/0/deeplink/compose'],
  linkedin: [
    'https://www.linkedin.com/in/dana-whitfield-8b2a1c/',
    'https://www.linkedin.com/sales/lead/ACwAAAB3,NAME_SEARCH,x',
    'https://www.linkedin.com/messaging/thread/2-abc/',
  ],
};

const fixture = (name: string) => fixtures.find((f) => f.name === name)!;

it('covers every site with fixtures', () => {
  const count = (site: SiteId) => fixtures.filter((f) => f.site === site).length;
  // At least the pages tests/fixtures/pages/README.md lists (a page deleted by mistake fails here).
  expect(count('gmail')).toBeGreaterThanOrEqual(7);
  expect(count('outlook')).toBeGreaterThanOrEqual(12);
  expect(count('linkedin')).toBeGreaterThanOrEqual(12);
});

describe.each(fixtures)('fixture $name', (page) => {
  const document = parse(page.html);

  it('gives exactly the expected candidates and self addresses', () => {
    const found = detect(document, page.url);
    expect(found.site).toBe(page.site);
    expect(found.candidates).toEqual(page.candidates);
    expect(found.selfAddresses).toEqual(page.selfAddresses);
  });

  it('gives candidates the Candidate schema accepts', () => {
    for (const candidate of detect(document, page.url).candidates) expect(Candidate.parse(candidate)).toEqual(candidate);
  });

  it('still finds the same people when every class name is gone (the fallbacks)', () => {
    const keys = detect(withoutClasses(page.html), page.url).candidates.map((c) => c.key);
    expect(keys).toEqual(page.candidates.map((c) => c.key));
  });

  const others = (Object.keys(SITE_URLS) as SiteId[]).filter((site) => site !== page.site);
  it.each(others.flatMap((site) => SITE_URLS[site]))('gives nothing when read as %s', (url) => {
    const found = detect(document, url);
    expect(found.candidates).toEqual([]);
    expect(found.selfAddresses).toEqual([]);
  });
});

describe('what the rep finally sees', () => {
  it('leaves out colleagues on the own domain and automated senders', () => {
    const thread = fixture('gmail-thread');
    const { candidates, selfAddresses } = detect(parse(thread.html), thread.url);
    const shown = filterCandidates(candidates, { selfAddresses, ownDomains: ['acme.example'] });
    expect(shown.map((c) => c.key)).toEqual([
      'dana.whitfield@northwind.example',
      'jonas.berg@fabrikam.example',
      'priya@fabrikam.example',
      'priya+pilots@fabrikam.example',
      'li.wei@contoso.example',
    ]);

    const long = fixture('gmail-thread-30');
    const people = filterCandidates(detect(parse(long.html), long.url).candidates);
    expect(people.map((c) => c.key)).not.toContain('calendar-notification@google.com');
    expect(people).toHaveLength(long.candidates.length - 1);
  });
});

describe('the 1,000-row inbox', () => {
  afterEach(() => vi.restoreAllMocks());

  /** DOM queries one detection makes, and the person attributes it reads. */
  function cost(document: Document, url: string) {
    const queries = [
      vi.spyOn(document, 'querySelectorAll'),
      vi.spyOn(document, 'querySelector'),
      vi.spyOn(Element.prototype, 'querySelectorAll'),
      vi.spyOn(Element.prototype, 'querySelector'),
    ];
    const reads = vi.spyOn(Element.prototype, 'getAttribute');
    const candidates = detect(document, url).candidates;
    const result = {
      candidates,
      queries: queries.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
      // The selector engine itself reads class and role; a row's sender would show up as these.
      personReads: reads.mock.calls.filter(([name]) => name === 'email' || name === 'name').length,
    };
    vi.restoreAllMocks();
    return result;
  }

  it('is scanned with as many queries as a 10-row inbox, never reading a row', () => {
    const inbox = fixture('gmail-inbox-1000');
    const large = parse(inbox.html);
    const small = parse(inbox.html);
    expect(large.querySelectorAll('tr.zA')).toHaveLength(1000);
    for (const row of [...small.querySelectorAll('tr.zA')].slice(10)) row.remove();

    const big = cost(large, inbox.url);
    expect(big).toEqual({ ...cost(small, inbox.url), candidates: [] });
    expect(big.personReads).toBe(0);
  });
});

describe('hostile pages', () => {
  it('never returns more than the detected request accepts', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `<div class="kv"><span class="gD" email="p${i}@acme.example" name="P ${i}"></span></div>`).join('');
    const found = detect(parse(`<div role="main">${rows}</div>`), 'https://mail.google.com/mail/u/0/#inbox/x');
    expect(found.candidates).toHaveLength(MAX_CANDIDATES);
  });

  it.each(['"john doe"@example.com', '"a@b"@example.com', 'john\u1680doe@example.com'])(
    'leaves out a sender writing from %j, which no key can hold, and keeps the rest of the thread',
    (address) => {
      const thread = fixture('gmail-thread');
      const document = parse(thread.html);
      const sender = document.querySelector('div.kv .gD')!;
      sender.setAttribute('email', address);
      sender.setAttribute('data-hovercard-id', address);
      const found = detect(document, thread.url);
      expect(found.candidates.map((c) => c.key)).toContain('jonas.berg@fabrikam.example');
      // The background parses the request whole: one key it refuses would cost everyone their card.
      const request = { type: 'detected', url: thread.url, candidates: found.candidates, selfAddresses: found.selfAddresses, health: found.health };
      expect(Request.safeParse(JSON.parse(JSON.stringify(request))).success).toBe(true);
    },
  );

  it('clips LinkedIn fields to the schema limits and ignores broken JSON-LD', () => {
    const long = 'Ω'.repeat(10_000);
    const html = `<script type="application/ld+json">{"@type":"Person",</script>
      <script type="application/ld+json">{"@graph":[{"@type":["Person"],"name":${JSON.stringify(long)},"jobTitle":[${JSON.stringify(long)}],"worksFor":{"name":${JSON.stringify(long)}}}]}</script>`;
    const [candidate] = detect(parse(html), 'https://www.linkedin.com/in/dana/').candidates;
    expect(candidate).toEqual({
      key: 'linkedin:dana',
      name: 'Ω'.repeat(300),
      title: 'Ω'.repeat(300),
      company: 'Ω'.repeat(300),
      linkedinUrl: 'https://www.linkedin.com/in/dana',
      role: 'profile',
    });
  });
});
