/**
 * Task reminders: a task whose due time has come raises one browser notification. Checked on the
 * sync alarm, so a reminder is at most about a minute late while the browser runs, and shown at the
 * next start when the browser was closed at the due time. A click on one opens the popup for its
 * person, where the rep logs the follow-up (`openReminder`).
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { t } from '../i18n';
import type { SalesAction } from '../model/action';
import type { Prospect } from '../model/prospect';
import { openPopupWindow } from '../popup-window';
import { allActions, getAction, updateAction } from '../store/outbox';

/** Notification ids are this prefix + the action id, so a click can open the right prospect (`openReminder`). */
export const REMINDER_PREFIX = 'prospect-lens-task:';

export interface ReminderOptions {
  /** An extension URL of the icon; Chrome refuses a basic notification without one. */
  iconUrl: string;
  getProspect?(key: string): Promise<Prospect | undefined> | Prospect | undefined;
}

/** The notifications API where the browser has one (a browser without it gets no reminders, and keeps its tasks unmarked). */
export const notificationsApi = () => (browser as { notifications?: typeof browser.notifications }).notifications;

/** Shows every due task not shown before; returns how many were shown. */
export async function notifyDueTasks(options: ReminderOptions): Promise<number> {
  const notifications = notificationsApi();
  if (!notifications) return 0;
  const now = clock.now();
  // The outbox has no due-date index; a scan once a minute is cheap at a rep's volume of actions.
  const due = (await allActions()).filter((a) => a.type === 'task' && !a.notifiedAt && a.dueAt && Date.parse(a.dueAt) <= now);
  let shown = 0;
  for (const task of due) {
    // Marked first, in a transaction, so two checks at once cannot both show it…
    let mine = false;
    await updateAction(task.id, (current) => {
      if (current.notifiedAt) return undefined;
      mine = true;
      return { ...current, notifiedAt: clock.iso() };
    });
    if (!mine) continue;
    try {
      await notifications.create(`${REMINDER_PREFIX}${task.id}`, await notificationFor(task, options));
      shown++;
    } catch (error) {
      // …and unmarked when the browser would not show it, so the next check tries again.
      await updateAction(task.id, ({ notifiedAt: _, ...rest }) => rest);
      throw error;
    }
  }
  return shown;
}

async function notificationFor(task: SalesAction, options: ReminderOptions) {
  const prospect = await options.getProspect?.(task.prospectKey);
  const who = prospect?.name ?? task.prospectKey;
  const notes = task.notes.trim();
  return {
    type: 'basic' as const,
    iconUrl: options.iconUrl,
    title: t('syncReminder_title', who),
    message: notes ? (notes.length > 200 ? `${notes.slice(0, 199)}…` : notes) : t('syncReminder_followUp', who),
  };
}

/**
 * Takes every reminder still shown off the screen ("Delete everything": they name the person and the
 * task's notes). Best effort: a browser without notifications, or one that refuses, has nothing to clear.
 */
export async function clearReminders(): Promise<void> {
  const notifications = notificationsApi();
  if (!notifications) return;
  try {
    const shown = await notifications.getAll();
    await Promise.all(Object.keys(shown).filter((id) => id.startsWith(REMINDER_PREFIX)).map((id) => notifications.clear(id).catch(() => false)));
  } catch {
    // Nothing shown that the browser lets us see.
  }
}

/**
 * A click on a notification: when it is a reminder, it goes, and the popup opens as a small window for
 * the task's person (a tab where the browser has no windows, as Firefox for Android). A task erased
 * since opens nothing. Other notifications are not ours: false, untouched.
 */
export async function openReminder(notificationId: string): Promise<boolean> {
  if (!notificationId.startsWith(REMINDER_PREFIX)) return false;
  await notificationsApi()?.clear(notificationId).catch(() => false);
  const task = await getAction(notificationId.slice(REMINDER_PREFIX.length));
  if (!task) return true;
  if (!(await openPopupWindow(undefined, task.prospectKey))) {
    await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html?${new URLSearchParams({ prospect: task.prospectKey })}`) });
  }
  return true;
}
