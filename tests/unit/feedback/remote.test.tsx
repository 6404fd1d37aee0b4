/**
 * The page's CRM half: a colleague's feedback read from the CRM becomes a row with the person's
 * touches from this browser, named by its source; the same action logged here stays one row; when the
 * CRM cannot be read the local rows are still shown, with the reason.
 */
import { render, screen, waitFor } from '@testing-library/preact';
import Papa from 'papaparse';
import { FeedbackApp, type FeedbackServices } from '@/components/feedback/FeedbackApp';
import { loadFeedback, mergeFeedback, remoteRows } from '@/lib/feedback';
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
    const summary = screen.getAllByTestId('campaign-summary').find((s) => s.getAttribute('data-campaign') === 'Procurement nurture')!;
    expect(attrs(summary, 'data-accepted', 'data-rejected')).toEqual(['1', '1']);
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
