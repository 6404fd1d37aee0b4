import { describe, expect, it } from 'vitest';
import { candidateFromMailto, candidatesFromMailto, candidatesFromText, contextMenuCandidates } from '@/lib/identity/lookup';

const keys = (list: { key: string }[]) => list.map((c) => c.key);

describe('candidateFromMailto', () => {
  it.each([
    ['mailto:dana@northwind.example', 'dana@northwind.example'],
    ['MAILTO:Dana@Northwind.Example', 'dana@northwind.example'],
    ['mailto:dana@northwind.example?subject=Pilot%20pricing&body=Hi', 'dana@northwind.example'],
    ['mailto:dana%40northwind.example', 'dana@northwind.example'],
    ['mailto:dana+pilots@northwind.example', 'dana+pilots@northwind.example'],
    ['mailto:Dana%20Whitfield%20%3Cdana@northwind.example%3E', 'dana@northwind.example'],
    ['mailto:?to=dana@northwind.example', 'dana@northwind.example'],
    ['mailto:info@xn--bcher-kva.example', 'info@bücher.example'],
  ])('%s → %s', (href, key) => {
    expect(candidateFromMailto(href)).toEqual({ key, email: key, role: 'lookup' });
  });

  it.each(['', 'https://northwind.example', 'mailto:', 'mailto:?subject=hi', 'mailto:dana', 'mailto:%E0%A4%A', 'javascript:alert("a@b.example")'])(
    '%j has no recipient',
    (href) => expect(candidateFromMailto(href)).toBeNull(),
  );
});

describe('candidatesFromMailto', () => {
  it('reads every recipient: path, to, cc and bcc, in order, once each', () => {
    const href = 'mailto:dana@northwind.example,jonas@fabrikam.example?cc=priya@fabrikam.example;li.wei@contoso.example&BCC=ken@tailspin.example&to=dana@northwind.example&subject=ana@wingtip.example';
    expect(keys(candidatesFromMailto(href))).toEqual([
      'dana@northwind.example',
      'jonas@fabrikam.example',
      'priya@fabrikam.example',
      'li.wei@contoso.example',
      'ken@tailspin.example',
    ]);
  });

  it('keeps a literal plus in the query (mailto is not form-encoded)', () => {
    expect(keys(candidatesFromMailto('mailto:?cc=dana+x@northwind.example'))).toEqual(['dana+x@northwind.example']);
  });
});

describe('candidatesFromText', () => {
  it('finds addresses and LinkedIn profiles in a selection', () => {
    const text = `Dana Whitfield <DANA@Northwind.example>, VP Marketing
      linkedin.com/in/Dana-Whitfield-8b2a1c — cc: "Jonas B" jonas@fabrikam.example.`;
    expect(candidatesFromText(text)).toEqual([
      { key: 'dana@northwind.example', email: 'dana@northwind.example', role: 'lookup' },
      { key: 'jonas@fabrikam.example', email: 'jonas@fabrikam.example', role: 'lookup' },
      { key: 'linkedin:dana-whitfield-8b2a1c', linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield-8b2a1c', role: 'lookup' },
    ]);
  });

  it('finds nothing in text that merely looks like an address', () => {
    expect(candidatesFromText('@dana, logo@2x.png, user@localhost, dana at northwind dot example')).toEqual([]);
  });

  it('asks for at most 50 keys', () => {
    const text = Array.from({ length: 80 }, (_, i) => `p${i}@acme.example`).join(', ');
    expect(candidatesFromText(text)).toHaveLength(50);
  });
});

describe('contextMenuCandidates', () => {
  const keys = (linkUrl?: string, selection?: string) => contextMenuCandidates(linkUrl, selection).map((c) => c.key);

  it("takes a mailto link's first recipient", () => {
    expect(keys('mailto:dana@northwind.example,lee@contoso.example', 'ignored')).toEqual(['dana@northwind.example']);
  });

  it('reads any other link as text: a LinkedIn profile link names its person', () => {
    expect(keys('https://www.linkedin.com/in/dana-whitfield/', 'Dana Whitfield')).toEqual(['linkedin:dana-whitfield']);
  });

  it('falls back to the selection when the link names no one, and names no one from neither', () => {
    expect(keys('https://news.example/article', 'write to dana@northwind.example')).toEqual(['dana@northwind.example']);
    expect(keys('https://news.example/article', 'Dana Whitfield')).toEqual([]);
    expect(keys(undefined, undefined)).toEqual([]);
  });
});
