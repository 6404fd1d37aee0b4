import { queryAll } from './dom';

/*
 * The Person a public LinkedIn profile describes in JSON-LD (`@graph` with a `Person`: name, url,
 * jobTitle[], worksFor[Organization]). Page data is untrusted: anything unexpected is skipped.
 */

export interface LdPerson {
  name?: string;
  url?: string;
  jobTitle?: string;
  company?: string;
}

type Node = Record<string, unknown>;

/** Public profiles carry a few KB of JSON-LD; a bigger block is not worth parsing in the page. */
const MAX_JSON = 200_000;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map(firstString).find(Boolean);
  return undefined;
}

function isPerson(node: Node): boolean {
  const type = node['@type'];
  return type === 'Person' || (Array.isArray(type) && type.includes('Person'));
}

function findPerson(value: unknown, depth: number): Node | undefined {
  if (depth > 4) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const person = findPerson(item, depth + 1);
      if (person) return person;
    }
    return undefined;
  }
  if (!isNode(value)) return undefined;
  return isPerson(value) ? value : findPerson(value['@graph'], depth + 1);
}

function companyOf(worksFor: unknown): string | undefined {
  const organisations = Array.isArray(worksFor) ? worksFor : [worksFor];
  for (const organisation of organisations) {
    if (!isNode(organisation)) continue;
    // A role with an end date is a past job.
    const member = organisation.member;
    if (isNode(member) && member.endDate) continue;
    const name = firstString(organisation.name);
    if (name) return name;
  }
  return undefined;
}

export function personFromJsonLd(document: Document): LdPerson | undefined {
  for (const script of queryAll(document, 'script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const person = findPerson(data, 0);
    if (person) {
      return {
        name: firstString(person.name),
        url: firstString(person.url),
        jobTitle: firstString(person.jobTitle),
        company: companyOf(person.worksFor),
      };
    }
  }
  return undefined;
}
