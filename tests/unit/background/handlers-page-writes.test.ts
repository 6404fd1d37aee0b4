/**
 * A content script is hostile (docs/hardening.md): every request of its that writes, rebuilds or asks
 * a CRM spends its tab's page allowance (10 at once, then 1 a second), so a page cannot loop the
 * sidebar's buttons; the rep clicking them at human speed is never refused. And a report names only
 * its sender's own page, whose site decides what the page is pushed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { viewDeps, visibleCandidates } from '@/lib/background/tab-builder';
import { buildViews, resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import { SourceError, type EngagementSource } from '@/lib/sources/types';
import { closeDbForTests } from '@/lib/store/db';
import { recentActions } from '@/lib/store/outbox';
import { getProspect, upsertProspects } from '@/lib/store/prospects';
import { getSettings, saveSettings } from '@/lib/store/settings';
import { GMAIL_URL, gmail, hostileBackground, linkedin, options, simpleView } from './helpers/hostile-background';

const DANA = 'dana@northwind.example';
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

let restoreClock: (() => void) | undefined;
beforeEach(async () => {
  await closeDbForTests();
  resetSourceFailures();
});
afterEach(() => restoreClock?.());

/** One request per button of the sidebar that writes (entrypoints/content-sidebar), about Dana. */
const clicks = (i: number): Record<string, unknown>[] => [
  { type: 'ignore/add', entry: DANA },
  { type: 'ignore/remove', entry: DANA },
  { type: 'email/log', message: { messageId: `gmail:m-${i}`, subject: `Re: ${i}`, from: DANA, to: [], cc: [], body: 'x' }, includeBody: true },
  { type: 'crm/create', prospectKey: DANA },
  { type: 'prospect/add', candidate: { key: DANA, email: DANA } },
  { type: 'match/forget', detectedKey: DANA },
  { type: 'action/retry', id: '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab' },
  { type: 'page/collapse', collapsed: i % 2 === 0 },
];

async function danaInTab7() {
  const bg = hostileBackground({ build: async (d) => d.candidates.map((c) => simpleView(c.key, c.key === DANA ? ['dana.w@contoso.example'] : [])) });
  await saveSettings({ ...(await getSettings()), destination: 'hubspot' });
  await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA }] }, gmail(7));
  return bg;
}

const refused = (reply: { ok: boolean; error?: { code: string } }) => !reply.ok && reply.error?.code === 'unavailable';

describe('the page allowance covers every request that writes', () => {
  it.each(clicks(0).map((c) => [c.type as string]))('%s: a flood of 30 is refused past 10 at once, per tab; the side panel is not limited', async (type) => {
    const bg = await danaInTab7();
    let passed = 0;
    for (let i = 0; i < 30; i++) if (!refused(await bg.ask(clicks(i).find((c) => c.type === type)!, gmail(7)))) passed++;
    expect(passed).toBeLessThanOrEqual(11);
    // Another tab has its own allowance.
    await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA }] }, gmail(8));
    expect(refused(await bg.ask(clicks(99).find((c) => c.type === type)!, gmail(8)))).toBe(false);
  });

  it('email/log with a new message id each time queues at most the allowance', async () => {
    const bg = await danaInTab7();
    for (let i = 0; i < 100; i++) await bg.ask({ type: 'email/log', message: { messageId: `gmail:forged-${i}`, subject: `Re: ${i}`, from: DANA, to: [], cc: [], body: 'x'.repeat(10_000) }, includeBody: true }, gmail(7));
    expect((await recentActions(200, DANA)).filter((a) => a.type === 'email').length).toBeLessThanOrEqual(11);
  });

  it('never refuses a rep clicking the buttons at human speed: 10 at once, then one a second', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    restoreClock = setClock(() => now);
    const bg = await danaInTab7();
    const replies = [];
    for (const click of [...clicks(0), ...clicks(1).slice(0, 2)]) replies.push(await bg.ask(click, gmail(7)));
    for (let i = 1; i <= 40; i++) {
      now += 1_000;
      replies.push(await bg.ask(clicks(i)[i % 8]!, gmail(7)));
    }
    expect(replies.filter(refused)).toEqual([]);
  });
});

