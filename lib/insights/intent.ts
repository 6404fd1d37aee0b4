/**
 * Which single events signal a buying decision. Page views and form submits carry a URL and a
 * title; the daily summary does not, so these rules read the latest events.
 */
import type { EngagementEvent } from '../model/engagement';

/** Paths of pages people visit when they are deciding: /pricing, /plans, /demo, /contact-sales, /quote, /trial, /buy. */
const DECISION_PATH = /\/(pricing|plans|demo|request-a-demo|book-a-demo|contact-sales|talk-to-sales|quote|trial|free-trial|buy)(\/|$)/i;
/** Words in a form's or page's title that ask for the same things, or for a meeting. */
const DECISION_WORDS = /\b(pricing|demo|contact sales|talk to sales|quote|free trial|trial|meeting|book a call)\b/i;

/** The URL's path (`/pricing`), lower-cased, without query or trailing slash; undefined when there is no URL. */
export function pathOf(event: Pick<EngagementEvent, 'url'>): string | undefined {
  if (!event.url) return undefined;
  let path: string;
  try {
    path = new URL(event.url, 'https://relative.invalid').pathname;
  } catch {
    return undefined;
  }
  const trimmed = path.toLowerCase().replace(/\/+$/, '');
  return trimmed || '/';
}

export function isDecisionPage(event: EngagementEvent): boolean {
  if (event.type !== 'page_view') return false;
  const path = pathOf(event);
  return path ? DECISION_PATH.test(path) : DECISION_WORDS.test(event.title ?? '');
}

/** A form submitted or a meeting asked for with decision intent (demo, quote, trial, sales contact). */
export function isDecisionRequest(event: EngagementEvent): boolean {
  if (event.type !== 'form_submit' && event.type !== 'email_reply' && event.type !== 'other') return false;
  const path = pathOf(event);
  return (path !== undefined && DECISION_PATH.test(path)) || DECISION_WORDS.test(event.title ?? '');
}
