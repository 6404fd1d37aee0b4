import { describe, expect, it } from 'vitest';
import { neverLogMatch, normaliseNeverLogEntry } from '@/lib/identity/never-log';
import { Settings } from '@/lib/model/settings';

describe('never-log entries', () => {
  it('tidies addresses and domains as a rep pastes them, and refuses anything else', () => {
    expect(normaliseNeverLogEntry(' Dana+News@Northwind.Example ')).toBe('dana@northwind.example');
    expect(normaliseNeverLogEntry('northwind.example')).toBe('@northwind.example');
    expect(normaliseNeverLogEntry('@Northwind.example')).toBe('@northwind.example');
    expect(normaliseNeverLogEntry('https://www.northwind.example/about')).toBe('@northwind.example');
    for (const bad of ['', 'dana', 'not a domain', '@', 'a@b@c', 'localhost']) expect(normaliseNeverLogEntry(bad), bad).toBeNull();
  });

  it('matches an address, its plus-tagged forms, its domain and subdomains — not a look-alike domain', () => {
    const list = ['dana@northwind.example', '@fabrikam.example'];
    expect(neverLogMatch(list, ['dana@northwind.example'])?.entry).toBe('dana@northwind.example');
    expect(neverLogMatch(list, ['dana+deals@northwind.example'])?.entry).toBe('dana@northwind.example');
    expect(neverLogMatch(list, ['ok@x.example', 'jonas@eu.fabrikam.example'])).toEqual({ entry: '@fabrikam.example', address: 'jonas@eu.fabrikam.example' });
    expect(neverLogMatch(list, ['ken@notfabrikam.example', 'other@northwind.example'])).toBeUndefined();
    expect(neverLogMatch([], ['dana@northwind.example'])).toBeUndefined();
  });

  it('is part of the settings, validated like the rest', () => {
    expect(Settings.parse({}).neverLog).toEqual([]);
    expect(Settings.safeParse({ neverLog: ['@northwind.example', 'dana@x.example'] }).success).toBe(true);
    expect(Settings.safeParse({ neverLog: ['<script>'] }).success).toBe(false);
  });
});
