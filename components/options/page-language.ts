/**
 * Every extension page's language and title, set as it starts. The HTML files are static and say
 * English; a screen reader picks its voice by `lang`, and the browser shows the title on the tab. Kept
 * here beside base.css, which every page loads too.
 */
import { type MessageKey, t, uiLocale } from '../i18n';

export function setPageLanguage(title: MessageKey): void {
  document.documentElement.lang = uiLocale();
  document.title = t(title);
}
