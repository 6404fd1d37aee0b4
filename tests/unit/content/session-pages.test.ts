/**
 * The page session over real detection: what changes on a captured page must reach the background.
 * Apart from session.test.ts, which runs without a DOM.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type ScanResult } from '@/lib/content/session';
import { detect } from '@/lib/detect';
import { fixtures, parse } from '../detect/fixtures';

describe('page session on captured pages', () => {
  /** A session over a live document that answers every report at once, recording what it sent. */
  function reporting(document: Document, url: string) {
    const reports: ScanResult[] = [];
    const session = createSession({
      scan: () => detect(document, url),
      url: () => url,
      report: async (_url, scan) => {
        reports.push(scan);
        return { revision: reports.length, views: [] };
      },
      onState: () => undefined,
    });
    return { session, reports };
  }

  it('reports again when someone already in the thread sends the newest message', async () => {
    const thread = fixtures.find((f) => f.name === 'gmail-thread')!;
    const document = parse(thread.html);
    const { session, reports } = reporting(document, thread.url);
    await session.rescan();
    expect(reports[0]!.candidates.find((c) => c.newest)?.key).toBe('dana.whitfield@northwind.example');

    // Jonas answers Dana, cc Priya: Gmail appends his message; nobody new, no role changes.
    document.querySelector('[role="list"]')!.insertAdjacentHTML(
      'beforeend',
      `<div class="h7 ie nH oy8Mbf" role="listitem" aria-expanded="true"><div class="adn ads" data-legacy-message-id="ffff">
      <table class="cf gJ"><tbody><tr><td class="gF gK"><h3 class="iw"><span class="qu" role="gridcell"><span class="gD" email="jonas.berg@fabrikam.example" name="Jonas Berg">Jonas</span></span></h3></td></tr>
      <tr><td><div class="iw ajw"><span class="hb">to <span class="g2" email="dana.whitfield@northwind.example" name="Dana Whitfield">Dana</span>, cc: <span class="g2" email="priya@fabrikam.example" name="Priya Raman">Priya</span></span></div></td></tr></tbody></table>
      <div class="ii gt"><div class="a3s aiL">Numbers attached.</div></div></div></div>`,
    );
    await session.rescan();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.candidates.find((c) => c.newest)?.key).toBe('jonas.berg@fabrikam.example');
  });

  it('reports again when LinkedIn renders the experience section after the top card', async () => {
    const page = fixtures.find((f) => f.name === 'linkedin-profile-grouped')!;
    const document = parse(page.html);
    const section = document.getElementById('experience')!.closest('section')!;
    const [parent, next] = [section.parentElement!, section.nextSibling];
    section.remove();
    const { session, reports } = reporting(document, page.url);
    await session.rescan();
    expect(reports[0]!.candidates[0]).toMatchObject({ title: 'Helping toy retailers buy smarter | Procurement leader' });
    expect(reports[0]!.candidates[0]!.company).toBeUndefined();

    parent.insertBefore(section, next);
    await session.rescan();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.candidates[0]).toMatchObject({ title: 'Head of Procurement', company: 'Tailspin Toys' });
  });
});
