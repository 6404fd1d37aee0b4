/**
 * "Delete everything" tells the pages first (entrypoints/background.ts, `eraseAll`): `push/erasing`
 * goes out before the database is deleted, so a page stops the import it runs (components/options/
 * ImportSection.tsx, components/onboarding/Welcome.tsx) even where the browser does not tell the
 * import's connection of the deletion. Checked on the real background, with a page's connection that
 * notes what had been pushed when the deletion reached it.
 */
import { openDB } from 'idb';
import { afterEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DB_NAME, db } from '@/lib/store/db';
import { startBackground } from '../support/start-background';

afterEach(() => {
  vi.restoreAllMocks();
});

it('pushes push/erasing to the pages before it deletes the database', async () => {
  await startBackground();
  await db();
  const pushed: string[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: { type?: string }) => {
    if (message?.type) pushed.push(message.type);
  }) as never);
  // An import page's connection: what had been pushed when the deletion reached it.
  const page = await openDB(DB_NAME);
  let pushedBeforeDeletion: string[] | undefined;
  page.addEventListener('versionchange', () => {
    pushedBeforeDeletion = [...pushed];
    page.close();
  });

  const answers = await fakeBrowser.runtime.onMessage.trigger({ type: 'data/erase' }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') } as never);
  expect(answers).toContainEqual(expect.objectContaining({ ok: true }));
  expect(pushedBeforeDeletion).toEqual(['push/erasing']);
  expect(pushed).toContain('push/settings');
});
