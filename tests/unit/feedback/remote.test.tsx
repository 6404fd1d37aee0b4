/**
 * The page's CRM half: a colleague's feedback read from the CRM becomes a row with the person's
 * touches from this browser, named by its source; the same action logged here stays one row; when the
 * CRM cannot be read the local rows are still shown, with the reason.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import Papa from 'papaparse';
import { FeedbackApp, type FeedbackServices, REMOTE_READ_DELAY_MS } from '@/components/feedback/FeedbackApp';
import { loadFeedback, mergeFeedback, remoteRows, summarise } from '@/lib/feedback';
import type { RemoteFeedback, RemoteFeedbackResult } from '@/lib/model/feedback';
import { closeDbForTests } from '@/lib/store/db';
import { DANA, iso, LI, NOW, SAM, seed } from './fixtures';

afterEach(closeDbForTests);

const colleague = (over: Partial<RemoteFeedback> = {}): RemoteFeedback => ({
  actionId: 'colleague-1',
  remoteId: '9100',
  email: DANA,
  name: 'Dana W.',
  verdict: 'rejected',
  reason: 'competitor',
  notes: 'Signed with a competitor',
  occurredAt: iso(4),
  ...over,
});

function page(remote: () => Promise<RemoteFeedbackResult[]>) {
  const saved: { blob: Blob; name: string }[] = [];
  const services: FeedbackServices = {
    load: loadFeedback,
    loadRemote: async () => remoteRows(await remote()),
    save: (blob, name) => saved.push({ blob, name }),
    now: () => NOW,
  };
  render(<FeedbackApp services={services} />);
  return { saved };
}

const rows = () => screen.queryAllByTestId('feedback-row');
const attrs = (el: Element, ...names: string[]) => names.map((n) => el.getAttribute(n));

describe("the CRM's feedback on the page", () => {
  it("shows a colleague's feedback under the person's campaign, named by source, and the same action once", async () => {
    const local = await seed();
    const liRejected = local[1]!; // synced to HubSpot: the CRM has it too
    const { saved } = page(async () => [
      {
        source: 'hubspot',
        capped: false,
        records: [colleague(), colleague({ actionId: liRejected.id, remoteId: '9101', email: LI, verdict: 'rejected', reason: 'no_budget', occurredAt: liRejected.occurredAt })],
      },
    ]);
    await waitFor(() => expect(rows()).toHaveLength(6));
    const table = rows().map((r) => attrs(r, 'data-prospect-key', 'data-verdict', 'data-campaign', 'data-source'));
    expect(table).toContainEqual([DANA, 'rejected', 'Procurement nurture', 'hubspot']);
    expect(table.filter(([key, verdict]) => key === LI && verdict === 'rejected')).toEqual([[LI, 'rejected', 'web', 'local']]);
    // Dana's acceptance here, then the colleague's rejection: one lead, rejected (both rows stay below).
    const summary = screen.getAllByTestId('campaign-summary').find((s) => s.getAttribute('data-campaign') === 'Procurement nurture')!;
    expect(attrs(summary, 'data-accepted', 'data-rejected')).toEqual(['0', '1']);
    expect(screen.getByTestId('feedback-crm').getAttribute('data-state')).toBe('read');

    screen.getByTestId('feedback-export').click();
    const csv = Papa.parse<Record<string, string>>(await saved[0]!.blob.text(), { header: true }).data;
    expect(csv.find((r) => r.notes === 'Signed with a competitor')).toMatchObject({ source: 'hubspot', prospect_key: DANA, first_touch: 'Procurement nurture' });
    expect(csv.find((r) => r.prospect_key === SAM)).toMatchObject({ source: 'local' });
  });

  it('still shows the local rows, and says why, when the CRM could not be read', async () => {
    await seed();
    page(async () => [{ source: 'hubspot', capped: false, records: [], error: 'HubSpot rejected the token (401) — check it in Options' }]);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-state')).toBe('error');
    expect(alert.textContent).toContain('HubSpot rejected the token (401)');
    expect(rows().every((r) => r.getAttribute('data-source') === 'local')).toBe(true);
  });

  it('says when the read was capped', async () => {
    await seed();
    page(async () => [{ source: 'hubspot', capped: true, records: [colleague()] }]);
    await waitFor(() => expect(screen.getByTestId('feedback-crm').getAttribute('data-state')).toBe('capped'));
    expect(screen.getByTestId('feedback-crm').textContent).toContain('only the newest 1 are shown');
  });
});

describe('reading the CRM while the dates are typed', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the background once for the range left standing, not for every date a typed year passes through', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const loadRemote = vi.fn<NonNullable<FeedbackServices['loadRemote']>>(async () => ({ rows: [], notices: [] }));
    render(<FeedbackApp services={{ load: async () => [], loadRemote, save: () => undefined, now: () => NOW }} />);
    // The page opening reads at once.
    expect(loadRemote).toHaveBeenCalledTimes(1);
    const fromField = screen.getByLabelText('From');
    // Chrome fires input for each valid date while the year is typed digit by digit.
    for (const value of ['0002-11-20', '0020-11-20', '0202-11-20', '2026-11-20']) {
      fireEvent.input(fromField, { target: { value } });
      await act(() => {
        vi.advanceTimersByTime(REMOTE_READ_DELAY_MS / 3);
      });
    }
    expect(loadRemote).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('feedback-crm').getAttribute('data-state')).toBe('loading');
    await act(() => {
      vi.advanceTimersByTime(REMOTE_READ_DELAY_MS);
    });
    expect(loadRemote).toHaveBeenCalledTimes(2);
    expect(loadRemote).toHaveBeenLastCalledWith({ from: new Date(2026, 10, 20).toISOString() });
  });
});

describe('mergeFeedback', () => {
  it('keeps the local row for the same action id, and for the same person, verdict and minute without one', async () => {
    await seed();
    const local = await loadFeedback();
    const dana = local.find((r) => r.prospectKey === DANA)!;
    const { rows: remote } = await remoteRows([
      {
        source: 'hubspot',
        capped: false,
        records: [
          colleague({ actionId: dana.id, verdict: 'accepted', occurredAt: dana.occurredAt }),
          colleague({ actionId: 'other-id', verdict: 'accepted', occurredAt: dana.occurredAt }),
          colleague(),
        ],
      },
    ]);
    const merged = mergeFeedback(local, remote);
    expect(merged).toHaveLength(local.length + 1);
    expect(merged.filter((r) => r.source === 'hubspot').map((r) => r.id)).toEqual(['colleague-1']);
    expect(merged.map((r) => r.occurredAt)).toEqual([...merged.map((r) => r.occurredAt)].sort().reverse());
  });
});

describe('the campaign summary over merged rows', () => {
  it('counts a lead once, by its newest verdict, and the median only over counted acceptances', async () => {
    await seed();
    // Dana: the SDR's acceptance in this browser (10 days ago), then in another browser the AE's
    // acceptance (6 days ago) and the AE's rejection (4 days ago). Li: accepted by two colleagues.
    const local = (await loadFeedback()).filter((r) => r.prospectKey === DANA);
    const { rows: remote } = await remoteRows([
      {
        source: 'salesforce',
        capped: false,
        records: [
          colleague({ actionId: 'ae-accept', verdict: 'accepted', reason: undefined, occurredAt: iso(6) }),
          colleague({ actionId: 'ae-reject', verdict: 'rejected', reason: 'competitor', occurredAt: iso(4) }),
          colleague({ actionId: 'sdr-li', remoteId: '9200', email: LI, verdict: 'accepted', reason: undefined, occurredAt: iso(20) }),
          colleague({ actionId: 'ae-li', remoteId: '9201', email: LI, verdict: 'accepted', reason: undefined, occurredAt: iso(2) }),
        ],
      },
    ]);
    const merged = mergeFeedback(local, remote);
    // Every verdict stays a row of the table and the CSV.
    expect(merged).toHaveLength(5);
    expect(summarise(merged.filter((r) => r.prospectKey === DANA), 'first')).toEqual([
      { campaign: 'Procurement nurture', isCampaign: true, accepted: 0, rejected: 1, stageChanges: 0, reasons: { competitor: 1 } },
    ]);
    // Li's first touch was 30 days ago: the newest acceptance took 28 days; the superseded one's 10 is not in the median.
    expect(summarise(merged.filter((r) => r.prospectKey === LI), 'first')).toEqual([
      { campaign: 'web', isCampaign: false, accepted: 1, rejected: 0, stageChanges: 0, reasons: {}, medianDaysToAcceptance: 28 },
    ]);
  });
});
