/**
 * "Log this email" and the "never log" list (docs/architecture.md, "Log this email").
 *
 * The open message comes from the content script, so from the page: the guard has bounded and parsed
 * it (lib/model/email.ts); here it is checked against what the background itself knows about the tab.
 * A message can only be logged from a webmail tab, only when its sender and every participant are
 * people that tab's latest detection of an open thread showed (or the rep), and only against a prospect shown there: a
 * forged message about anybody else, or for a thread that is not open, logs nothing.
 *
 * The action's id is derived from the message's key, so logging the same message twice finds the
 * first row instead of adding one, and every destination sees one idempotency key (its marker).
 */
import { clock } from '../clock';
import { t } from '../i18n';
import { neverLogMatch } from '../identity/never-log';
import { selfKey } from '../identity/email';
import { MessageError } from '../messaging';
import { type DestinationKind, type EmailDetails, SalesAction, type SalesActionInput, type SyncStateName } from '../model/action';
import type { OpenMessage } from '../model/email';
import type { Settings } from '../model/settings';
import type { TabState } from '../model/view';
import { siteOf } from '../sites';
import { db } from '../store/db';
import { withStoragePressure } from '../store/pressure';
import { getProspect } from '../store/prospects';
import { createAction, targetFor } from '../sync/actions';
import type { Caller } from './guard';

export interface EmailLogResult {
  /** False when the message had been logged before: nothing was added. */
  added: boolean;
  destination: DestinationKind;
  state: SyncStateName;
  prospectKey: string;
}

/**
 * Refuses when any of the addresses is on the rep's "never log" list, naming the entry so the UI can
 * say why. Every path that accepts an action calls this (action/log, action/update, email/log).
 */
export function refuseNeverLogged(settings: Pick<Settings, 'neverLog'>, addresses: readonly string[]): void {
  const hit = neverLogMatch(settings.neverLog, addresses);
  if (hit) throw new MessageError('forbidden', t('bgError_neverLogged', hit.entry, t('options_privacy')));
}

/** The addresses an action about this prospect concerns: the key when it is one, and the stored person's. */
export async function addressesOfProspect(prospectKey: string): Promise<string[]> {
  const own = prospectKey.includes('@') && !prospectKey.startsWith('linkedin') && !prospectKey.startsWith('name:') ? [prospectKey] : [];
  const stored = await getProspect(prospectKey).catch(() => undefined);
  return [...own, ...(stored?.emails ?? [])];
}

/** Where the message is logged and about whom, or a refusal; pure, so it is tested on its own. */
export function checkOpenMessage(
  caller: Caller,
  tab: TabState | undefined,
  message: OpenMessage,
  settings: Pick<Settings, 'myAddresses' | 'neverLog'>,
): { prospectKey: string; direction: 'inbound' | 'outbound'; participants: string[] } {
  const site = caller.kind === 'content' ? siteOf(caller.url) : undefined;
  if (site !== 'gmail' && site !== 'outlook') throw new MessageError('forbidden', t('bgError_logEmailSites'));
  if (!tab || tab.site !== site) throw new MessageError('forbidden', t('bgError_noThread'));

  // The rep in any form their mailbox takes (a plus-tag; for Gmail, dots and googlemail.com): lib/identity/email.ts.
  const self = new Set([...tab.selfAddresses, ...settings.myAddresses].map(selfKey));
  const isSelf = (address: string) => self.has(selfKey(address));
  const shown = new Set(tab.candidates.flatMap((c) => [c.key, c.email ?? '']).filter(Boolean));
  const participants = [...new Set([message.from, ...message.to, ...message.cc])];
  // Everyone in it must be someone the thread showed (detection reads no inbox rows), or the rep.
  if (participants.some((p) => !shown.has(p) && !isSelf(p))) throw new MessageError('forbidden', t('bgError_notInThread'));

  const others = participants.filter((p) => !isSelf(p));
  refuseNeverLogged(settings, others);

  const direction = isSelf(message.from) ? 'outbound' : 'inbound';
  // About the other side: the sender of a received message, else the first recipient with a card.
  const order = direction === 'inbound' ? [message.from, ...message.to, ...message.cc] : [...message.to, ...message.cc];
  for (const address of order) {
    const view = tab.views.find((v) => v.detectedKey === address);
    if (view && !isSelf(address)) return { prospectKey: view.key, direction, participants };
  }
  throw new MessageError('invalid', t('bgError_noCard'));
}

