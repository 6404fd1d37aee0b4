import { loadDemoData, removeDemoData } from '@/lib/demo';
import { demoActions } from '@/lib/demo/feedback';
import { loadFeedback, summarise } from '@/lib/feedback';
import { SalesAction } from '@/lib/model/action';
import { closeDbForTests } from '@/lib/store/db';
import { allActions, putAction, updateAction } from '@/lib/store/outbox';
import { makeAction } from '../store/factory';

afterEach(closeDbForTests);

const NOW = Date.UTC(2026, 10, 17, 15, 0);

describe('the demo lead feedback', () => {
  it('is valid, kept in this browser only, and never waits for a sync', () => {
    for (const action of demoActions(NOW)) {
      expect(SalesAction.parse(action)).toEqual(action);
      expect(action.sync).toMatchObject({ state: 'done', destination: 'local' });
    }
  });

  it('gives the feedback page accepted and rejected leads on several campaigns', async () => {
    await loadDemoData({ now: NOW });
    const rows = await loadFeedback();
    expect(rows).toHaveLength(6);
    const campaigns = summarise(rows, 'first');
    expect(campaigns.filter((c) => c.isCampaign).map((c) => c.campaign).sort()).toEqual(['Finance newsletter', 'IT digest', 'Procurement nurture']);
    expect(campaigns.find((c) => c.campaign === 'Finance newsletter')).toMatchObject({ accepted: 0, rejected: 2, reasons: { no_budget: 1, wrong_contact: 1 } });
    expect(campaigns.find((c) => c.campaign === 'Procurement nurture')).toMatchObject({ accepted: 1, medianDaysToAcceptance: 145 });
    expect(summarise(rows, 'last').map((c) => c.campaign)).toContain('LinkedIn ads Q3');
  }, 20_000);

  it('is added once, keeps a rep’s edit on a second load, and leaves with the demo data, the rep’s own actions staying', async () => {
    const mine = makeAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'lead_feedback', feedback: 'accepted' });
    await putAction(mine);
    await loadDemoData({ now: NOW });
    const [first] = demoActions(NOW);
    await updateAction(first!.id, (a) => ({ ...a, notes: 'edited' }));
    await loadDemoData({ now: NOW });
    expect(await allActions()).toHaveLength(7);
    expect((await allActions()).find((a) => a.id === first!.id)?.notes).toBe('edited');
    expect(await removeDemoData()).toMatchObject({ actions: 6 });
    expect((await allActions()).map((a) => a.id)).toEqual([mine.id]);
  }, 30_000);
});
