/** Fixture pages (tests/fixtures/pages) with the real address each is served at, from its .expected.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.mjs';

const DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'pages');

export function fixture(name) {
  const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8'));
  return { name, html: readFileSync(join(DIR, `${name}.html`), 'utf8'), url: expected.url, expected };
}

/** The hosts the fixtures are served at; each request gets whichever fixture is current. */
export const FIXTURE_HOSTS = ['mail.google.com', 'www.linkedin.com'];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
