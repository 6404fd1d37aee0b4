import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * fakeBrowser has no `permissions`. This one grants per origin pattern; `answer` decides what a
 * prompt does: 'pending' never settles (like headless Chromium), true grants, false refuses.
 */
export function fakePermissions(answer: 'pending' | boolean) {
  const granted = new Set<string>();
  const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(({ origins = [] }) => {
    if (answer === 'pending') return new Promise<boolean>(() => undefined);
    if (answer) origins.forEach((o) => granted.add(o));
    return Promise.resolve(answer);
  });
  const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) => origins.every((o) => granted.has(o)));
  return { request, contains, granted };
}
