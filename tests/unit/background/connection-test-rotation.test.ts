// @vitest-environment node
/**
 * Options' Test (connection/test-unsaved) on a connected Salesforce org whose session expired, with
 * refresh token rotation on: the test's refresh spends the saved refresh token, so the tokens it gets
 * back must be saved, or the connection asks to Reconnect at its next refresh. Only for the saved
 * connection itself: a consumer key or an org the form changed keeps nothing, and a Test never marks
 * the connection for Reconnect.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClock } from '@/lib/clock';
import { connectedSources, testUnsavedConnection } from '@/lib/background/connections';
import { connectConnection, type WebAuth } from '@/lib/background/connect';
import { resetApiUsage } from '@/lib/sources/salesforce/client';
import { type SalesforceMock, startSalesforceMock } from '@/lib/sources/salesforce/mock';
import { closeDbForTests } from '@/lib/store/db';
import { saveConnection } from '@/lib/background/connection-store';
import { deleteSecret, getSecret, replaceSecret, secretOrigin } from '@/lib/store/secrets';
import { getSettings } from '@/lib/store/settings';

let mock: SalesforceMock;
let restore: (() => void) | undefined;

beforeEach(async () => {
  await closeDbForTests();
  resetApiUsage();
  mock = await startSalesforceMock({ rotateRefreshTokens: true });
});

afterEach(async () => {
  restore?.();
  restore = undefined;
  vi.restoreAllMocks();
  await mock.close();
});

function authWindow(): WebAuth {
  return {
    redirectUrl: mock.callbackUrl,
    launchWebAuthFlow: async (url) => {
      const answer = await fetch(url, { redirect: 'manual' });
      return new URL(answer.headers.get('location')!).href;
    },
  };
}

const connect = () => connectConnection('salesforce', { loginHost: mock.url, consumerKey: mock.consumerKey }, () => authWindow());

/** Past the shared refresh's 10 minutes (or after the service worker restarted). */
function muchLater() {
  const later = Date.now() + 11 * 60_000;
  restore = setClock(() => later);
}

describe('Options Test on a connected org with refresh token rotation', () => {
  it('keeps the tokens its refresh got, so the connection stays usable', async () => {
    const settings = await connect();
    const before = await getSecret('salesforce', mock.url);
    mock.expireSessions();
    expect(await testUnsavedConnection('salesforce', { ...settings.connections.salesforce }, {})).toMatchObject({ ok: true });
    expect((await getSecret('salesforce', mock.url))?.refreshToken).not.toBe(before?.refreshToken);

    muchLater();
    const [source] = await connectedSources(settings);
    expect(await source!.test()).toBe('Connected');
    expect(await getSecret('salesforce', mock.url)).not.toHaveProperty('reconnect');
  });

  it('keeps them too when the form changed something else before its Test (not saved yet)', async () => {
    const settings = await connect();
    const before = await getSecret('salesforce', mock.url);
    mock.expireSessions();
    const edited = { ...settings.connections.salesforce, feedbackRejectedStatus: 'Unqualified – no budget' };
    expect(await testUnsavedConnection('salesforce', edited, {})).toMatchObject({ ok: true });
    expect((await getSecret('salesforce', mock.url))?.refreshToken).not.toBe(before?.refreshToken);

    muchLater();
    const [source] = await connectedSources(settings);
    expect(await source!.test()).toBe('Connected');
  });
});

describe('Options Test with a consumer key (or org) the form changed and has not saved', () => {
  const otherKey = '3MVG9anotherConnectedAppKey000000000000';

  it('keeps the saved tokens when Salesforce refuses the typed key, and does not mark the connection for Reconnect', async () => {
    const settings = await connect();
    const before = await getSecret('salesforce', mock.url);
    mock.expireSessions();
    const edited = { ...settings.connections.salesforce, consumerKey: otherKey };
    expect(await testUnsavedConnection('salesforce', edited, {})).toMatchObject({ ok: false });
    expect(await getSecret('salesforce', mock.url)).toEqual(before);

    // The saved connection, with its own key, goes on working.
    const [source] = await connectedSources(settings);
    expect(await source!.test()).toBe('Connected');
  });

  it('never writes the Reconnect mark, even when the saved tokens themselves are refused', async () => {
    const settings = await connect();
    const before = await getSecret('salesforce', mock.url);
    mock.revokeRefreshTokens();
    mock.expireSessions();
    expect(await testUnsavedConnection('salesforce', { ...settings.connections.salesforce }, {})).toMatchObject({ ok: false });
    expect(await getSecret('salesforce', mock.url)).toEqual(before);
  });

  it('saving a changed consumer key drops the tokens issued to the old app, so the form asks to Reconnect', async () => {
    const settings = await connect();
    await saveConnection('salesforce', { ...settings.connections.salesforce, consumerKey: otherKey }, {});
    expect(await getSecret('salesforce', mock.url)).toEqual({ reconnect: 'settings-changed' });
    expect(await connectedSources(await getSettings())).toEqual([]);
  });
});

describe('a refresh still under way when the rep disconnects', () => {
  it('does not bring the credential back: a connector replaces a stored secret, never makes one', async () => {
    const settings = await connect();
    mock.expireSessions();
    // The source was made (its tokens in hand) before Disconnect or "Delete everything" removed them.
    const [source] = await connectedSources(settings);
    await deleteSecret('salesforce');
    await source!.test();
    expect(await getSecret('salesforce', mock.url)).toBeUndefined();
  });
});


describe('a refresh that lands while the rep saves the form', () => {
  it('keeps the refreshed tokens: the save reads and writes the credentials in one transaction', async () => {
    const settings = await connect();
    const origin = (await secretOrigin('salesforce'))!;
    const before = (await getSecret('salesforce', origin))!;
    const edited = { ...settings.connections.salesforce, feedbackRejectedStatus: 'Unqualified – no budget' };
    // The save starts first; the refresh's write (what the client does with a rotated token) right after.
    const saved = saveConnection('salesforce', edited, {});
    const refreshed = replaceSecret('salesforce', { ...before, accessToken: 'access-2', refreshToken: 'refresh-2' }, origin);
    await Promise.all([saved, refreshed]);
    expect(await getSecret('salesforce', origin)).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });
});
