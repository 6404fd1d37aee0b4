import { describe, expect, it } from 'vitest';
import {
  sitesGranted,
  CONTENT_SCRIPT_FILES,
  contentScriptRegistrations,
  injectIntoOpenTabs,
  type Registration,
  syncContentScriptRegistration,
} from '@/lib/background/registration';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/model/settings';
import { SITE_MATCHES } from '@/lib/sites';

type Sites = Settings['sites'];
const settingsWith = (sites: Partial<Sites>) => ({ sites: { ...DEFAULT_SETTINGS.sites, ...sites } });

const GMAIL = ['https://mail.google.com/*'];
const OUTLOOK = ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*', 'https://outlook.cloud.microsoft/*'];
const LINKEDIN = ['https://www.linkedin.com/*', 'https://*.linkedin.com/in/*', 'https://*.linkedin.com/pub/*'];

/** The scripting and tabs APIs as far as registration uses them, recording every call. */
function fakeApis(openTabs: { id: number; url: string; discarded?: boolean }[] = []) {
  const registered = new Map<string, Registration>();
  const calls: string[] = [];
  const injected: number[] = [];
  const injectedFiles: string[] = [];
  const scripting = {
    async getRegisteredContentScripts(filter?: { ids?: string[] }) {
      return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)).map((s) => structuredClone(s));
    },
    async registerContentScripts(scripts: Registration[]) {
      calls.push('register');
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, structuredClone(s));
      }
    },
    async updateContentScripts(scripts: Registration[]) {
      calls.push('update');
      for (const s of scripts) registered.set(s.id, structuredClone(s));
    },
    async unregisterContentScripts(filter?: { ids?: string[] }) {
      calls.push('unregister');
      for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
    },
    async executeScript({ target, files }: { target: { tabId: number }; files: string[] }) {
      files.forEach((file) => injectedFiles.push(file));
      injected.push(target.tabId);
      return [];
    },
  };
  const tabs = {
    // A coarse stand-in for the browser's pattern matching: by host, which is all these tests vary.
    async query({ url }: { url: string[] }) {
      const hosts = url.map((p) => new URL(p.replace('*.', 'x.')).hostname.replace(/^x\./, ''));
      return openTabs.filter((t) => hosts.some((h) => new URL(t.url).hostname.endsWith(h)));
    },
  };
  const options = { scripting: scripting as never, tabs: tabs as never };
  /** Every registered pattern, site by site in registration order (null when nothing is registered). */
  const matches = () => (registered.size === 0 ? null : [...registered.values()].flatMap((r) => r.matches ?? []));
  return { registered, calls, injected, injectedFiles, options, matches };
}

describe('contentScriptRegistrations', () => {
  it.each<[string, Partial<Sites>, string[] | null]>([
    ['every site on', {}, [...GMAIL, ...OUTLOOK, ...LINKEDIN]],
    ['Gmail off', { gmail: false }, [...OUTLOOK, ...LINKEDIN]],
    ['Outlook off', { outlook: false }, [...GMAIL, ...LINKEDIN]],
    ['LinkedIn off', { linkedin: false }, [...GMAIL, ...OUTLOOK]],
    ['only LinkedIn, with the overlay', { gmail: false, outlook: false, linkedinOverlay: true }, LINKEDIN],
    ['every site off', { gmail: false, outlook: false, linkedin: false }, null],
  ])('%s → exactly those sites’ pages', (_, sites, matches) => {
    const registrations = contentScriptRegistrations(settingsWith(sites));
    expect(registrations.length ? registrations.flatMap((r) => r.matches ?? []) : null).toEqual(matches);
  });

  it('gives each site its own script, with that site’s adapter only', () => {
    const registrations = contentScriptRegistrations(settingsWith({}));
    expect(registrations.map((r) => [r.id, r.js, r.matches])).toEqual([
      ['prospect-lens-gmail', [CONTENT_SCRIPT_FILES.gmail], GMAIL],
      ['prospect-lens-outlook', [CONTENT_SCRIPT_FILES.outlook], OUTLOOK],
      ['prospect-lens-linkedin', [CONTENT_SCRIPT_FILES.linkedin], LINKEDIN],
    ]);
  });

  it('never reaches a LinkedIn subdomain beyond profiles, nor frames, nor about:blank, nor the page’s world', () => {
    for (const registration of contentScriptRegistrations(settingsWith({}))) {
      expect(registration.matches).not.toContain('https://*.linkedin.com/*');
      expect(registration).toMatchObject({ allFrames: false, matchOriginAsFallback: false, world: 'ISOLATED' });
    }
  });
});

