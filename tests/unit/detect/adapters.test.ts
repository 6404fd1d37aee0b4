import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/detect';
import { fixtures, parse } from './fixtures';

describe.each(fixtures)('fixture $name', (fixture) => {
  const document = parse(fixture.html);

  it('finds exactly the expected candidates and self addresses', () => {
    const found = detect(document, fixture.url);
    expect(found.site).toBe(fixture.site);
    expect(found.candidates).toEqual(fixture.candidates);
    expect(found.selfAddresses).toEqual(fixture.selfAddresses);
  });
});