describe('a page muting and un-muting in a loop', () => {
  it('rewrites settings at most the allowance, and a failing CRM stays quiet (only a changed connection ends its rest)', async () => {
    let asked = 0;
    const failing: EngagementSource = {
      kind: 'hubspot',
      lookup: async () => {
        asked++;
        throw new SourceError('rate-limited', 'HubSpot asks to slow down', 10_000);
      },
      test: async () => 'ok',
    };
    const changes: { connections: boolean }[] = [];
    const bg = hostileBackground({
      // As buildTabViews does: muted people are dropped before the cards are built.
      build: async (d, o) => buildViews(visibleCandidates(d.candidates, await getSettings(), d.selfAddresses), { ...viewDeps, sources: async () => [failing] }, { refresh: o.refresh, onRefreshed: o.onRefreshed }),
      // As entrypoints/background.ts wires settingsChanged.
      settingsChanged: (tabs, _settings, change) => {
        changes.push(change);
        if (change.connections) resetSourceFailures();
        void tabs.refreshTabs();
      },
    });
    await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA }] }, gmail(7));
    await tick(20);
    expect(asked).toBe(1); // asked once, failed: quiet for 60 s now

    let accepted = 0;
    for (let i = 0; i < 30; i++) {
      if ((await bg.ask({ type: 'ignore/add', entry: DANA }, gmail(7))).ok) accepted++;
      if ((await bg.ask({ type: 'ignore/remove', entry: DANA }, gmail(7))).ok) accepted++;
      await tick();
    }
    await tick(20);
    expect(accepted).toBeLessThanOrEqual(11);
    expect(changes.length).toBe(accepted);
    expect(changes.every((c) => !c.connections)).toBe(true);
    expect(asked - 1, 'CRM lookups inside the failure quiet period').toBe(0);
  });

  it('says a connection changed when one was removed, and not for a settings page write', async () => {
    const changes: { connections: boolean }[] = [];
    const bg = hostileBackground({ settingsChanged: (_tabs, _settings, change) => void changes.push(change) });
    expect(await bg.ask({ type: 'settings/update', patch: { retentionDays: 30 } }, options)).toMatchObject({ ok: true });
    expect(await bg.ask({ type: 'connection/remove', kind: 'webhook' }, options)).toMatchObject({ ok: true });
    expect(changes).toEqual([{ connections: false }, { connections: true }]);
  });
});

describe('a content script names the address of its own page only', () => {
  beforeEach(async () => {
    const s = await getSettings();
    await saveSettings({ ...s, sites: { ...s.sites, linkedinOverlay: false } });
  });

  it('control: LinkedIn with the in-page sidebar off is pushed no cards', async () => {
    const bg = hostileBackground();
    const reply = await bg.ask({ type: 'detected', url: 'https://www.linkedin.com/in/jonas/', candidates: [{ key: 'linkedin:jonas', role: 'profile' }] }, linkedin(9));
    expect(reply).toMatchObject({ ok: true, data: { views: [] } });
    expect((await bg.tabs.get(9))?.site).toBe('linkedin');
    expect(bg.pagePushes(9)).toEqual([[]]);
  });

  it('a LinkedIn report naming a Gmail address is filed under its own page: no cards pushed to it', async () => {
    const bg = hostileBackground();
    const reply = await bg.ask({ type: 'detected', url: 'https://mail.google.com/mail/u/0/', candidates: [{ key: 'linkedin:jonas', role: 'profile' }] }, linkedin(9));
    expect(reply).toMatchObject({ ok: true, data: { views: [] } });
    expect(await bg.tabs.get(9)).toMatchObject({ site: 'linkedin', url: 'https://www.linkedin.com/in/jonas/' });
    expect(bg.pagePushes(9)).toEqual([[]]);
    // The side panel still gets the cards (it is the LinkedIn surface).
    expect(await bg.ask({ type: 'tab/get', tabId: 9 }, options)).toMatchObject({ ok: true, data: { views: [{ key: 'linkedin:jonas' }] } });
  });
});