describe('syncContentScriptRegistration', () => {
  it('registers once, then follows sites switched off and on', async () => {
    const api = fakeApis();
    await syncContentScriptRegistration(settingsWith({}), api.options);
    expect(api.matches()).toEqual([...GMAIL, ...OUTLOOK, ...LINKEDIN]);

    await syncContentScriptRegistration(settingsWith({ gmail: false }), api.options);
    expect(api.matches()).toEqual([...OUTLOOK, ...LINKEDIN]);

    await syncContentScriptRegistration(settingsWith({ gmail: false, outlook: false, linkedin: false }), api.options);
    expect(api.matches()).toBeNull();

    await syncContentScriptRegistration(settingsWith({ gmail: true, outlook: false, linkedin: false }), api.options);
    expect(api.matches()).toEqual(GMAIL);
    expect(api.calls).toEqual(['register', 'unregister', 'unregister', 'register']);
  });

  it('replaces the one script an earlier version registered for every site with each site’s own', async () => {
    const api = fakeApis([{ id: 1, url: 'https://mail.google.com/mail/u/0/' }]);
    api.registered.set('prospect-lens', { id: 'prospect-lens', js: ['content-script.js'], matches: [...GMAIL, ...OUTLOOK, ...LINKEDIN] });
    api.registered.set('another-extension-script', { id: 'another-extension-script', js: ['x.js'], matches: GMAIL });
    expect(await syncContentScriptRegistration(settingsWith({}), api.options)).toEqual(['gmail', 'outlook', 'linkedin']);
    expect([...api.registered.keys()].sort()).toEqual(['another-extension-script', 'prospect-lens-gmail', 'prospect-lens-linkedin', 'prospect-lens-outlook']);
    // The open Gmail tab gets Gmail's script, whose newer copy stops the old one running there.
    expect(api.injectedFiles).toEqual([`/${CONTENT_SCRIPT_FILES.gmail}`]);
  });

  it('leaves an identical registration alone (most settings writes do not touch the sites)', async () => {
    const api = fakeApis();
    await syncContentScriptRegistration(settingsWith({}), api.options);
    await syncContentScriptRegistration(settingsWith({}), api.options);
    expect(api.calls).toEqual(['register']);
  });

  it('takes the browser’s own order of match patterns for the same registration', async () => {
    const api = fakeApis();
    await syncContentScriptRegistration(settingsWith({}), api.options);
    for (const registration of api.registered.values()) registration.matches!.sort();
    await syncContentScriptRegistration(settingsWith({}), api.options);
    expect(api.calls).toEqual(['register']);
  });

  it('runs overlapping calls one after another, ending with the last settings', async () => {
    const api = fakeApis();
    await Promise.all([
      syncContentScriptRegistration(settingsWith({}), api.options),
      syncContentScriptRegistration(settingsWith({ linkedin: false }), api.options),
      syncContentScriptRegistration(settingsWith({ outlook: false, linkedin: false }), api.options),
    ]);
    expect(api.calls).toEqual(['register', 'unregister', 'unregister']);
    expect(api.matches()).toEqual(GMAIL);
  });

  it('gives the script to open tabs of a site just switched on, and to no other', async () => {
    const api = fakeApis([
      { id: 1, url: 'https://mail.google.com/mail/u/0/' },
      { id: 2, url: 'https://outlook.office.com/mail/' },
      { id: 3, url: 'https://example.com/' },
    ]);
    expect(await syncContentScriptRegistration(settingsWith({ gmail: false }), api.options)).toEqual(['outlook', 'linkedin']);
    expect(api.injected).toEqual([2]);
    expect(await syncContentScriptRegistration(settingsWith({}), api.options)).toEqual(['gmail']);
    expect(api.injected).toEqual([2, 1]);
  });

  it('can leave injecting to the caller (install injects into every enabled site itself)', async () => {
    const api = fakeApis([{ id: 1, url: 'https://mail.google.com/mail/u/0/' }]);
    await syncContentScriptRegistration(settingsWith({}), { ...api.options, injectNewSites: false });
    expect(api.injected).toEqual([]);
  });
});

describe('injectIntoOpenTabs', () => {
  it('injects into the enabled sites’ tabs where the script would run, skipping discarded ones', async () => {
    const api = fakeApis([
      { id: 1, url: 'https://mail.google.com/mail/u/0/' },
      { id: 2, url: 'https://www.linkedin.com/feed/' },
      { id: 3, url: 'https://learning.linkedin.com/in/course' },
      { id: 4, url: 'https://de.linkedin.com/in/dana' },
      { id: 5, url: 'https://outlook.office.com/mail/', discarded: true },
      { id: 6, url: 'https://outlook.live.com/mail/' },
    ]);
    expect(await injectIntoOpenTabs(['gmail', 'linkedin'], api.options)).toBe(3);
    expect(api.injected.sort()).toEqual([1, 2, 4]);
    expect([...api.injectedFiles].sort()).toEqual([`/${CONTENT_SCRIPT_FILES.gmail}`, `/${CONTENT_SCRIPT_FILES.linkedin}`, `/${CONTENT_SCRIPT_FILES.linkedin}`]);
  });

  it('does nothing when no site is on', async () => {
    const api = fakeApis([{ id: 1, url: 'https://mail.google.com/mail/u/0/' }]);
    expect(await injectIntoOpenTabs([], api.options)).toBe(0);
    expect(api.injected).toEqual([]);
  });
});

describe('sitesGranted', () => {
  const allOn = DEFAULT_SETTINGS;
  it('names the sites a grant gave back, among those switched on', () => {
    expect(sitesGranted(['https://mail.google.com/*'], allOn)).toEqual(['gmail']);
    expect(sitesGranted([...SITE_MATCHES.outlook, ...SITE_MATCHES.linkedin], allOn)).toEqual(['outlook', 'linkedin']);
    expect(sitesGranted(['https://mail.google.com/*'], { sites: { ...allOn.sites, gmail: false } })).toEqual([]);
  });

  it('takes a grant of every site for each of them, and a CRM origin for none', () => {
    expect(sitesGranted(['<all_urls>'], allOn)).toEqual(['gmail', 'outlook', 'linkedin']);
    expect(sitesGranted(['https://acme.my.salesforce.com/*'], allOn)).toEqual([]);
  });
});
