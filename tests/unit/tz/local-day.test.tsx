/**
 * An import's date without a time, kept as midnight UTC, in time zones other than the host's
 * (lib/local-day.ts). Runs in a process of its own (project `tz`, pool `forks` in vitest.config.ts):
 * Node applies a `TZ` set at run time in a process's main thread, not in a worker thread.
 */
import { render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Timeline } from '@/components/card/Timeline';
import { dayKey, dayLabel, fullDate, localTime } from '@/components/time';
import { setClock } from '@/lib/clock';
import { agoInWords, localAge } from '@/lib/insights/days';
import type { EngagementEvent } from '@/lib/model/engagement';

const zone = process.env.TZ;
let restoreClock: (() => void) | undefined;
afterEach(() => {
  process.env.TZ = zone;
  restoreClock?.();
});

const WEBINAR = '2026-11-03T00:00:00.000Z';

const event = (id: string, occurredAt: string, type: EngagementEvent['type']): EngagementEvent => ({ id, prospectKey: 'dana@northwind.example', source: 'local', type, occurredAt });

describe.each(['America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo'])('a date without a time in %s', (tz) => {
  it('is that date, without a time of day, in the timeline and in the heat reasons alike', () => {
    process.env.TZ = tz;
    // The zone really is in force (it would not be in a worker thread).
    expect(new Date(Date.UTC(2026, 10, 3)).getTimezoneOffset()).toBe({ 'America/New_York': 300, 'America/Los_Angeles': 480, 'Europe/Berlin': -60, 'Asia/Tokyo': -540 }[tz]);
    const now = Date.UTC(2026, 11, 1, 15);
    expect(dayLabel(WEBINAR, now)).toBe('Nov 3');
    expect(dayKey(localTime(WEBINAR))).toBe('2026-11-03');
    expect(fullDate(WEBINAR)).toBe('Nov 3, 2026');
    // An event with a time is where its instant falls.
    expect(fullDate('2026-11-03T00:00:00.001Z')).toMatch(/:/);
    // On Nov 3 (local noon), the card's words say today, as its timeline does.
    const noonNov3 = new Date(2026, 10, 3, 12).getTime();
    expect(dayLabel(WEBINAR, noonNov3)).toBe('Today');
    expect(agoInWords(localAge(WEBINAR, noonNov3))).toBe('today');
  });
});

describe('the timeline in New York', () => {
  it('lists days newest first when a date without a time shares them with timed events', () => {
    process.env.TZ = 'America/New_York';
    const now = Date.UTC(2026, 10, 3, 20);
    restoreClock = setClock(() => now);
    // An open at 9 PM on Nov 2 in New York is after midnight UTC on Nov 3, but a day before the webinar.
    const events = [event('open', '2026-11-03T02:00:00.000Z', 'email_open'), event('webinar', WEBINAR, 'webinar_attended')];
    const { container } = render(<Timeline events={events} names={{}} />);
    expect([...container.querySelectorAll('.pl-day')].map((day) => day.textContent)).toEqual(['Today', 'Yesterday']);
  });
});
