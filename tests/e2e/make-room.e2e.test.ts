import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar, SIDEBAR_HOST } from './helpers';

/**
 * Webmail makes room for the unfolded sidebar (issue 14): at a 1280 px wide window no element of the
 * thread area lies under the sidebar — checked with `elementsFromPoint` over the sidebar's whole
 * column — and folding gives the space back. The pages are the Gmail and Outlook fixtures laid out the
 * way the real apps pin their views to the viewport: the app container absolutely positioned over the
 * whole window, and a compose dock fixed to the bottom-right corner (where Gmail keeps its compose
 * windows), the two things a plain margin would not move.
 */

const PAGES = join(PROJECT_ROOT, 'tests/fixtures/pages');
const WIDTH = 1280;
const SIDEBAR_WIDTH = 320;

const APP_LAYOUT = `<style>
html, body { height: 100%; margin: 0; overflow: hidden; }
#pl-test-app { position: absolute; inset: 0; overflow: auto; }
#pl-test-dock { position: fixed; right: 0; bottom: 0; width: 520px; height: 180px; background: #eef; }
</style>`;

/** The fixture inside an app container pinned to the viewport, with a fixed compose dock. */
function appShaped(name: string): string {
  const html = readFileSync(join(PAGES, `${name}.html`), 'utf8');
  return html
    .replace('</head>', `${APP_LAYOUT}</head>`)
    .replace(/<body([^>]*)>/, '<body$1><div id="pl-test-app">')
    .replace('</body>', '</div><div id="pl-test-dock" role="dialog" aria-label="New message">New message</div></body>');
}

const urlOf = (name: string) => (JSON.parse(readFileSync(join(PAGES, `${name}.expected.json`), 'utf8')) as { url: string }).url;

/**
 * The page's own elements found at points spread over the sidebar's column (every 16 px across,
 * every 40 px down), as `tag#id.class` strings; the sidebar's host, <html> and <body> excepted.
 */
function pageElementsUnderSidebar(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ host, left, width }) => {
      const found = new Set<string>();
      for (let x = left + 1; x < width; x += 16) {
        for (let y = 5; y < innerHeight; y += 40) {
          for (const element of document.elementsFromPoint(x, y)) {
            if (element.localName === host || element === document.documentElement || element === document.body) continue;
            found.add(`${element.localName}${element.id ? `#${element.id}` : ''}`);
          }
        }
      }
      return [...found];
    },
    { host: SIDEBAR_HOST, left: WIDTH - SIDEBAR_WIDTH, width: WIDTH },
  );
}

/** Where the thread area and the compose dock end on the right. */
function rightEdges(page: Page): Promise<{ main: number; dock: number }> {
  return page.evaluate(() => ({
    main: Math.round(document.querySelector('[role="main"]')!.getBoundingClientRect().right),
    dock: Math.round(document.querySelector('#pl-test-dock')!.getBoundingClientRect().right),
  }));
}

describe('webmail makes room for the sidebar', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
    for (const name of ['gmail-thread', 'outlook-reading-de']) {
      await ext.routeSite(`${new URL(urlOf(name)).origin}/**`, appShaped(name));
    }
  });

  afterAll(async () => {
    await ext?.close();
  });

  it.each(['gmail-thread', 'outlook-reading-de'])('%s: nothing of the page under the unfolded sidebar; folding gives the room back', async (name) => {
    const page = await ext.openPage(urlOf(name));
    await page.setViewportSize({ width: WIDTH, height: 800 });
    const bar = sidebar(page);
    await bar.waitFor('aside[data-state="ready"]', { timeout: 10_000 });
    expect((await bar.box('aside'))?.x).toBe(WIDTH - SIDEBAR_WIDTH);

    expect(await pageElementsUnderSidebar(page)).toEqual([]);
    expect(await rightEdges(page)).toEqual({ main: WIDTH - SIDEBAR_WIDTH, dock: WIDTH - SIDEBAR_WIDTH });

    await bar.click({ role: 'button', name: 'Hide the sidebar' });
    await bar.waitFor('aside[data-state="collapsed"]');
    await expect.poll(() => rightEdges(page)).toEqual({ main: WIDTH, dock: WIDTH });
    expect(await page.evaluate(() => document.body.getAttribute('style'))).toBeNull();

    // Unfolded again (the folded state is remembered per site), the room is made again.
    await bar.click({ role: 'button', name: /^Show Prospect Lens/ });
    await bar.waitFor('aside[data-state="ready"]');
    await expect.poll(() => rightEdges(page)).toEqual({ main: WIDTH - SIDEBAR_WIDTH, dock: WIDTH - SIDEBAR_WIDTH });
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
