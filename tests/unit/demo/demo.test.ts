import { DEMO_ORIGIN, demoDataset, loadDemoData, removeDemoData } from '@/lib/demo';
import { importText } from '@/lib/import';
import { profileRef } from '@/lib/identity/linkedin-url';
import { buildInsights } from '@/lib/insights';
import { ENGAGEMENT_TYPES } from '@/lib/model/engagement';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents, getSummary, latestEvents } from '@/lib/store/events';
import { countProspects, findByDomain, getProspect } from '@/lib/store/prospects';

afterEach(closeDbForTests);

const NOW = Date.UTC(2026, 10, 17, 15, 0);
const DAY = 86_400_000;

describe('demoDataset', () => {
  it('is the same file for the same now, and moves with now', () => {
    expect(demoDataset(NOW).csv).toBe(demoDataset(NOW).csv);
    const later = demoDataset(NOW + 7 * DAY);
    expect(later.rows).toHaveLength(demoDataset(NOW).rows.length);
    expect(later.csv).not.toBe(demoDataset(NOW).csv);
  });

  it('holds a few hundred people, thousands of events over the last 12 months, of every type', () => {
    const { rows } = demoDataset(NOW);
    const people = new Set(rows.map((r) => r.email || r.linkedin_url));
    expect(people.size).toBeGreaterThanOrEqual(200);
    expect(people.size).toBeLessThan(1000);
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(rows.map((r) => r.event_type))).toEqual(new Set(ENGAGEMENT_TYPES));
    const times = rows.map((r) => Date.parse(r.occurred_at));
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBeGreaterThan(NOW - 366 * DAY);
  });

  it("gives every person a LinkedIn address no member can hold, so a real profile is never a demo person's", () => {
    const urls = [...new Set(demoDataset(NOW).rows.map((r) => r.linkedin_url).filter(Boolean))];
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      const ref = profileRef(url);
      expect(ref?.url).toBe(url);
      // LinkedIn's vanity names are letters, digits and hyphens.
      expect(ref!.slug).not.toMatch(/^[a-z0-9-]+$/);
    }
  });
});

describe('loadDemoData', () => {
  it('imports every row, and nothing a second time', async () => {
    const { rows } = demoDataset(NOW);
    const first = await loadDemoData({ now: NOW });
    expect(first).toMatchObject({ format: 'canonical-csv', recordsRead: rows.length, imported: rows.length, rejected: 0, unknownColumns: [] });
    expect(await countEvents()).toBe(rows.length);
    expect((await getProspect('dana.whitfield@northwind.example'))?.origin).toBe(DEMO_ORIGIN);
    expect(await loadDemoData({ now: NOW })).toMatchObject({ imported: 0, skipped: rows.length });
  }, 20_000);

  it('counts the demo people stored, the second time too (the welcome page says it)', async () => {
    const people = new Set(demoDataset(NOW).rows.map((r) => r.email || r.linkedin_url)).size;
    expect(await loadDemoData({ now: NOW })).toMatchObject({ demoPeople: people });
    expect(await loadDemoData({ now: NOW })).toMatchObject({ prospectsUpserted: 0, demoPeople: people });
  }, 20_000);

  it.each([
    ['dana.whitfield@northwind.example', { name: 'Dana Whitfield', title: 'Head of Procurement', company: 'Northwind Traders' }, 'opportunity', 87, 'hot', 'decision'],
    ['li.wei@contoso.example', { name: 'Li Wei', title: 'IT Director', company: 'Contoso' }, 'marketingqualifiedlead', 54, 'warm', 'consideration'],
    ['samir.haddad@fabrikam.example', { name: 'Samir Haddad', title: 'CFO', company: 'Fabrikam' }, 'lead', 12, 'cold', 'awareness'],
    ['linkedin:prospect-lens.demo.marta-oliveira', { name: 'Marta Oliveira', title: 'VP Marketing', company: 'Tailspin Toys', linkedinUrl: 'https://www.linkedin.com/in/prospect-lens.demo.marta-oliveira' }, 'salesqualifiedlead', 71, 'warm', 'consideration'],
    ['jonas.berg@adatum.example', { name: 'Jonas Berg', title: 'Procurement Manager', company: 'Adventure Works' }, 'marketingqualifiedlead', 38, 'cold', 'consideration'],
  ] as const)('%s shows the card the demo pages expect', async (key, fields, stage, score, heat, journey) => {
    await loadDemoData({ now: NOW });
    const prospect = await getProspect(key);
    expect(prospect).toMatchObject(fields);
    const insights = buildInsights({ prospect, summary: await getSummary(key), events: await latestEvents(key, 20), now: NOW });
    expect(insights).toMatchObject({ lifecycleStage: stage, leadScore: score, heat, journey });
  }, 20_000);

  it('shows a Salesforce-shaped Lead without an org: lead status, owner and campaign history', async () => {
    await loadDemoData({ now: NOW });
    const key = 'avery.chen@litware.example';
    const prospect = await getProspect(key);
    expect(prospect).toMatchObject({ name: 'Avery Chen', company: 'Litware, Inc.', lifecycleStage: 'working - contacted', owner: 'Riley Rep', origin: DEMO_ORIGIN });
    const events = await latestEvents(key, 20);
    expect(events.map((e) => e.title)).toContain('Month-end close webinar — Attended');
    expect(new Set(events.map((e) => e.campaign))).toEqual(new Set(['Q4 nurture', 'Month-end close webinar', 'Pricing request']));
    const insights = buildInsights({ prospect, summary: await getSummary(key), events, now: NOW });
    expect(insights).toMatchObject({ lifecycleStage: 'working - contacted', leadScore: 64 });
  }, 20_000);

  it('gives Dana the reasons the sidebar sketch shows', async () => {
    await loadDemoData({ now: NOW });
    const key = 'dana.whitfield@northwind.example';
    const insights = buildInsights({ prospect: await getProspect(key), summary: await getSummary(key), events: await latestEvents(key, 20), now: NOW });
    expect(insights.heatReasons).toEqual(['viewed /pricing twice', 'clicked 2 emails in 7 days']);
    expect(insights.counts30).toMatchObject({ email_click: 2, page_view: 3, webinar_attended: 1 });
  }, 20_000);

  it('puts exactly two people at adatum.example, for the domain suggestion', async () => {
    await loadDemoData({ now: NOW });
    expect((await findByDomain('adatum.example')).map((p) => p.name).sort()).toEqual(['Jonas Berg', 'Priya Raman']);
  }, 20_000);
});

