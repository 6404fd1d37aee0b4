import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_TYPES, stageLabel } from '@/components/card/labels';
import { localizer, t } from '@/components/i18n';
import { safeUrl } from '@/components/safeUrl';
import { dayLabel, relativeTime } from '@/components/time';
import { ENGAGEMENT_TYPES } from '@/lib/model/engagement';
import { NOW, hoursAgo } from './factory';

describe('safeUrl', () => {
  it.each([
    ['https://app.hubspot.com/contacts/1', 'https://app.hubspot.com/contacts/1'],
    ['  https://example.com/a b', 'https://example.com/a%20b'],
    ['mailto:dana@northwind.example', 'mailto:dana@northwind.example'],
  ])('keeps %s', (raw, href) => expect(safeUrl(raw)).toBe(href));

  const unsafe = ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'http://crm.example', '/relative', 'not a url', ''];
  it.each([...unsafe, undefined])('refuses %s', (raw) => expect(safeUrl(raw)).toBeNull());
});

describe('t', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('falls back to the English message, filling named placeholders', () => {
    expect(t('people_other', 3)).toBe('3 people');
    expect(t('domainSuggestion', 'Globex')).toBe('Possibly at Globex (same email domain)');
  });

  it('uses the browser translation when there is one', () => {
    // The browser's own namespace (lib/i18n.ts reads it directly, not through the polyfill).
    const getMessage = vi.fn().mockReturnValue('3 personnes');
    vi.stubGlobal('browser', { i18n: { getMessage } });
    expect(t('people_other', 3)).toBe('3 personnes');
    expect(getMessage).toHaveBeenCalledWith('people_other', ['3']);
  });

  it('translates any table in the messages.json format', () => {
    const m = localizer({ greet: { message: 'Hello $NAME$, $$5 off', placeholders: { name: { content: '$1' } } } });
    expect(m('greet', 'Ana')).toBe('Hello Ana, $5 off');
  });

  it('falls back when the browser has no message for the key', () => {
    vi.stubGlobal('chrome', { i18n: { getMessage: () => '' } });
    expect(t('noHistory')).toBe('No marketing history yet');
  });
});

describe('labels', () => {
  it('know every engagement type of the model', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...ENGAGEMENT_TYPES].sort());
  });

  it('name lifecycle stages as reps say them', () => {
    expect(stageLabel('marketingqualifiedlead')).toBe('MQL');
    expect(stageLabel('opportunity')).toBe('Opportunity');
    expect(stageLabel('closed_won')).toBe('Closed won');
  });
});

describe('relative times', () => {
  it.each([
    [0.001, 'just now'],
    [0.5, '30m ago'],
    [2, '2h ago'],
    [24 * 3, '3d ago'],
    [24 * 90, '3mo ago'],
    [24 * 364, '12mo ago'],
    [24 * 365, '1y ago'],
    [24 * 800, '2y ago'],
  ])('%s hours ago reads "%s"', (hours, text) => expect(relativeTime(hoursAgo(hours), NOW)).toBe(text));

  // A meeting logged for tomorrow, or one a CRM has scheduled: ahead of now, never "just now".
  it.each([
    [0.001, 'just now'],
    [0.5, 'in 30m'],
    [26, 'in 1d'],
    [24 * 90, 'in 3mo'],
    [24 * 400, 'in 1y'],
  ])('%s hours ahead reads "%s"', (hours, text) => expect(relativeTime(hoursAgo(-hours), NOW)).toBe(text));

  it('labels today and yesterday by calendar day', () => {
    const startOfToday = new Date(NOW);
    startOfToday.setHours(0, 0, 0, 0);
    expect(dayLabel(new Date(startOfToday.getTime() + 60_000).toISOString(), NOW)).toBe('Today');
    expect(dayLabel(new Date(startOfToday.getTime() - 60_000).toISOString(), NOW)).toBe('Yesterday');
    expect(dayLabel(new Date(startOfToday.getTime() - 3 * 86_400_000).toISOString(), NOW)).not.toMatch(/Today|Yesterday/);
  });
});
