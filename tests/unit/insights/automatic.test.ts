import { heatOf } from '@/lib/insights';
import { automaticEvents, automaticReason } from '@/lib/insights/automatic';
import type { EngagementEvent, EngagementType } from '@/lib/model/engagement';
import { addToSummary, emptySummary, type DailySummary } from '@/lib/store/summary';
import { NOW } from './history';

const DAY = 86_400_000;
const S = 1_000;
const MIN = 60 * S;
/** Two days ago, 09:00 UTC: the newsletter goes out. */
const SENT = NOW - 2 * DAY - 6 * 3_600_000;

let n = 0;
function ev(type: EngagementType, at: number, over: Partial<EngagementEvent> = {}): EngagementEvent {
  return { id: `local:${++n}`, prospectKey: 'p@example.com', source: 'local', type, occurredAt: new Date(at).toISOString(), title: 'Newsletter #7', campaign: 'Newsletter', ...over };
}
const sent = (at = SENT, over: Partial<EngagementEvent> = {}) => ev('email_sent', at, over);
const open = (at: number, over: Partial<EngagementEvent> = {}) => ev('email_open', at, over);
const click = (at: number, url: string, over: Partial<EngagementEvent> = {}) => ev('email_click', at, { url, ...over });

function judged(events: EngagementEvent[]): Record<string, string> {
  const rules = automaticEvents(events);
  return Object.fromEntries(events.filter((e) => rules.has(e.id)).map((e) => [e.id, rules.get(e.id)!]));
}

describe('automatic opens', () => {
  it('an open 0 s, 60 s and 120 s after delivery is automatic; 121 s later with a click after it is not', () => {
    const onTime = [open(SENT), open(SENT + 60 * S), open(SENT + 120 * S)];
    const later = open(SENT + 121 * S);
    const read = click(SENT + 5 * MIN, 'https://example.com/a');
    const r = judged([sent(), ...onTime, later, read]);
    expect(r).toEqual(Object.fromEntries(onTime.map((o) => [o.id, 'open-on-delivery'])));
  });

  it('an open on delivery stays automatic even when the person clicks later (the gateway opened it, not them)', () => {
    const o = open(SENT + 30 * S);
    expect(judged([sent(), o, click(SENT + 3 * 3_600_000, 'https://example.com/a')])).toEqual({ [o.id]: 'open-on-delivery' });
  });

  it('compares with the send of the same email only (campaign and title), and the latest send before the open', () => {
    const otherEmail = open(SENT + 30 * S, { title: 'Newsletter #8' });
    const otherCampaign = open(SENT + 30 * S, { campaign: 'Webinar invites' });
    expect(judged([sent(), otherEmail, otherCampaign, click(SENT + DAY, 'https://example.com/a')])).toEqual({});
    // Sent twice (a resend a day later): the open an hour after the first send but 30 s after the second is automatic.
    const afterResend = open(SENT + DAY + 30 * S);
    expect(judged([sent(), sent(SENT + DAY), afterResend])).toEqual({ [afterResend.id]: 'open-on-delivery' });
  });

  it('an open before any send, or with no send at all, cannot be judged', () => {
    expect(judged([open(SENT - 10 * S), sent()])).toEqual({});
    expect(judged([open(SENT), open(SENT + 1)])).toEqual({});
  });

  it('an open 2–10 minutes after delivery is prefetched when nothing human follows; a click, page view or reply after it saves it', () => {
    const quiet = open(SENT + 5 * MIN);
    expect(judged([sent(), quiet])).toEqual({ [quiet.id]: 'prefetched-open' });
    const edge = open(SENT + 10 * MIN);
    const tooLate = open(SENT + 10 * MIN + S);
    expect(judged([sent(), edge, tooLate])).toEqual({ [edge.id]: 'prefetched-open' });
    for (const human of [click(SENT + DAY, 'https://example.com/a'), ev('page_view', SENT + DAY), ev('email_reply', SENT + 6 * MIN)]) {
      expect(judged([sent(), open(SENT + 5 * MIN), human])).toEqual({});
    }
    // Something human before the open does not vouch for it; an automatic open does not either.
    const afterVisit = open(SENT + 5 * MIN);
    expect(judged([ev('page_view', SENT - DAY), sent(), afterVisit])).toEqual({ [afterVisit.id]: 'prefetched-open' });
  });

  it("a scanner's clicks after a prefetched open are no human signal", () => {
    const o = open(SENT + 4 * MIN);
    const a = click(SENT + 5 * MIN, 'https://example.com/a');
    const b = click(SENT + 5 * MIN + 2 * S, 'https://example.com/b');
    expect(judged([sent(), o, a, b])).toEqual({ [o.id]: 'prefetched-open', [a.id]: 'scanner-burst', [b.id]: 'scanner-burst' });
  });
});

