/** Turns a stored or typed key back into something the resolver and sources can look up. */
import type { Candidate } from '../model/prospect';

export function candidateFromKey(key: string): Candidate {
  if (key.startsWith('linkedin:')) {
    const slug = key.slice('linkedin:'.length);
    return { key, linkedinUrl: `https://www.linkedin.com/in/${encodeURIComponent(slug)}`, role: 'lookup' };
  }
  if (key.includes('@')) return { key, email: key, role: 'lookup' };
  return { key, role: 'lookup' };
}
