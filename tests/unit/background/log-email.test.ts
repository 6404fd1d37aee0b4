/**
 * "Log this email" behind the real router and guard (docs/architecture.md, "Log this email"): a
 * message is logged once, only from a webmail tab whose thread shows its people, never about anyone
 * on the "never log" list — and that list holds for every other logging path too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { actionIdFor, legacyActionIdFor } from '@/lib/background/log-email';
import type { Reply } from '@/lib/messaging';
import type { ProspectView } from '@/lib/model/view';
import { closeDbForTests } from '@/lib/store/db';
import { putCached } from '@/lib/store/cache';
import { rememberChoice } from '@/lib/store/matches';
import { allActions, deleteAction, putAction } from '@/lib/store/outbox';
import { upsertProspects } from '@/lib/store/prospects';
import { getSettings, saveSettings } from '@/lib/store/settings';
import { testBackground } from '../support/background';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxzPilotPricingQ1';
const gmail = (tabId: number) => ({ id: ID, url: GMAIL_URL, tab: { id: tabId, url: GMAIL_URL } });
const linkedin = (tabId: number) => ({ id: ID, url: 'https://www.linkedin.com/in/dana/', tab: { id: tabId, url: 'https://www.linkedin.com/in/dana/' } });
const popup = { id: ID, url: `${ORIGIN}popup.html` };

const ME = 'sam.carter@acme.example';
const DANA = 'dana.whitfield@northwind.example';
const JONAS = 'jonas.berg@fabrikam.example';
const MESSAGE = {
  messageId: 'gmail:18b8e2c4f0a1daaf',
  subject: 'Pilot pricing for Q1',
  from: DANA,
  to: [ME],
  cc: [JONAS],
  sentAt: '2026-11-24T10:15:00.000Z',
  body: 'Thanks both.',
};

const view = (key: string) =>
  ({ key, detectedKey: key, known: false, alternatives: [], actions: [], events: [], sources: [], prospect: { key, emails: [key], refs: [] } }) as unknown as ProspectView;

function background() {
  const { route, tabs } = testBackground({ id: ID, build: async (d) => d.candidates.filter((c) => c.key !== ME).map((c) => view(c.key)) });
  const ask = (message: Record<string, unknown>, sender: object) => route(message, sender) as Promise<Reply<Record<string, unknown>>>;
  const detect = (tabId: number, keys: string[], sender = gmail(tabId)) =>
    ask({ type: 'detected', url: sender.url, candidates: keys.map((key) => ({ key, email: key })), selfAddresses: [ME] }, sender);
  return { ask, detect, tabs };
}

beforeEach(closeDbForTests);

describe('email/log', () => {
  it('logs the open message once as a received email about its sender, with subject, time and people, without the body', async () => {
    const bg = background();
    await bg.detect(7, [JONAS, DANA, ME]);
    const first = await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7));
    expect(first).toMatchObject({ ok: true, data: { added: true, destination: 'local', state: 'done' } });
    const [action, ...rest] = await allActions();
    expect(rest).toEqual([]);
    expect(action).toMatchObject({
      id: await actionIdFor('gmail:18b8e2c4f0a1daaf', DANA),
      prospectKey: DANA,
      type: 'email',
      direction: 'inbound',
      occurredAt: '2026-11-24T10:15:00.000Z',
      notes: '',
      email: { messageKey: 'gmail:18b8e2c4f0a1daaf', subject: 'Pilot pricing for Q1', from: DANA, to: [ME], cc: [JONAS], bodyIncluded: false },
    });

    // Twice, even with the body ticked now: nothing is added, the first row stands.
    const again = await bg.ask({ type: 'email/log', message: MESSAGE, includeBody: true }, gmail(7));
    expect(again).toMatchObject({ ok: true, data: { added: false } });
    expect(await allActions()).toHaveLength(1);
    expect(await bg.ask({ type: 'email/status', message: { ...MESSAGE, body: undefined } }, gmail(7))).toMatchObject({ ok: true, data: { logged: true } });
  });

  it('is not blocked by a row another tab logged under the same message id from someone else', async () => {
    const bg = background();
    const EVIL = 'x@evil.example';
    // A content script that knows the real message's id claims a person of its own and logs under it.
    await bg.detect(8, [EVIL, ME]);
    expect(await bg.ask({ type: 'email/log', message: { ...MESSAGE, from: EVIL, cc: [], subject: 'junk' } }, gmail(8))).toMatchObject({ ok: true, data: { added: true } });

    await bg.detect(7, [JONAS, DANA, ME]);
    expect(await bg.ask({ type: 'email/status', message: MESSAGE }, gmail(7))).toMatchObject({ ok: true, data: { logged: false } });
    expect(await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7))).toMatchObject({ ok: true, data: { added: true } });
    expect((await allActions()).map((a) => a.prospectKey).sort()).toEqual([DANA, EVIL]);
  });

  it('knows a message an earlier version logged (its id from the message alone) as logged, from the same sender only', async () => {
    const bg = background();
    await bg.detect(7, [JONAS, DANA, ME]);
    await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7));
    const [row] = await allActions();
    await deleteAction(row!.id);
    await putAction({ ...row!, id: await legacyActionIdFor(MESSAGE.messageId) });

    expect(await bg.ask({ type: 'email/status', message: MESSAGE }, gmail(7))).toMatchObject({ ok: true, data: { logged: true } });
    expect(await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7))).toMatchObject({ ok: true, data: { added: false } });
    expect(await allActions()).toHaveLength(1);
    // The same id from another sender is another message.
    expect(await bg.ask({ type: 'email/status', message: { ...MESSAGE, from: JONAS, cc: [DANA] } }, gmail(7))).toMatchObject({ ok: true, data: { logged: false } });
  });

  it('keeps the body only when the rep ticked it; a sent message is outbound and about the first recipient with a card', async () => {
    const bg = background();
    await bg.detect(7, [DANA, JONAS, ME]);
    const sent = { ...MESSAGE, messageId: 'gmail:18b8e2c4f0a1dbbb', from: ME, to: [DANA], cc: [], body: 'Our offer is attached.' };
    expect(await bg.ask({ type: 'email/status', message: sent }, gmail(7))).toMatchObject({ ok: true, data: { logged: false } });
    expect(await bg.ask({ type: 'email/log', message: sent, includeBody: true }, gmail(7))).toMatchObject({ ok: true, data: { added: true } });
    const [action] = await allActions();
    expect(action).toMatchObject({ prospectKey: DANA, direction: 'outbound', notes: 'Our offer is attached.', email: { bodyIncluded: true } });
  });

  it('still logs the thread’s message after a context-menu lookup in its tab', async () => {
    const bg = background();
    await bg.detect(7, [DANA, JONAS, ME]);
    // Right-click a mailto link in the message → "Look up in Prospect Lens".
    const looked = await bg.tabs.lookUp(7, { url: GMAIL_URL, candidates: [{ key: 'pilots@fabrikam.example', email: 'pilots@fabrikam.example', role: 'lookup' }], selfAddresses: [] });
    expect(looked.views.map((v) => v.key)).toEqual(expect.arrayContaining([DANA, JONAS, 'pilots@fabrikam.example']));
    expect(looked.selfAddresses).toEqual([ME]);
    expect(await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7))).toMatchObject({ ok: true, data: { added: true } });
    expect(await bg.ask({ type: 'ignore/add', entry: JONAS }, gmail(7))).toMatchObject({ ok: true });
  });

  it('is logged for the record the card shows in the destination CRM, the one the rep chose (its target)', async () => {
    const LEAD = '00Q000000000002AAA';
    await saveSettings({ ...(await getSettings()), destination: 'salesforce' });
    await putCached('salesforce', DANA, { key: DANA, prospect: { key: DANA, refs: [{ source: 'salesforce', externalId: LEAD }] }, events: [], matchKey: 'salesforce:m-b', matches: [{ key: 'salesforce:m-a' }] });
    await rememberChoice(DANA, 'salesforce:m-b');
    const bg = background();
    await bg.detect(7, [DANA, JONAS, ME]);
    expect(await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7))).toMatchObject({ ok: true, data: { added: true, destination: 'salesforce' } });
    const [action] = await allActions();
    expect(action).toMatchObject({ prospectKey: DANA, target: { source: 'salesforce', externalId: LEAD } });
  });

  it('knows the rep in another form of their Gmail address (dots, googlemail.com) as the rep', async () => {
    const GMAIL_ME = 'sam.carter@gmail.com';
    const { route } = testBackground({ id: ID, build: async (d) => d.candidates.map((c) => view(c.key)) });
    await route({ type: 'detected', url: GMAIL_URL, candidates: [{ key: DANA, email: DANA }], selfAddresses: [GMAIL_ME] }, gmail(7));
    const sent = { ...MESSAGE, messageId: 'gmail:18b8e2c4f0a1dccc', from: 'Sam.Carter@googlemail.com', to: [DANA], cc: ['samcarter+crm@gmail.com'] };
    expect(await route({ type: 'email/log', message: sent }, gmail(7))).toMatchObject({ ok: true, data: { added: true } });
    expect((await allActions())[0]).toMatchObject({ prospectKey: DANA, direction: 'outbound' });
  });

  it('without a message id, de-duplicates by sender, time and subject', async () => {
    const bg = background();
    await bg.detect(7, [DANA, JONAS, ME]);
    const noId = { ...MESSAGE, messageId: undefined };
    await bg.ask({ type: 'email/log', message: noId }, gmail(7));
    await bg.ask({ type: 'email/log', message: noId }, gmail(7));
    await bg.ask({ type: 'email/log', message: { ...noId, subject: 'Another subject' } }, gmail(7));
    expect((await allActions()).map((a) => a.email?.subject).sort()).toEqual(['Another subject', 'Pilot pricing for Q1']);
  });

  it('refuses a forged message: people the thread does not show, a tab with no thread, a site without mail', async () => {
    const bg = background();
    await bg.detect(7, [DANA, JONAS, ME]);
    await bg.detect(8, []);
    await bg.detect(9, ['linkedin:dana'], linkedin(9));
    const cases: [Record<string, unknown>, object][] = [
      [{ ...MESSAGE, from: 'ceo@rival.example' }, gmail(7)],
      [{ ...MESSAGE, cc: [JONAS, 'spy@rival.example'] }, gmail(7)],
      [MESSAGE, gmail(8)],
      [MESSAGE, gmail(99)],
      [MESSAGE, linkedin(9)],
    ];
    for (const [message, sender] of cases) {
      expect(await bg.ask({ type: 'email/log', message }, sender)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // An extension page may not send it at all: the message must come from the tab showing the thread.
    expect(await bg.ask({ type: 'email/log', message: MESSAGE }, popup)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await allActions()).toEqual([]);
  });
});

describe('the never-log list holds on every logging path', () => {
  beforeEach(async () => {
    await saveSettings({ ...(await getSettings()), neverLog: ['@northwind.example', 'jonas.berg@fabrikam.example'] });
  });

  it('refuses an email whose sender or any participant is on it, and says why', async () => {
    const bg = background();
    await bg.detect(7, [DANA, JONAS, ME, 'li.wei@contoso.example']);
    const reply = await bg.ask({ type: 'email/log', message: MESSAGE }, gmail(7));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('@northwind.example') } });
    const ccOnly = { ...MESSAGE, messageId: 'gmail:2', from: 'li.wei@contoso.example', cc: ['jonas.berg+deals@fabrikam.example'] };
    await bg.detect(7, [DANA, JONAS, ME, 'li.wei@contoso.example', 'jonas.berg+deals@fabrikam.example']);
    expect(await bg.ask({ type: 'email/log', message: ccOnly }, gmail(7))).toMatchObject({ ok: false, error: { message: expect.stringContaining('jonas.berg@fabrikam.example') } });
    expect(await allActions()).toEqual([]);
  });

  it('refuses popup actions, lead feedback and stage changes about such a person, by address or by a stored profile', async () => {
    const bg = background();
    await upsertProspects([{ key: 'linkedin:dana', emails: [DANA], refs: [], origin: 'manual', updatedAt: new Date().toISOString() } as never]);
    for (const action of [
      { prospectKey: DANA, type: 'call', notes: 'Called' },
      { prospectKey: 'dana@sub.northwind.example', type: 'note', notes: 'x' },
      { prospectKey: 'linkedin:dana', type: 'lead_feedback', feedback: 'accepted', notes: '' },
      { prospectKey: JONAS, type: 'stage_change', stage: 'qualified', notes: '' },
    ]) {
      const reply = await bg.ask({ type: 'action/log', action }, popup);
      expect(reply, action.prospectKey).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('never log') } });
    }
    expect(await allActions()).toEqual([]);
    expect(await bg.ask({ type: 'action/log', action: { prospectKey: 'li.wei@contoso.example', type: 'call', notes: '' } }, popup)).toMatchObject({ ok: true });
  });

  it('refuses to send again a failed action about such a person (queued before the entry was added)', async () => {
    const bg = background();
    const id = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
    const at = new Date().toISOString();
    await putAction({ id, prospectKey: DANA, type: 'call', notes: '', occurredAt: at, createdAt: at, sync: { state: 'dead', attempts: 5, destination: 'hubspot', updatedAt: at } });
    expect(await bg.ask({ type: 'action/retry', id }, popup)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('never log') } });
    expect((await allActions())[0]?.sync.state).toBe('dead');
  });

  it('refuses an email from an address of theirs the list does not name, once the card shows the listed person', async () => {
    const PRIVATE = 'dana.w@gmail.example';
    await upsertProspects([{ key: DANA, emails: [DANA, PRIVATE], refs: [], origin: 'manual', updatedAt: new Date().toISOString() } as never]);
    // The card for her private address is her stored person (the builder resolves a known alias so).
    const { route } = testBackground({
      id: ID,
      build: async (d) => d.candidates.filter((c) => c.key !== ME).map((c) => ({ ...view(DANA), detectedKey: c.key, known: true }) as ProspectView),
    });
    await route({ type: 'detected', url: GMAIL_URL, candidates: [PRIVATE, ME].map((key) => ({ key, email: key })), selfAddresses: [ME] }, gmail(7));
    const reply = await route({ type: 'email/log', message: { ...MESSAGE, from: PRIVATE, cc: [] }, includeBody: true }, gmail(7));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('@northwind.example') } });
    expect(await allActions()).toEqual([]);
  });

  it('refuses an edit that moves an action onto such a person', async () => {
    const bg = background();
    const logged = await bg.ask({ type: 'action/log', action: { prospectKey: 'li.wei@contoso.example', type: 'call', notes: '' } }, popup);
    const id = (logged as unknown as { data: { id: string } }).data.id;
    const edit = await bg.ask({ type: 'action/update', id, action: { prospectKey: DANA, type: 'call', notes: '' } }, popup);
    expect(edit).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await allActions())[0]?.prospectKey).toBe('li.wei@contoso.example');
  });
});
