import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '@/public/_locales/en/messages.json';
import { calendarDate, dayLabel, relativeTime } from '@/components/time';
import { formatCount, type MessageEntry, plural, semicolonList, uiLocale, useFallbackMessages } from '@/lib/i18n';
import { badgeFor } from '@/lib/background/badge';
import { automaticReason } from '@/lib/insights/automatic';
import { agoInWords } from '@/lib/insights/days';
import type { ProspectView } from '@/lib/model/view';

/** A language's messages as the browser would answer them: the table stands in for browser.i18n. */
function browserIn(language: string, ui = language): void {
  useFallbackMessages(language === 'en' ? english : readLocale(language));
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(ui);
}

function readLocale(language: string): Record<string, MessageEntry> {
  return JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, MessageEntry>;
}

afterEach(() => {
  vi.restoreAllMocks();
  useFallbackMessages(english);
});

describe('plural', () => {
  it('says "1 possible match" and "2 possible matches" in English', () => {
    browserIn('en');
    expect(plural('possibleMatches', 1)).toBe('1 possible match');
    expect(plural('possibleMatches', 2)).toBe('2 possible matches');
    expect(plural('possibleMatches', 0)).toBe('0 possible matches');
  });

  it('fills the count as $1 and the rest after it', () => {
    browserIn('en');
    expect(plural('badgeTitle', 1, 'hot')).toBe('Prospect Lens: 1 person on this page is in your data (hot)');
    expect(plural('badgeTitle', 3, 'warm')).toBe('Prospect Lens: 3 people on this page are in your data (hottest: warm)');
  });

  it('formats the count in the UI language', () => {
    browserIn('de');
    expect(uiLocale()).toBe('de');
    expect(formatCount(12345)).toBe('12.345');
    expect(plural('options_recordsRead', 12345)).toContain('12.345');
  });

  it('chooses the French "one" for 0 and 1, and "many" for a million', () => {
    browserIn('fr');
    expect(plural('people', 0)).toBe('0 personne');
    expect(plural('people', 1)).toBe('1 personne');
    expect(plural('people', 2)).not.toBe(plural('people', 1));
    expect(new Intl.PluralRules('fr').select(1_000_000)).toBe('many');
    expect(plural('people', 1_000_000)).toMatch(/^1\s000\s000 de personnes$/);
  });

  it('falls back to the "other" form where a language has no message for the category', () => {
    browserIn('en');
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
    useFallbackMessages({ ...english, messagesLocale: { message: 'fr' } });
    // A file without the `many` form (English strings under French rules here) reads the `other` one.
    expect(plural('people', 1_000_000)).toBe('1\u202f000\u202f000 people');
  });

  it('refines the language by the UI variant and ignores an unrelated UI language', () => {
    browserIn('en', 'en-GB');
    expect(uiLocale()).toBe('en-GB');
    browserIn('en', 'pt-BR');
    expect(uiLocale()).toBe('en');
  });
});

describe('lists', () => {
  it('joins with semicolons spaced the way each language writes them', () => {
    browserIn('en');
    expect(semicolonList(['a', 'b', 'c'])).toBe('a; b; c');
    expect(semicolonList(['a'])).toBe('a');
    expect(semicolonList([])).toBe('');
    browserIn('fr');
    expect(semicolonList(['a', 'b', 'c'])).toBe('a\u00a0; b\u00a0; c');
  });
});

describe('relative times', () => {
  it('are as short as each language reads well: "1d ago", "vor 1 Tag", "il y a 1 j" (not "-1 j"), "hace 1 d"', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const said = (language: string) => {
      browserIn(language);
      return relativeTime('2026-11-19T11:00:00Z', now).replace(/\s/g, ' ');
    };
    expect(said('en')).toBe('1d ago');
    expect(said('de')).toBe('vor 1 Tag');
    expect(said('fr')).toBe('il y a 1 j');
    expect(said('es')).toBe('hace 1 d');
  });
});

describe('dates and the badge in German', () => {
  it('writes a day and a close date the German way', () => {
    browserIn('de');
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(dayLabel('2026-11-20T11:00:00Z', now)).toBe('Heute');
    expect(dayLabel('2026-11-13T11:00:00Z', now)).toBe('13. Nov.');
    expect(calendarDate('2026-12-19T10:00:00.000Z')).toBe('19.12.2026');
  });

  it('titles the toolbar button in German', () => {
    browserIn('de');
    const view = { known: true, insights: { heat: 'hot' } } as unknown as ProspectView;
    expect(badgeFor([view], 0).title).toBe(plural('badgeTitle', 1, 'heiß'));
    expect(badgeFor([view], 0).title).toMatch(/^Prospect Lens: 1 Person /);
    expect(badgeFor([view, view], 0).title).toMatch(/^Prospect Lens: 2 Personen /);
  });
});

describe('heat reasons in the UI language', () => {
  it('words automatic opens and clicks with the plural each count needs', () => {
    browserIn('en');
    expect(automaticReason([{ type: 'email_click', rule: 'scanner-burst' }])).toBe('1 click looks automatic (several links clicked within seconds)');
    browserIn('de');
    expect(
      automaticReason([
        { type: 'email_open', rule: 'open-on-delivery' },
        { type: 'email_open', rule: 'open-on-delivery' },
        { type: 'email_click', rule: 'scanner-burst' },
      ]),
    ).toBe('2 Öffnungen und 1 Klick wirken automatisch (innerhalb von 2 Minuten nach Zustellung geöffnet; mehrere Links innerhalb von Sekunden geklickt)');
    browserIn('fr');
    expect(automaticReason([{ type: 'email_open', rule: 'prefetched-open' }])).toBe('1 ouverture semble automatique (ouvert moins de 10 minutes après la remise, sans suite)');
  });

  it('says how long ago in the UI language', () => {
    browserIn('es');
    expect([0, 1, 3].map(agoInWords)).toEqual(['hoy', 'ayer', 'hace 3 días']);
    browserIn('de');
    expect(agoInWords(3)).toBe('vor 3 Tagen');
  });
});
