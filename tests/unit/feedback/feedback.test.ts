import Papa from 'papaparse';
import { dayRange, feedbackCsv, inRange, loadFeedback, median, summarise } from '@/lib/feedback';
import { touchesOf } from '@/lib/insights/touches';
import { closeDbForTests } from '@/lib/store/db';
import { DANA, DAY, event, iso, LI, NOBODY, NOW, SAM, seed } from './fixtures';

afterEach(closeDbForTests);

describe('loadFeedback', () => {
  it('reads every feedback and stage change from the outbox, newest first, with names and touches before the feedback', async () => {
    await seed();
    const rows = await loadFeedback();
    expect(rows.map((r) => [r.prospectKey, r.verdict])).toEqual([
      [LI, 'stage'],
      [SAM, 'rejected'],
      [LI, 'rejected'],
      [DANA, 'accepted'],
      [NOBODY, 'accepted'],
    ]);
    const dana = rows.find((r) => r.prospectKey === DANA)!;
    expect(dana).toMatchObject({
      name: 'Dana Whitfield',
      firstTouch: { label: 'Procurement nurture', isCampaign: true, occurredAt: iso(60), type: 'email_open' },
      // The click 5 days ago came after the acceptance: not marketing's last touch for it.
      lastTouch: { label: 'Q4 nurture', occurredAt: iso(12) },
      daysToAcceptance: 50,
      syncState: 'pending',
      destination: 'local',
    });
    const [liStage, , liRejected] = [rows[0]!, rows[1]!, rows[2]!];
    expect(liRejected).toMatchObject({ reason: 'no_budget', firstTouch: { label: 'web', isCampaign: false }, lastTouch: { label: 'IT digest' }, destination: 'hubspot', syncState: 'done' });
    expect(liRejected.daysToAcceptance).toBeUndefined();
    expect(liStage).toMatchObject({ stage: 'opportunity', verdict: 'stage' });
    // Sam's only open was a proxy's on delivery: no marketing touch.
    expect(rows[1]).toMatchObject({ prospectKey: SAM, reason: 'not_a_fit' });
    expect(rows[1]!.firstTouch).toBeUndefined();
    const nobody = rows[4]!;
    expect(nobody.name).toBeUndefined();
    expect(nobody.firstTouch).toBeUndefined();
    expect(nobody.daysToAcceptance).toBeUndefined();
  });

  it('is empty with an empty outbox', async () => {
    expect(await loadFeedback()).toEqual([]);
  });
});

describe('touchesOf', () => {
  const key = 'p@example.com';
  it('skips sends, bounces, unsubscribes, score and stage changes, events naming no campaign or channel, and machine-made opens', () => {
    const events = [
      event(key, 'email_sent', 50, { campaign: 'A' }),
      event(key, 'email_bounce', 49, { campaign: 'B' }),
      event(key, 'score_change', 48, { channel: 'scoring' }),
      event(key, 'stage_change', 47, { channel: 'crm' }),
      event(key, 'page_view', 46),
      event(key, 'email_sent', 45, { campaign: 'C', title: 'x' }),
      event(key, 'email_open', 45, { campaign: 'C', title: 'x' }),
      event(key, 'form_submit', 44, { channel: 'web' }),
      event(key, 'ad_click', 3, { campaign: 'LinkedIn ads', channel: 'linkedin' }),
    ];
    // Any order: the oldest touch is first whatever the input order.
    expect(touchesOf([...events].reverse())).toEqual({
      first: { label: 'web', isCampaign: false, occurredAt: iso(44), type: 'form_submit', channel: 'web' },
      last: { label: 'LinkedIn ads', isCampaign: true, occurredAt: iso(3), type: 'ad_click', channel: 'linkedin' },
    });
    expect(touchesOf(events, iso(10)).last?.label).toBe('web');
    expect(touchesOf(events, iso(45))).toEqual({});
    expect(touchesOf([])).toEqual({});
  });
});

describe('filters and grouping', () => {
  it('filters by local days, both ends included, either end optional', async () => {
    await seed();
    const rows = await loadFeedback();
    const day = (daysAgo: number) => {
      const d = new Date(NOW - daysAgo * DAY);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    expect(inRange(rows, dayRange(day(10), day(3))).map((r) => r.prospectKey)).toEqual([LI, DANA]);
    expect(inRange(rows, dayRange(day(2)))).toHaveLength(2);
    expect(inRange(rows, dayRange(undefined, day(40))).map((r) => r.prospectKey)).toEqual([NOBODY]);
    expect(inRange(rows, dayRange('', 'not a date'))).toHaveLength(5);
    const oneDay = dayRange(day(1), day(1));
    expect(oneDay.to! - oneDay.from!).toBe(DAY - 1);
  });

  it('summarises per first-touch campaign, or per last-touch one', async () => {
    await seed();
    const rows = await loadFeedback();
    expect(summarise(rows, 'first')).toEqual([
      { campaign: '', isCampaign: false, accepted: 1, rejected: 1, stageChanges: 0, reasons: { not_a_fit: 1 } },
      { campaign: 'web', isCampaign: false, accepted: 0, rejected: 1, stageChanges: 1, reasons: { no_budget: 1 } },
      { campaign: 'Procurement nurture', isCampaign: true, accepted: 1, rejected: 0, stageChanges: 0, reasons: {}, medianDaysToAcceptance: 50 },
    ]);
    expect(summarise(rows, 'last').map((s) => [s.campaign, s.accepted, s.rejected, s.stageChanges])).toEqual([
      ['', 1, 1, 0],
      ['IT digest', 0, 1, 1],
      ['Q4 nurture', 1, 0, 0],
    ]);
  });

  it('takes the median of the days to acceptance', () => {
    expect(median([5])).toBe(5);
    expect(median([30, 2, 9])).toBe(9);
    expect(median([1, 2, 3, 10])).toBe(3); // (2 + 3) / 2 rounded
  });
});

describe('CSV export', () => {
  it('has one row per feedback, the touches and days, and neutralised formulas', async () => {
    await seed();
    const rows = await loadFeedback();
    const text = feedbackCsv(rows).text();
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    expect(parsed).toHaveLength(5);
    const dana = parsed.find((r) => r.prospect_key === DANA)!;
    expect(dana).toMatchObject({ verdict: 'accepted', first_touch: 'Procurement nurture', last_touch: 'Q4 nurture', days_to_acceptance: '50', name: 'Dana Whitfield' });
    expect(dana.notes).toBe(`'=HYPERLINK("https://evil.example","x")`);
    expect(parsed.find((r) => r.reject_reason === 'no_budget')).toMatchObject({ prospect_key: LI, destination: 'hubspot', sync_state: 'done' });
  });
});
