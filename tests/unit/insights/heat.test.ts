import fc from 'fast-check';
import { heatOf } from '@/lib/insights';
import { ENGAGEMENT_TYPES, type EngagementEvent, type EngagementType } from '@/lib/model/engagement';
import { addToSummary, emptySummary } from '@/lib/store/summary';
import { type Happening, history, NOW, times } from './history';

const PRICING = 'https://www.example.com/pricing';

describe('heat', () => {
  it.each<[string, Happening[], 'cold' | 'warm' | 'hot', string[]]>([
    ['nothing at all', [], 'cold', ['no engagement recorded']],
    ['one email opened 200 days ago', [{ type: 'email_open', daysAgo: 200 }], 'cold', ['no engagement in 30 days (last touch 200 days ago)']],
    ['only emails sent to them', times(5, { type: 'email_sent', daysAgo: 1 }), 'cold', ['no engagement in 30 days (last touch yesterday)']],
    ['a webinar attended 5 days ago', [{ type: 'webinar_attended', daysAgo: 5 }], 'warm', ['attended a webinar 5 days ago']],
    ['a form submitted today', [{ type: 'form_submit', daysAgo: 0 }], 'warm', ['submitted a form today']],
    ['the same webinar, 90 days ago', [{ type: 'webinar_attended', daysAgo: 90 }], 'cold', ['no engagement in 30 days (last touch 90 days ago)']],
    ['3 clicks this week', [...times(2, { type: 'email_click', daysAgo: 1 }), { type: 'email_click', daysAgo: 6 }], 'warm', ['clicked 3 emails in 7 days']],
    [
      'one click this week, three earlier this month',
      [{ type: 'email_click', daysAgo: 3 }, ...times(3, { type: 'email_click', daysAgo: 20 })],
      'warm',
      ['clicked 4 emails in 30 days'],
    ],
    [
      'two clicks and /pricing twice this week, a webinar 12 days ago',
      [
        { type: 'email_click', daysAgo: 1 },
        { type: 'email_click', daysAgo: 2 },
        { type: 'page_view', daysAgo: 2, url: PRICING },
        { type: 'page_view', daysAgo: 4, url: `${PRICING}?plan=team` },
        { type: 'webinar_attended', daysAgo: 12 },
        { type: 'email_open', daysAgo: 1 },
        { type: 'email_open', daysAgo: 2 },
      ],
      'hot',
      ['viewed /pricing twice', 'clicked 2 emails in 7 days'],
    ],
    ['pages without a buying page', times(4, { type: 'page_view', daysAgo: 3, url: 'https://www.example.com/blog/x' }), 'warm', ['viewed /blog/x 4 times']],
    ['pages without URLs', times(2, { type: 'page_view', daysAgo: 3 }), 'cold', ['viewed 2 pages in 7 days']],
  ])('%s', (_, happenings, heat, reasons) => {
    const { summary, events } = history(happenings);
    const result = heatOf(summary, events, NOW);
    expect(result.heat).toBe(heat);
    expect(result.reasons).toEqual(reasons);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(100);
  });

  it('halves the weight of an event every 14 days', () => {
    const oneToday = heatOf(history([{ type: 'form_submit', daysAgo: 0 }]).summary, [], NOW);
    const twoTwoWeeksAgo = heatOf(history(times(2, { type: 'form_submit', daysAgo: 14 })).summary, [], NOW);
    expect(twoTwoWeeksAgo.score).toBe(oneToday.score);
  });

  // A send is left out on purpose (changed with honest signals, lib/insights/automatic.ts): a send can
  // reveal that an open beside it was a proxy's, and that open then stops counting.
  it('never cools down when the person does something more', async () => {
    const happening = fc.record({ type: fc.constantFrom(...ENGAGEMENT_TYPES), daysAgo: fc.integer({ min: 0, max: 400 }) });
    const personal = fc.record({ type: fc.constantFrom(...ENGAGEMENT_TYPES.filter((t) => t !== 'email_sent')), daysAgo: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(happening, { maxLength: 30 }), personal, (before, extra) => {
        const a = history(before);
        const b = history([...before, extra]);
        expect(heatOf(b.summary, b.events, NOW).score).toBeGreaterThanOrEqual(heatOf(a.summary, a.events, NOW).score);
      }),
    );
  });

  it('cools down when a send shows an open came on delivery (the intended exception)', () => {
    const opened = history([{ type: 'email_open', daysAgo: 1 }]);
    const sentThen = history([{ type: 'email_open', daysAgo: 1 }, { type: 'email_sent', daysAgo: 1 }]);
    expect(heatOf(opened.summary, opened.events, NOW).score).toBeGreaterThan(0);
    expect(heatOf(sentThen.summary, sentThen.events, NOW)).toMatchObject({ score: 0, reasons: ['1 open looks automatic (opened within 2 minutes of delivery)'] });
  });
});

/**
 * A rep in California at 09:00 on Friday; the prospect replied at 17:30 on Thursday, local time
 * (01:30 UTC Friday). The timeline files it under "Yesterday" (components/time.ts), and the reason
 * must say the same (r8 #10); the counts stay per UTC day. A test worker cannot change its zone, so
 * the zone's offset is what is stubbed (PST, UTC−8).
 */
describe('heat reasons name the rep’s local day', () => {
  beforeEach(() => {
    vi.spyOn(Date.prototype, 'getTimezoneOffset').mockReturnValue(480);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const now = Date.parse('2026-12-04T17:00:00Z'); // Fri 09:00 PST
  const event = (type: EngagementType, occurredAt: string): EngagementEvent => ({ id: `local:${occurredAt}`, prospectKey: 'p@example.com', source: 'local', type, occurredAt });
  const summaryOf = (events: EngagementEvent[]) => {
    const summary = emptySummary('p@example.com', { lists: false });
    for (const e of events) addToSummary(summary, e, 1);
    return summary;
  };

  it('"yesterday" for a reply on Thursday evening, already Friday in UTC', () => {
    const reply = event('email_reply', '2026-12-04T01:30:00.000Z');
    expect(heatOf(summaryOf([reply]), [reply], now).reasons[0]).toBe('replied to an email yesterday');
  });

  it('"today" for a form sent this morning, and the quiet reason by the local day too', () => {
    const form = event('form_submit', '2026-12-04T16:30:00.000Z'); // 08:30 PST
    expect(heatOf(summaryOf([form]), [form], now).reasons[0]).toBe('submitted a form today');
    const sent = event('email_sent', '2026-12-03T02:00:00.000Z'); // Wed 18:00 PST, two local days back
    expect(heatOf(summaryOf([sent]), [sent], now).reasons[0]).toBe('no engagement in 30 days (last touch 2 days ago)');
  });
});
