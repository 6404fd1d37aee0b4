// @vitest-environment node
/**
 * `feedback/remote`: extension pages only, and the background's read of the destination CRM, over
 * HTTP against the loopback HubSpot: the records, or the reason in words when HubSpot refuses or is
 * down (the page then shows its local rows).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readCrmFeedback } from '@/lib/background/feedback-read';
import { checkRequest, type SenderLike } from '@/lib/background/guard';
import { Settings } from '@/lib/model/settings';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { feedbackNoteSeed } from '@/lib/sources/hubspot/mock-seed';
import { makeAction } from '../sources/helpers';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const request = { type: 'feedback/remote', from: '2026-11-01T00:00:00.000Z' };

describe('feedback/remote: who may ask', () => {
  it('is answered for an extension page (the lead feedback page)', () => {
    const page: SenderLike = { id: ID, url: `${ORIGIN}feedback.html`, tab: { id: 4, url: `${ORIGIN}feedback.html` } };
    expect(checkRequest(request, page, ID, ORIGIN)).toMatchObject({ ok: true, caller: { kind: 'extension' }, request: { type: 'feedback/remote' } });
  });

  it('is refused to a content script, even on a supported site: it reads the CRM with the credentials', () => {
    const gmail: SenderLike = { id: ID, url: 'https://mail.google.com/mail/u/0/#inbox', tab: { id: 7, url: 'https://mail.google.com/mail/u/0/' } };
    expect(checkRequest(request, gmail, ID, ORIGIN)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('readCrmFeedback against the HubSpot mock', () => {
  let mock: HubSpotMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  const settings = (destination: 'local' | 'hubspot') => Settings.parse({ destination });
  const hubspotAt = (url: string, token: string) => async () =>
    createHubSpotDestination(HubSpotConnection.parse({ baseUrl: url }), { token }, undefined, { timeoutMs: 2000 });

  it('reads the feedback HubSpot holds', async () => {
    const action = makeAction({ type: 'lead_feedback', feedback: 'accepted', occurredAt: '2026-11-20T10:00:00.000Z' });
    mock = await startHubSpotMock({ engagements: [feedbackNoteSeed(action, '51', '8000')] });
    const [result] = await readCrmFeedback(settings('hubspot'), {}, hubspotAt(mock.url, mock.token));
    expect(result).toMatchObject({ source: 'hubspot', capped: false, records: [{ actionId: action.id, email: 'dana.whitfield@northwind.example', verdict: 'accepted' }] });
    expect(result!.error).toBeUndefined();
  });

  it('says why when HubSpot refuses the token (401)', async () => {
    mock = await startHubSpotMock({ engagements: [] });
    const [result] = await readCrmFeedback(settings('hubspot'), {}, hubspotAt(mock.url, 'pat-na1-wrong'));
    expect(result).toEqual({ source: 'hubspot', records: [], capped: false, error: 'HubSpot rejected the token (401) — check it in Options' });
  });

  it('says why when HubSpot is down', async () => {
    mock = await startHubSpotMock({ engagements: [] });
    const url = mock.url;
    await mock.close();
    mock = undefined;
    const [result] = await readCrmFeedback(settings('hubspot'), {}, hubspotAt(url, 'pat-na1-test-token'));
    expect(result).toMatchObject({ source: 'hubspot', records: [], capped: false });
    expect(result!.error).toMatch(/HubSpot/);
  });

  it('says so when the connection is missing, and asks nothing with feedback kept locally', async () => {
    expect(await readCrmFeedback(settings('hubspot'), {}, async () => undefined)).toEqual([
      { source: 'hubspot', records: [], capped: false, error: 'HubSpot is not connected — check it in Options' },
    ]);
    expect(await readCrmFeedback(settings('local'), {}, async () => { throw new Error('must not be asked'); })).toEqual([]);
  });
});
