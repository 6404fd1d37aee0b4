/**
 * The in-page sidebar draws cards from `forContentScript`'s views: an action kept in this browser must
 * still say so there (it said "synced ✓" when the page's copy lost its destination).
 */
import { render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { forContentScript } from '@/lib/background/content-views';
import { buildTabViews } from '@/lib/background/tab-builder';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import { closeDbForTests } from '@/lib/store/db';
import { upsertProspects } from '@/lib/store/prospects';
import { makeAction, makeCallbacks, makeEvent, makeView, NOW } from '../components/factory';
import { gmail, hostileBackground } from './helpers/hostile-background';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

describe("the page's copy of the timeline", () => {
  it('draws the same rows, without the import file name, the channel or the source record ids', () => {
    const event = (id: string, title: string) => makeEvent({ id, title, campaign: 'Q4 nurture', url: 'https://northwind.example/pricing', channel: 'email', origin: 'import:Q3 churn-risk accounts - CONFIDENTIAL.csv' });
    const view = makeView({ events: [event('hubspot:email-events:987654321', 'Pricing'), event('local:evt-5', 'Webinar')] });
    const [page] = forContentScript([view]);
    const seen = JSON.stringify(page);
    for (const secret of ['churn-risk', 'CONFIDENTIAL', '987654321', 'evt-5', '"channel"']) expect(seen, secret).not.toContain(secret);

    const drawn = (v: typeof view) => {
      const { container, unmount } = render(<ProspectCard view={v} expanded onToggle={() => undefined} {...makeCallbacks()} />);
      const rows = [...container.querySelectorAll('[data-testid="engagement-event"]')].map((row) => row.outerHTML);
      unmount();
      return rows;
    };
    expect(drawn(page!)).toEqual(drawn(view));
  });
});

describe("the page's copy of the rep's actions", () => {
  it('keeps where each action went, and no notes', () => {
    const local = makeAction({ type: 'lead_feedback', notes: 'Not our segment' }, { destination: 'local' });
    const [page] = forContentScript([makeView({ actions: [local] })]);
    expect(page!.actions[0]!.sync).toMatchObject({ state: 'done', destination: 'local' });
    expect(JSON.stringify(page)).not.toContain('Not our segment');
  });

  it('lead feedback kept in this browser reads "kept in this browser only" on the in-page card, never "synced"', () => {
    const local = makeAction({ type: 'lead_feedback' }, { destination: 'local' });
    const [page] = forContentScript([makeView({ actions: [local] })]);
    const { container } = render(<ProspectCard view={page!} expanded onToggle={() => undefined} {...makeCallbacks()} />);
    const item = container.querySelector('[data-testid="action-item"]')!;
    expect(item.getAttribute('data-destination')).toBe('local');
    expect(item.textContent).toContain('kept in this browser only');
    expect(item.textContent).toContain('connect a CRM or webhook so marketing sees it');
    expect(item.textContent).not.toMatch(/synced/i);
  });
});

describe("the page's copy of a person", () => {
  const DANA = 'dana@northwind.example';
  const PRIVATE = ['dana.home@privatemail.example', 'dana@next-employer.example'];
  const FILE = 'import:Q3 churn-risk accounts - CONFIDENTIAL.csv';

  beforeEach(async () => {
    await closeDbForTests();
    resetSourceFailures();
  });

  it('is what the card draws: the first address, name, title, company, owner, stage and score', () => {
    const stored = { key: DANA, emails: [DANA, ...PRIVATE], name: 'Dana Whitfield', title: 'CFO', company: 'Northwind', owner: 'Sam', lifecycleStage: 'lead', leadScore: 40, domain: 'northwind.example', linkedinUrl: 'https://www.linkedin.com/in/dana-private', origin: FILE, updatedAt: '2026-03-01T00:00:00.000Z', refs: [{ source: 'hubspot' as const, externalId: 'HS-4711' }] };
    const [page] = forContentScript([makeView({ key: DANA, prospect: stored })]);
    expect(JSON.parse(JSON.stringify(page!.prospect))).toEqual({ key: DANA, emails: [DANA], name: 'Dana Whitfield', title: 'CFO', company: 'Northwind', owner: 'Sam', lifecycleStage: 'lead', leadScore: 40, refs: [] });
    // The card draws it as before.
    const { container } = render(<ProspectCard view={page!} expanded onToggle={() => undefined} {...makeCallbacks()} />);
    expect(container.textContent).toContain('Dana Whitfield');
    expect(container.textContent).toContain(DANA);
  });

  it("neither the answer to a detection nor the push carries the person's other addresses or the import file name", async () => {
    await upsertProspects([{ key: DANA, emails: [DANA, ...PRIVATE], name: 'Dana Whitfield', origin: FILE }]);
    const bg = hostileBackground({ build: buildTabViews });
    const reply = await bg.ask({ type: 'detected', url: 'https://mail.google.com/mail/u/0/#inbox/1', candidates: [{ key: DANA, email: DANA }] }, gmail(7));
    expect(reply).toMatchObject({ ok: true, data: { views: [{ key: DANA, prospect: { name: 'Dana Whitfield', emails: [DANA] } }] } });
    const toPage = JSON.stringify([reply, bg.pushes.filter((p) => p.to === 'tab')]);
    for (const secret of [...PRIVATE, 'churn-risk']) expect(toPage, secret).not.toContain(secret);
    // The side panel (an extension page) keeps the whole person.
    const toPanel = JSON.stringify(bg.pushes.filter((p) => p.to === 'pages'));
    for (const kept of [...PRIVATE, 'churn-risk']) expect(toPanel, kept).toContain(kept);
  });
});
