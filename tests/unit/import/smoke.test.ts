import { demoDataset, loadDemoData } from '@/lib/demo';
import { buildInsights } from '@/lib/insights';
import { closeDbForTests } from '@/lib/store/db';
import { getSummary, latestEvents } from '@/lib/store/events';
import { getProspect } from '@/lib/store/prospects';
afterEach(closeDbForTests);
it('smoke', async () => {
  const now = Date.UTC(2026, 10, 15, 10, 30);
  const d = demoDataset(now);
  console.log(d.rows.length, d.csv.length);
  const t0 = performance.now();
  const s = await loadDemoData({ now });
  console.log(JSON.stringify({ ...s, rejectedRows: s.rejectedRows.slice(0, 3) }), 'rows/s', s.recordsRead / ((performance.now() - t0) / 1000));
  for (const key of ['dana.whitfield@northwind.example', 'li.wei@contoso.example', 'samir.haddad@fabrikam.example', 'linkedin:marta-oliveira', 'jonas.berg@adatum.example']) {
    const prospect = await getProspect(key);
    const ins = buildInsights({ prospect, summary: await getSummary(key), events: await latestEvents(key, 20), now });
    console.log(key, ins.lifecycleStage, ins.leadScore, ins.heat, ins.heatScore, ins.journey, ins.heatReasons);
  }
});