/** The message's dedup key: the site's id, else a fingerprint of who sent it when, with what subject. */
export async function messageKeyOf(message: OpenMessage): Promise<string> {
  if (message.messageId) return message.messageId;
  return `fp:${(await sha256Hex(`${message.from}\n${message.sentAt ?? ''}\n${message.subject}`)).slice(0, 40)}`;
}

/**
 * A UUID (version 5 layout) from the message's key and its sender, so one message is one outbox row and
 * one CRM record. The sender is part of it because the key is the page's word: a row another content
 * script logged under a real message's id, from someone else, must not make that message "logged".
 */
export async function actionIdFor(messageKey: string, from: string): Promise<string> {
  return uuidOf(`prospect-lens:email:${messageKey}\n${from}`);
}

/** The id before the sender was part of it: a message logged by an earlier version. */
export function legacyActionIdFor(messageKey: string): Promise<string> {
  return uuidOf(`prospect-lens:email:${messageKey}`);
}

async function uuidOf(text: string): Promise<string> {
  const hex = await sha256Hex(text);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface MessageIds {
  messageKey: string;
  id: string;
  legacyId: string;
}

async function idsOf(message: OpenMessage): Promise<MessageIds> {
  const messageKey = await messageKeyOf(message);
  return { messageKey, id: await actionIdFor(messageKey, message.from), legacyId: await legacyActionIdFor(messageKey) };
}

/**
 * The row that logged this message, if any: under today's id, or under an earlier version's id when
 * that row is from the same sender. Only IndexedDB reads are awaited, so it runs inside the caller's
 * transaction (the ids are worked out before it opens).
 */
async function loggedRow(store: { get(id: string): Promise<SalesAction | undefined> }, message: OpenMessage, ids: MessageIds): Promise<SalesAction | undefined> {
  const row = await store.get(ids.id);
  if (row) return row;
  const legacy = await store.get(ids.legacyId);
  return legacy?.email?.from === message.from ? legacy : undefined;
}

/** Whether this message was logged already (the sidebar's button says so). */
export async function isMessageLogged(message: OpenMessage): Promise<boolean> {
  const ids = await idsOf(message);
  return (await loggedRow((await db()).transaction('outbox').store, message, ids)) !== undefined;
}

/**
 * Stores the email action once. The existence check and the write share one transaction, so two
 * clicks racing each other still leave one row.
 */
export async function logEmail(
  message: OpenMessage,
  includeBody: boolean,
  target: { prospectKey: string; direction: 'inbound' | 'outbound' },
  destination: DestinationKind,
): Promise<EmailLogResult> {
  const ids = await idsOf(message);
  const { messageKey, id } = ids;
  const body = includeBody ? (message.body ?? '').trim() : '';
  const email: EmailDetails = {
    messageKey,
    subject: message.subject,
    from: message.from,
    to: message.to,
    cc: message.cc,
    bodyIncluded: includeBody && body.length > 0,
  };
  const input: SalesActionInput = {
    prospectKey: target.prospectKey,
    type: 'email',
    direction: target.direction,
    notes: body,
    // A time the page showed in the future is not believed.
    occurredAt: message.sentAt && Date.parse(message.sentAt) <= clock.now() ? message.sentAt : undefined,
  };
  // The record the person's card shows in the destination's CRM, as for any logged action (lib/sync/actions.ts).
  const shown = await targetFor(target.prospectKey, destination);
  const action = SalesAction.parse({ ...createAction(input, destination), id, email, ...(shown ? { target: shown } : {}) });
  return withStoragePressure(async () => {
    const tx = (await db()).transaction('outbox', 'readwrite');
    const existing = await loggedRow(tx.store, message, ids);
    if (!existing) await tx.store.put(action);
    await tx.done;
    const row = existing ?? action;
    return { added: !existing, destination: row.sync.destination, state: row.sync.state, prospectKey: row.prospectKey };
  });
}
