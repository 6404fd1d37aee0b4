/**
 * The LinkedIn demo page (demo/linkedin.html, served by `npm run demo` at its own address) is the demo
 * data's LinkedIn-only person: the page, read at that address, gives her key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoDataset } from '@/lib/demo';
import { detect } from '@/lib/detect';
import { profileRef } from '@/lib/identity/linkedin-url';

const ROOT = join(__dirname, '../../..');

it("shows Marta Oliveira at the demo person's address, one no LinkedIn member can hold", () => {
  const html = readFileSync(join(ROOT, 'demo/linkedin.html'), 'utf8');
  const url = 'https://www.linkedin.com/in/prospect-lens.demo.marta-oliveira/';
  const marta = demoDataset(0).rows.find((r) => r.name === 'Marta Oliveira')!;
  expect(profileRef(url)?.key).toBe(profileRef(marta.linkedin_url)?.key);
  const page = new DOMParser().parseFromString(html, 'text/html');
  expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(marta.linkedin_url);
  const { candidates } = detect(page, url);
  expect(candidates.map((c) => [c.key, c.name])).toEqual([[profileRef(marta.linkedin_url)!.key, 'Marta Oliveira']]);
});