describe('loading the demo again later', () => {
  it('adds nothing a minute or a month later (Welcome, then Options): its times stay those of the first load', async () => {
    const { rows } = demoDataset(NOW);
    await loadDemoData({ now: NOW });
    expect(await loadDemoData({ now: NOW + 60_000 })).toMatchObject({ imported: 0, skipped: rows.length });
    expect(await loadDemoData({ now: NOW + 30 * DAY })).toMatchObject({ imported: 0, skipped: rows.length });
    expect(await countEvents()).toBe(rows.length);
  }, 40_000);

  it('after Remove demo, loads at the new time', async () => {
    await loadDemoData({ now: NOW });
    await removeDemoData();
    await loadDemoData({ now: NOW + 30 * DAY });
    const newest = Math.max(...(await latestEvents('dana.whitfield@northwind.example', 1)).map((e) => Date.parse(e.occurredAt)));
    expect(newest).toBeGreaterThan(NOW);
    expect(await countEvents()).toBe(demoDataset(NOW).rows.length);
  }, 40_000);

  it("replaces demo events a version that kept no load time left, and keeps the user's own", async () => {
    await importText('email,event_type,occurred_at\nmine@example.com,email_open,2026-11-01\n', 'mine.csv');
    await importText(demoDataset(NOW - DAY).csv, 'demo.csv', { origin: DEMO_ORIGIN });
    await loadDemoData({ now: NOW });
    expect(await countEvents()).toBe(demoDataset(NOW).rows.length + 1);
    expect(await getProspect('mine@example.com')).toBeDefined();
  }, 40_000);
});

describe('removeDemoData', () => {
  it('removes the demo events and people, and nothing the user imported', async () => {
    await importText('email,event_type,occurred_at\nmine@example.com,email_open,2026-11-01\n', 'mine.csv');
    await loadDemoData({ now: NOW });
    const removed = await removeDemoData();
    expect(removed.events).toBe(demoDataset(NOW).rows.length);
    expect(removed.prospects).toBeGreaterThanOrEqual(200);
    expect(await countEvents()).toBe(1);
    expect(await countProspects()).toBe(1);
    expect(await getSummary('dana.whitfield@northwind.example')).toBeUndefined();
    expect(await getProspect('mine@example.com')).toBeDefined();
  }, 20_000);

  it("keeps a demo person the rep's own import wrote to, with the rep's event", async () => {
    const key = 'linkedin:prospect-lens.demo.marta-oliveira';
    await loadDemoData({ now: NOW });
    await importText('linkedin_url,event_type,occurred_at\nhttps://www.linkedin.com/in/prospect-lens.demo.marta-oliveira,email_open,2026-11-01\n', 'mine.csv');
    expect((await getProspect(key))?.origin).toBe(DEMO_ORIGIN);
    const removed = await removeDemoData();
    expect(removed.prospects).toBe(new Set(demoDataset(NOW).rows.map((r) => r.email || r.linkedin_url)).size - 1);
    expect(await countEvents()).toBe(1);
    expect(await countProspects()).toBe(1);
    const kept = await getProspect(key);
    expect(kept).toBeDefined();
    expect(kept?.origin).not.toBe(DEMO_ORIGIN);
    expect((await latestEvents(key, 5)).map((e) => e.type)).toEqual(['email_open']);
    expect(await getSummary(key)).toBeDefined();
    // Removing the demo again (after loading it again) still leaves the rep's person.
    await loadDemoData({ now: NOW });
    await removeDemoData();
    expect(await getProspect(key)).toBeDefined();
    expect(await countEvents()).toBe(1);
  }, 40_000);
});