describe("a page's lookups go through its tab's build", () => {
  it('a person the tab lists but shows no card for (a colleague, a muted person) is not built for the page on the side', async () => {
    const COLLEAGUE = 'lee@northwind.example';
    // The tab's build shows Dana only, as buildTabViews drops muted people and colleagues.
    const bg = hostileBackground({ build: async (d) => d.candidates.filter((c) => c.key === DANA).map((c) => simpleView(c.key)) });
    await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA }, { key: COLLEAGUE, email: COLLEAGUE }] }, gmail(7));
    // Outside the tab's build, nothing would spend the tab's budget of people asked of the CRMs.
    expect(await bg.ask({ type: 'lookup', keys: [COLLEAGUE], refresh: true }, gmail(7))).toEqual({ ok: true, data: [] });
    expect(await bg.ask({ type: 'lookup', keys: [DANA], refresh: true }, gmail(7))).toMatchObject({ ok: true, data: [{ key: DANA }] });
    // An extension page (the side panel) still looks anyone in the tab up.
    expect(await bg.ask({ type: 'lookup', keys: [COLLEAGUE], tabId: 7 }, options)).toMatchObject({ ok: true, data: [{ key: COLLEAGUE }] });
  });
});

describe("a page's person: its key, address and profile name one person", () => {
  const CEO = 'ceo@bigco.example';
  const forged = [
    { key: DANA, email: CEO },
    { key: 'linkedin:dana-whitfield', linkedinUrl: 'https://www.linkedin.com/in/big-boss' },
    { key: 'linkedin:dana-whitfield', email: CEO },
    { key: 'linkedin-sales:ACwAAB1', linkedinUrl: 'https://www.linkedin.com/in/big-boss' },
    { key: DANA, email: DANA, linkedinUrl: 'https://www.linkedin.com/in/big-boss' },
  ];

  it.each(forged.map((c) => [JSON.stringify(c), c]))('refuses %s: the CRM would be asked about one person and its answer kept under another', async (_, candidate) => {
    const bg = hostileBackground();
    const reply = (await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [candidate] }, gmail(7))) as { ok: boolean; error?: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('takes the pairs detection writes (control)', async () => {
    const bg = hostileBackground();
    const candidates = [
      { key: DANA, email: DANA },
      { key: 'linkedin:dana-whitfield', linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield' },
      { key: 'linkedin:zoë-ñ', linkedinUrl: `https://www.linkedin.com/in/${encodeURIComponent('zoë-ñ')}` },
      { key: 'name:dana whitfield', name: 'Dana Whitfield' },
    ];
    expect(await bg.ask({ type: 'detected', url: GMAIL_URL, candidates }, gmail(7))).toMatchObject({ ok: true });
  });
});

describe("a page's Keep contact", () => {
  it('never rewrites a stored person: their name, company and title stay what the import said', async () => {
    await upsertProspects([{ key: DANA, emails: [DANA], name: 'Dana Whitfield', company: 'Northwind Traders', title: 'Head of Procurement', refs: [], origin: 'import.csv' }]);
    const bg = hostileBackground();
    await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA, name: 'Not Dana', company: 'Evil Inc', title: 'Intern' }] }, gmail(7));
    expect(await bg.ask({ type: 'prospect/add', candidate: { key: DANA, email: DANA } }, gmail(7))).toMatchObject({ ok: true });
    expect(await getProspect(DANA)).toMatchObject({ name: 'Dana Whitfield', company: 'Northwind Traders', title: 'Head of Procurement', emails: [DANA] });
  });

  it('keeps a person nobody stored, as the page showed them (control)', async () => {
    const bg = hostileBackground();
    await bg.ask({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA, name: 'Dana Whitfield', company: 'Northwind' }] }, gmail(7));
    expect(await bg.ask({ type: 'prospect/add', candidate: { key: DANA, email: DANA } }, gmail(7))).toMatchObject({ ok: true });
    expect(await getProspect(DANA)).toMatchObject({ name: 'Dana Whitfield', company: 'Northwind', origin: 'manual' });
  });
});
