import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { settingsForDiagnostics } from '@/lib/background/diagnostics';
import { deleteEverything } from '@/lib/data/erase';
import { Settings } from '@/lib/model/settings';
import { closeDbForTests } from '@/lib/store/db';

afterEach(async () => {
  vi.restoreAllMocks();
  await closeDbForTests();
});

describe('delete everything, outside the database', () => {
  it('clears storage.local and storage.session and removes the CRM host access granted at run time', async () => {
    await fakeBrowser.storage.local.set({ anything: 1, 'settings$': { v: 2 } });
    await fakeBrowser.storage.session.set({ 'tab:7': { views: [] }, retryAfter: 5 });
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'x', version: '1', host_permissions: ['https://mail.google.com/*'] });
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: ['https://mail.google.com/*', 'https://api.hubapi.com/*', 'http://127.0.0.1/*'], permissions: [] });
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true);
    await deleteEverything();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(remove).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*', 'http://127.0.0.1/*'] });
  });

  it('takes the task reminders still shown off the screen (they name the person and the notes), and no one else\'s', async () => {
    vi.spyOn(fakeBrowser.notifications, 'getAll').mockResolvedValue({ 'prospect-lens-task:a1': true, 'prospect-lens-task:b2': true, 'other-notice': true } as never);
    const clear = vi.spyOn(fakeBrowser.notifications, 'clear').mockResolvedValue(true);
    await deleteEverything();
    expect(clear.mock.calls.map(([id]) => id).sort()).toEqual(['prospect-lens-task:a1', 'prospect-lens-task:b2']);
  });
});

describe('diagnostics', () => {
  it('carry origins and counts: no path, no address, no list entry', () => {
    const settings = Settings.parse({
      ownDomains: ['acme.example'],
      myAddresses: ['sam@acme.example'],
      ignoreList: ['noisy@vendor.example', '@spam.example'],
      connections: {
        hubspot: { baseUrl: 'https://api.hubapi.com', ownerId: '9001' },
        mautic: { baseUrl: 'https://marketing.acme.example/mautic' },
        webhook: { url: 'https://hooks.acme.example/T0123/B456/secret-path-token' },
      },
      destination: 'webhook',
    });
    const text = JSON.stringify(settingsForDiagnostics(settings));
    for (const leak of ['secret-path-token', '/mautic', 'sam@acme.example', '"acme.example"', 'noisy@vendor.example', '@spam.example']) {
      expect(text).not.toContain(leak);
    }
    expect(settingsForDiagnostics(settings)).toMatchObject({
      ownDomains: 1,
      myAddresses: 1,
      ignoreList: 2,
      connections: { webhook: { origin: 'https://hooks.acme.example' }, mautic: { origin: 'https://marketing.acme.example' } },
    });
  });
});