describe('automatic clicks', () => {
  it('clicks on two different links within 5 s are a burst, chained however long the chain', () => {
    const at = SENT + 3 * 3_600_000;
    const burst = [click(at, 'https://example.com/a'), click(at + 4 * S, 'https://example.com/b'), click(at + 9 * S, 'https://example.com/c')];
    const alone = click(at + 15 * S, 'https://example.com/d');
    expect(judged([...burst, alone])).toEqual(Object.fromEntries(burst.map((c) => [c.id, 'scanner-burst'])));
  });

  it('the same link clicked twice, clicks without URLs, or two links 6 s apart are not a burst', () => {
    const at = SENT + 3 * 3_600_000;
    expect(judged([click(at, 'https://example.com/a'), click(at + S, 'https://example.com/a')])).toEqual({});
    expect(judged([ev('email_click', at), ev('email_click', at)])).toEqual({});
    expect(judged([click(at, 'https://example.com/a'), click(at + 6 * S, 'https://example.com/b')])).toEqual({});
  });

  it('a click within 2 minutes of delivery with no open before it is a scanner; an open first (by a person) makes it a reader', () => {
    const scanner = click(SENT + 20 * S, 'https://example.com/a');
    expect(judged([sent(), scanner])).toEqual({ [scanner.id]: 'click-on-delivery' });
    // The open on delivery was the proxy's, so it does not vouch for the click either.
    const proxyOpen = open(SENT + 10 * S);
    const click2 = click(SENT + 20 * S, 'https://example.com/a');
    expect(judged([sent(), proxyOpen, click2])).toEqual({ [proxyOpen.id]: 'open-on-delivery', [click2.id]: 'click-on-delivery' });
    // A person who read the email before (an hour after a first send) and clicks just after a resend is a reader.
    const read = open(SENT + 3_600_000);
    const afterResend = click(SENT + DAY + 30 * S, 'https://example.com/a');
    expect(judged([sent(), read, sent(SENT + DAY), afterResend])).toEqual({});
    // 2 min 1 s after delivery, or with no send known, a lone click is a person's.
    expect(judged([sent(), click(SENT + 121 * S, 'https://example.com/a')])).toEqual({});
    expect(judged([click(SENT + 20 * S, 'https://example.com/a')])).toEqual({});
  });
});

describe('the reason in words', () => {
  it('counts opens and clicks and names each rule once', () => {
    expect(automaticReason([])).toBeUndefined();
    expect(automaticReason([{ type: 'email_open', rule: 'open-on-delivery' }])).toBe('1 open looks automatic (opened within 2 minutes of delivery)');
    expect(
      automaticReason([
        { type: 'email_open', rule: 'open-on-delivery' },
        { type: 'email_open', rule: 'open-on-delivery' },
        { type: 'email_open', rule: 'open-on-delivery' },
        { type: 'email_click', rule: 'scanner-burst' },
        { type: 'email_click', rule: 'scanner-burst' },
      ]),
    ).toBe('3 opens and 2 clicks look automatic (opened within 2 minutes of delivery; several links clicked within seconds)');
  });
});

describe('heat discounts them', () => {
  function summaryOf(events: EngagementEvent[]): DailySummary {
    const summary: DailySummary = emptySummary('p@example.com', { lists: false });
    for (const e of events) addToSummary(summary, e, 1);
    return summary;
  }
  const newestFirst = (events: EngagementEvent[]) => [...events].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));

  it('three newsletters opened by a proxy on delivery: cold, and the reasons say why', () => {
    const events = [0, 1, 2].flatMap((d) => {
      const at = SENT - d * DAY;
      const title = `Newsletter #${7 - d}`;
      return [sent(at, { title }), open(at + 40 * S, { title })];
    });
    const result = heatOf(summaryOf(events), newestFirst(events), NOW);
    expect(result).toEqual({ heat: 'cold', score: 0, reasons: ['3 opens look automatic (opened within 2 minutes of delivery)'] });
    // The same opens an hour after delivery are a person's.
    const human = events.map((e) => (e.type === 'email_open' ? { ...e, occurredAt: new Date(Date.parse(e.occurredAt) + 3_600_000).toISOString() } : e));
    expect(heatOf(summaryOf(human), newestFirst(human), NOW).reasons).toEqual(['opened 3 emails in 7 days']);
  });

  it('a scanner burst beside a real webinar: the webinar leads, the discount is the second reason, and the count leaves the clicks out', () => {
    const at = SENT + 30 * S;
    const events = [sent(), click(at, 'https://example.com/a'), click(at + S, 'https://example.com/b'), ev('webinar_attended', NOW - DAY), click(NOW - 3 * 3_600_000, 'https://example.com/c')];
    const withBurst = heatOf(summaryOf(events), newestFirst(events), NOW);
    const withoutBurst = heatOf(summaryOf(events.slice(3)), newestFirst(events.slice(3)), NOW);
    expect(withBurst.score).toBe(withoutBurst.score);
    expect(withBurst.reasons).toEqual(['attended a webinar yesterday', '2 clicks look automatic (several links clicked within seconds)']);
    expect(withoutBurst.reasons).toEqual(['attended a webinar yesterday', 'clicked 1 email in 7 days']);
  });

  it('the counts in the reasons leave automatic opens out', () => {
    const events = [sent(), open(SENT + 20 * S), open(NOW - 3_600_000, { title: 'Other' }), open(NOW - 2 * 3_600_000, { title: 'Other' })];
    expect(heatOf(summaryOf(events), newestFirst(events), NOW).reasons).toEqual(['opened 2 emails in 7 days', '1 open looks automatic (opened within 2 minutes of delivery)']);
  });

  it('automatic activity older than 30 days lowers the score but is not named', () => {
    const old = SENT - 40 * DAY;
    const events = [sent(old), open(old + 10 * S), ev('form_submit', NOW - DAY)];
    expect(heatOf(summaryOf(events), newestFirst(events), NOW).reasons).toEqual(['submitted a form yesterday']);
    expect(heatOf(summaryOf(events), newestFirst(events), NOW).score).toBe(heatOf(summaryOf(events.slice(2)), events.slice(2), NOW).score);
  });

  it('judges only the events it is given (the card passes its latest ones); without a summary there is nothing to discount', () => {
    const events = [sent(), open(SENT + 10 * S)];
    const summary = summaryOf(events);
    expect(heatOf(summary, [], NOW).reasons).toEqual(['opened 1 email in 7 days']);
    expect(heatOf(undefined, events, NOW)).toEqual({ heat: 'cold', score: 0, reasons: ['no engagement recorded'] });
  });
});
