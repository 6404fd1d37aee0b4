/**
 * Run-time host permissions for CRM and webhook origins. Browsers only show the prompt while a user
 * gesture is being handled, so `requestOrigin` must be called synchronously inside the click or submit
 * handler, and nothing should wait for it: in headless browsers the prompt never answers.
 */
import { browser } from 'wxt/browser';

/** The match pattern for a service URL's origin. Match patterns carry no port, so any port matches. */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}

/**
 * Fires the permission prompt for `url`'s origin and returns at once. The returned promise settles
 * when the user answers (false when refused, unavailable or failing); callers must not await it
 * before saving anything.
 */
export function requestOrigin(url: string): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [originPattern(url)] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** Whether the extension may reach `url`'s origin. A missing API or a bad URL answers false. */
export async function hasOrigin(url: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(url)] });
  } catch {
    return false;
  }
}

/**
 * Fires one prompt for several match patterns (an OAuth sign-in needs its login host and the API
 * hosts it may be sent to). Same rules as `requestOrigin`: call it inside the gesture.
 */
export function requestPatterns(patterns: string[]): Promise<boolean> {
  if (patterns.length === 0) return Promise.resolve(true);
  try {
    return browser.permissions.request({ origins: patterns }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/**
 * Calls `granted` whenever host access is added — Options' "Grant access", or the browser's own
 * extension menu — so what was refused for lack of it is asked again at once. A grant of API
 * permissions only (no origins) is not one; a browser without the event is ignored.
 */
export function onAccessGranted(granted: (origins: string[]) => void): void {
  browser.permissions?.onAdded?.addListener((added) => {
    if (added.origins?.length) granted(added.origins);
  });
}
