/**
 * The background's handlers behind the real router and guard, with the tab owner on a memory
 * session area. A content script speaks for its own tab only, and only about the people it shows.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Reply } from '@/lib/messaging';
import type { ProspectView } from '@/lib/model/view';
import { closeDbForTests } from '@/lib/store/db';
import { chosenFor } from '@/lib/store/matches';
import { recentActions, updateAction } from '@/lib/store/outbox';
import { CONTENT_SCRIPT_REPLIES } from '@/lib/background/content-views';
import { CONTENT_SCRIPT_REQUESTS } from '@/lib/model/messages';
import { getProspect } from '@/lib/store/prospects';
import { getSettings, saveSettings } from '@/lib/store/settings';
import { testBackground } from '../support/background';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const gmail = (tabId: number) => ({ id: ID, url: 'https://mail.google.com/mail/u/0/#inbox/1', tab: { id: tabId, url: 'https://mail.google.com/mail/u/0/' } });
const options = { id: ID, url: `${ORIGIN}options.html` };

const DANA = 'dana@northwind.example';
const view = (key: string, alternatives: string[] = []) =>
  ({ key, detectedKey: key, known: false, alternatives: alternatives.map((k) => ({ key: k })), actions: [], events: [], sources: [], prospect: { key, emails: [key], refs: [] } }) as unknown as ProspectView;

function background() {
  const built: string[][] = [];
  const { route, tabs, pushes } = testBackground({
    id: ID,
    build: async (d) => {
      built.push(d.candidates.map((c) => c.key));
      return d.candidates.map((c) => view(c.key, c.key === DANA ? ['dana.w@contoso.example'] : []));
    },
  });
  const ask = (message: Record<string, unknown>, sender: object) => route(message, sender) as Promise<Reply<unknown>>;
  const detect = (tabId: number, ...keys: string[]) =>
    ask({ type: 'detected', url: 'https://mail.google.com/mail/u/0/#inbox/1', candidates: keys.map((key) => ({ key, email: key })) }, gmail(tabId));
  return { ask, detect, tabs, pushes, built };
}

beforeEach(closeDbForTests);

describe('content scripts: only their own tab and its people', () => {
  it('answers a detection with the revision and the cards', async () => {
    const bg = background();
    const reply = await bg.detect(7, DANA);
    expect(reply).toMatchObject({ ok: true, data: { revision: expect.any(Number), views: [{ key: DANA }] } });
  });

  it('refuses a lookup of someone the tab does not show, and names no tab but its own', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    await bg.detect(8, 'ceo@rival.example');
    expect(await bg.ask({ type: 'lookup', keys: ['ceo@rival.example'] }, gmail(7))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Naming tab 8 changes nothing: the sender's tab is 7.
    expect(await bg.ask({ type: 'lookup', keys: ['ceo@rival.example'], tabId: 8 }, gmail(7))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bg.ask({ type: 'lookup', keys: [DANA], refresh: true }, gmail(7))).toMatchObject({ ok: true, data: [{ key: DANA }] });
  });

  it('mutes, adds and opens the log form only for people shown in the tab', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    for (const message of [
      { type: 'ignore/add', entry: '@northwind.example' },
      { type: 'ignore/add', entry: 'someone@else.example' },
      { type: 'prospect/add', candidate: { key: 'someone@else.example', email: 'someone@else.example' } },
      { type: 'popup/open', prospectKey: 'someone@else.example' },
    ]) {
      expect(await bg.ask(message, gmail(7))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await getSettings()).ignoreList).toEqual([]);
    expect(await getProspect('someone@else.example')).toBeUndefined();
    expect(await bg.ask({ type: 'ignore/add', entry: DANA }, gmail(7))).toMatchObject({ ok: true });
    expect((await getSettings()).ignoreList).toEqual([DANA]);
  });

  it('takes only people for detected, so a claimed domain cannot be muted or looked through', async () => {
    const bg = background();
    const claim = await bg.ask({ type: 'detected', url: 'https://mail.google.com/', candidates: [{ key: '@northwind.example' }, { key: DANA, email: DANA }] }, gmail(7));
    expect(claim).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await bg.detect(7, DANA);
    expect(await bg.ask({ type: 'ignore/add', entry: '@northwind.example' }, gmail(7))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await getSettings()).ignoreList).toEqual([]);
    for (const key of ['linkedin:dana-whitfield-8b2a1c', 'linkedin-sales:ACwAAA123', 'name:dana whitfield']) {
      const candidate = key.startsWith('name:') ? { key, name: 'Dana Whitfield' } : { key };
      expect(await bg.ask({ type: 'detected', url: 'https://mail.google.com/', candidates: [candidate] }, gmail(8)), key).toMatchObject({ ok: true });
    }
  });

  it('stores what the tab detected, not what the request claims', async () => {
    const bg = background();
    await bg.ask({ type: 'detected', url: 'https://mail.google.com/', candidates: [{ key: DANA, email: DANA, name: 'Dana Whitfield' }] }, gmail(7));
    await bg.ask({ type: 'prospect/add', candidate: { key: DANA, email: DANA, name: 'Someone Else', company: 'Injected Inc' } }, gmail(7));
    expect(await getProspect(DANA)).toMatchObject({ name: 'Dana Whitfield' });
    expect((await getProspect(DANA))?.company).toBeUndefined();
  });

  it('links a detected person only to a match the card offered', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    expect(await bg.ask({ type: 'match/choose', detectedKey: DANA, chosenKey: 'ceo@rival.example' }, gmail(7))).toMatchObject({ ok: false });
    expect(await chosenFor(DANA)).toBeUndefined();
    expect(await bg.ask({ type: 'match/choose', detectedKey: DANA, chosenKey: 'dana.w@contoso.example' }, gmail(7))).toMatchObject({ ok: true });
    expect(await chosenFor(DANA)).toBe('dana.w@contoso.example');
  });

  it('may not log actions, open the side panel, or touch settings, connections and data', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    for (const type of ['action/log', 'sidepanel/open', 'settings/update', 'connection/save', 'connection/secret', 'data/erase', 'tab/get', 'diagnostics']) {
      const reply = await bg.ask({ type, action: { prospectKey: DANA, type: 'note', notes: 'x' }, patch: {}, kind: 'webhook', config: {}, tabId: 7 }, gmail(7));
      expect(reply, type).toMatchObject({ ok: false, error: { code: expect.stringMatching(/forbidden|invalid/) } });
    }
  });

  it("un-mutes a Sales Navigator lead, whose key has upper case the stored list does not keep", async () => {
    const bg = background();
    const lead = 'linkedin-sales:ACwAAAB3xYzQ';
    expect(await bg.ask({ type: 'ignore/add', entry: lead }, options)).toMatchObject({ ok: true });
    expect((await getSettings()).ignoreList).toEqual([lead.toLowerCase()]);
    expect(await bg.ask({ type: 'ignore/remove', entry: lead }, options)).toMatchObject({ ok: true });
    expect((await getSettings()).ignoreList).toEqual([]);
  });

  it('answers with the cards as the page may see them: no notes, record ids, errors or settings', async () => {
    const secrets = ['PRIVATE: budget 40k', 'HS-CONTACT-4711', 'DEAL-99', 'hubspot:calls:8101', 'HubSpot said 500', 'ignoreList'];
    const secretView = (key: string) =>
      ({
        ...view(key, ['dana.w@contoso.example']),
        prospect: { key, emails: [key], refs: [{ source: 'hubspot', id: 'HS-CONTACT-4711' }] },
        actions: [{ id: crypto.randomUUID(), prospectKey: key, type: 'note', notes: 'PRIVATE: budget 40k', occurredAt: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z', sync: { state: 'pending', attempts: 2, destination: 'hubspot', lastError: 'HubSpot said 500', nextAttemptAt: '2026-01-01T00:01:00Z', updatedAt: '2026-01-01T00:00:00Z' } }],
        salesActivity: [{ id: 'hubspot:calls:8101', source: 'hubspot', type: 'call', at: '2026-01-01T00:00:00Z', status: 'COMPLETED' }],
        deals: [{ id: 'DEAL-99', source: 'hubspot', name: 'Pilot' }],
      }) as unknown as ProspectView;
    const { route } = testBackground({ id: ID, build: async (d) => d.candidates.map((c) => secretView(c.key)) });
    const ask = (message: Record<string, unknown>, sender: object) => route(message, sender) as Promise<Reply<unknown>>;
    const replies = [
      await ask({ type: 'detected', url: 'https://mail.google.com/mail/u/0/#inbox/1', candidates: [{ key: DANA, email: DANA }] }, gmail(7)),
      await ask({ type: 'lookup', keys: [DANA], refresh: true }, gmail(7)),
      await ask({ type: 'prospect/add', candidate: { key: DANA, email: DANA } }, gmail(7)),
      await ask({ type: 'match/choose', detectedKey: DANA, chosenKey: 'dana.w@contoso.example' }, gmail(7)),
      await ask({ type: 'ignore/add', entry: DANA }, gmail(7)),
      await ask({ type: 'ignore/remove', entry: DANA }, gmail(7)),
    ];
    for (const reply of replies) expect(reply).toMatchObject({ ok: true });
    const seen = JSON.stringify(replies);
    for (const secret of secrets) expect(seen, secret).not.toContain(secret);
    expect(replies[0]).toMatchObject({ data: { revision: expect.any(Number), views: [{ key: DANA, actions: [{ notes: '', sync: { state: 'pending', destination: 'hubspot' } }] }] } });
    // The same question from an extension page (the side panel) gets everything.
    expect(JSON.stringify(await ask({ type: 'lookup', keys: [DANA], tabId: 7 }, options))).toContain('PRIVATE: budget 40k');
  });

  it("answers a retry with the action as the page may see it, without the rep's notes", async () => {
    const bg = background();
    await bg.detect(7, DANA);
    const logged = (await bg.ask({ type: 'action/log', action: { prospectKey: DANA, type: 'note', notes: 'PRIVATE: budget 40k' } }, options)) as { data: { id: string } };
    await updateAction(logged.data.id, (a) => ({ ...a, sync: { ...a.sync, state: 'dead', lastError: 'HTTP 400' } }));
    const retried = await bg.ask({ type: 'action/retry', id: logged.data.id }, gmail(7));
    expect(retried).toMatchObject({ ok: true, data: { id: logged.data.id, notes: '', sync: { state: 'pending' } } });
    expect(JSON.stringify(retried)).not.toContain('PRIVATE');
  });

  it('has decided, for every request a content script may send, what it sees of the answer', () => {
    expect(Object.keys(CONTENT_SCRIPT_REPLIES).sort()).toEqual([...CONTENT_SCRIPT_REQUESTS].sort());
  });

  it("rate-limits a page's refreshing lookups, chosen matches and log windows per tab; extension pages are not limited", async () => {
    const bg = background();
    await bg.detect(7, DANA);
    await bg.detect(8, DANA);
    const builtBefore = bg.built.length;
    let accepted = 0;
    for (let i = 0; i < 100; i++) if ((await bg.ask({ type: 'lookup', keys: [DANA], refresh: true }, gmail(7))).ok) accepted++;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(11);
    expect(bg.built.length - builtBefore).toBe(accepted);
    expect(await bg.ask({ type: 'popup/open', prospectKey: DANA }, gmail(7))).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/Too many requests/) } });
    expect(await bg.ask({ type: 'match/choose', detectedKey: DANA, chosenKey: 'dana.w@contoso.example' }, gmail(7))).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // Another tab has its own allowance; the side panel has none to spend.
    expect(await bg.ask({ type: 'lookup', keys: [DANA], refresh: true }, gmail(8))).toMatchObject({ ok: true });
    for (let i = 0; i < 30; i++) expect(await bg.ask({ type: 'lookup', keys: [DANA], refresh: true, tabId: 7 }, options)).toMatchObject({ ok: true });
  });

  it('rate-limits detections per tab: a flood is refused and builds nothing', async () => {
    const bg = background();
    const replies = [];
    for (let i = 0; i < 200; i++) replies.push(await bg.detect(7, DANA));
    const accepted = replies.filter((r) => r.ok).length;
    expect(accepted).toBeLessThanOrEqual(21);
    expect(bg.built.length).toBe(accepted);
    // Another tab has its own allowance.
    expect(await bg.detect(8, DANA)).toMatchObject({ ok: true });
  });
});

describe('a site switched off while its content script runs (only new pages go without it)', () => {
  const linkedin = (tabId: number) => ({ id: ID, url: 'https://www.linkedin.com/in/jonas/', tab: { id: tabId, url: 'https://www.linkedin.com/in/jonas/' } });
  const switchOff = async (sites: Record<string, boolean>) => {
    const settings = await getSettings();
    await saveSettings({ ...settings, sites: { ...settings.sites, ...sites } });
  };

  it('answers its detections with no cards, accepted, and the tab shows nothing', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    const first = (await bg.tabs.get(7))!.revision;
    await switchOff({ gmail: false });
    expect(await bg.ask({ type: 'page/settings' }, gmail(7))).toMatchObject({ ok: true, data: { enabled: false } });

    const builds = bg.built.length;
    // Not an error: the content script would send it again.
    expect(await bg.detect(7, DANA, 'jonas@fabrikam.example')).toEqual({ ok: true, data: { revision: first + 1, views: [] } });
    expect(bg.built.length).toBe(builds);
    expect(await bg.tabs.get(7)).toMatchObject({ revision: first + 1, candidates: [], views: [] });
    expect(await bg.ask({ type: 'lookup', keys: [DANA], refresh: true }, gmail(7))).toEqual({ ok: true, data: [] });
    expect(await bg.ask({ type: 'match/choose', detectedKey: DANA, chosenKey: 'dana.w@contoso.example' }, gmail(7))).toEqual({ ok: true, data: [] });
    expect(await chosenFor(DANA)).toBeUndefined();
    // Nothing about the people it showed is in scope any more.
    expect(await bg.ask({ type: 'ignore/add', entry: DANA }, gmail(7))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('on LinkedIn with the in-page sidebar off, gives the page no cards and the side panel all of them', async () => {
    const bg = background();
    await switchOff({ linkedinOverlay: false });
    const reply = await bg.ask({ type: 'detected', url: 'https://www.linkedin.com/in/jonas/', candidates: [{ key: 'linkedin:jonas', role: 'profile' }] }, linkedin(9));
    expect(reply).toEqual({ ok: true, data: { revision: expect.any(Number), views: [] } });
    expect(await bg.ask({ type: 'tab/get', tabId: 9 }, options)).toMatchObject({ ok: true, data: { views: [{ key: 'linkedin:jonas' }] } });
  });
});

describe('extension pages', () => {
  it('read a tab without rebuilding it', async () => {
    const bg = background();
    const detected = await bg.detect(7, DANA);
    const builds = bg.built.length;
    expect(await bg.ask({ type: 'tab/get', tabId: 7 }, options)).toMatchObject({ ok: true, data: { revision: (detected as { data: { revision: number } }).data.revision } });
    expect(bg.built.length).toBe(builds);
  });

  it('change settings through the background; an invalid change is refused whole', async () => {
    const bg = background();
    expect(await bg.ask({ type: 'settings/update', patch: { retentionDays: 30, sites: { outlook: false } } }, options)).toMatchObject({ ok: true });
    expect(await getSettings()).toMatchObject({ retentionDays: 30, sites: { gmail: true, outlook: false } });
    expect(await bg.ask({ type: 'settings/update', patch: { retentionDays: -4, ownDomains: ['ok.example'] } }, options)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await getSettings()).toMatchObject({ retentionDays: 30, ownDomains: [] });
    // Connections are not settings/update's to change.
    expect(await bg.ask({ type: 'settings/update', patch: { connections: { webhook: { url: 'https://evil.example' } } } }, options)).toMatchObject({ ok: false });
  });

  it('lose no change when two pages write different settings at once', async () => {
    const bg = background();
    await saveSettings({});
    await Promise.all([
      bg.ask({ type: 'settings/update', patch: { ownDomains: ['acme.example'] } }, options),
      bg.ask({ type: 'ignore/add', entry: 'x@y.example' }, options),
      bg.ask({ type: 'settings/update', patch: { retentionDays: 90 } }, options),
    ]);
    expect(await getSettings()).toMatchObject({ ownDomains: ['acme.example'], ignoreList: ['x@y.example'], retentionDays: 90 });
  });

  it('tells open tabs when an import changed the data', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    const builds = bg.built.length;
    const pushes: unknown[] = [];
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => void pushes.push(message)) as never);
    expect(await bg.ask({ type: 'data/changed' }, options)).toMatchObject({ ok: true, data: { tabs: 1 } });
    expect(bg.built.length).toBe(builds + 1);
    // A restored export adds actions: Options' sync counts read them again.
    expect(pushes).toContainEqual({ type: 'push/actions-changed' });
    sendMessage.mockRestore();
  });
});

describe('crm/create: adding an unknown person to the CRM (docs/architecture.md, "Create in the CRM")', () => {
  it('queues one item for a person the tab shows, to the destination CRM; never for someone else, nor without a CRM', async () => {
    const bg = background();
    await bg.detect(7, DANA);
    expect(await bg.ask({ type: 'crm/create', prospectKey: DANA }, gmail(7))).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/connect HubSpot or Mautic/) } });
    await saveSettings({ ...(await getSettings()), destination: 'hubspot' });
    for (const tabId of [undefined, 8]) {
      expect(await bg.ask({ type: 'crm/create', prospectKey: 'ceo@rival.example', tabId }, gmail(7))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const first = await bg.ask({ type: 'crm/create', prospectKey: DANA }, gmail(7));
    expect(first).toMatchObject({ ok: true, data: { type: 'crm_create', prospectKey: DANA, sync: { state: 'pending', destination: 'hubspot' } } });
    const again = await bg.ask({ type: 'crm/create', prospectKey: DANA, tabId: 7 }, options);
    // The side panel's answer is the whole item; the page's is the action as its card draws it.
    expect(again).toMatchObject({ ok: true, data: { id: (first as { data: { id: string } }).data.id, record: { email: DANA } } });
    expect((await recentActions(10, DANA)).filter((a) => a.type === 'crm_create')).toHaveLength(1);
    // The log form's request cannot queue one: its type is not a loggable action.
    expect(await bg.ask({ type: 'action/log', action: { prospectKey: DANA, type: 'crm_create', notes: '' } }, options)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
