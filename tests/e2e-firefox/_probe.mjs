import puppeteer from 'puppeteer-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const t0 = performance.now();
const lap = (m) => console.log(((performance.now() - t0) / 1000).toFixed(1), m);
const uuid = crypto.randomUUID();
const profileDir = mkdtempSync(join(tmpdir(), 'ffp-'));
const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
  args: ['--profile', profileDir, '--remote-allow-system-access'],
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ 'prospect-lens@prospect-lens.dev': uuid }) } });
lap('launched');
const id = await browser.installExtension('/tmp/ff-build/firefox-mv3');
lap('installed ' + id);
const pages = await browser.pages();
console.log(pages.map((p) => p.url()));
const page = await browser.newPage();
await page.setRequestInterception(true);
const html = readFileSync('tests/fixtures/pages/gmail-thread.html', 'utf8');
page.on('request', (req) => {
  console.log('req', req.url().slice(0, 80));
  if (req.url().startsWith('https://mail.google.com/')) req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  else req.abort();
});
const url = JSON.parse(readFileSync('tests/fixtures/pages/gmail-thread.expected.json', 'utf8')).url;
await page.goto(url).catch((e) => console.log('goto err', e.message));
lap('goto ' + page.url());
try {
  await page.locator('prospect-lens-sidebar >>> [data-testid="prospect-card"]').setTimeout(10000).wait();
  lap('card found');
  console.log(await page.$$eval('prospect-lens-sidebar >>> [data-testid="prospect-card"]', (els) => els.map((e) => e.getAttribute('data-prospect-key') + ' ' + e.getAttribute('data-known'))));
} catch (e) { console.log('no card', e.message); console.log(await page.evaluate(() => document.documentElement.outerHTML.slice(0, 500))); }
// extension page
const ext = await browser.newPage();
await ext.mainFrame().browsingContext.navigate(`moz-extension://${uuid}/options.html`, 'complete');
lap('options ' + await ext.evaluate(() => location.href + ' ' + document.readyState));
console.log(await ext.evaluate(async () => JSON.stringify({ session: typeof browser.storage.session, ua: navigator.userAgent })).catch(e=>e.message));
await browser.close();
lap('closed');
