/**
 * First run. (Giving the content script to tabs already open at install or update:
 * injectIntoOpenTabs in registration.ts, beside the registration it mirrors.)
 */
import { browser } from 'wxt/browser';

export function openWelcome(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
}
