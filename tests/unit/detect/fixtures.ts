import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Candidate } from '@/lib/model/prospect';
import type { SiteId } from '@/lib/sites';

/** One dated fixture page and the result it must give (tests/fixtures/pages/X.html + X.expected.json). */
export interface Fixture {
  name: string;
  html: string;
  url: string;
  site: SiteId;
  selfAddresses: string[];
  candidates: Candidate[];
}

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/pages');

export const fixtures: Fixture[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.html'))
  .map((file) => {
    const name = file.slice(0, -'.html'.length);
    const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Omit<Fixture, 'name' | 'html'>;
    return { ...expected, name, html: readFileSync(join(DIR, file), 'utf8') };
  });

export function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The page as a redesign might leave it: every class attribute gone (build-hashed names change). */
export function withoutClasses(html: string): Document {
  const document = parse(html);
  for (const element of document.querySelectorAll('[class]')) element.removeAttribute('class');
  return document;
}
