/**
 * A person known only by their key, in words a rep reads: "someone-else (LinkedIn)" for a profile,
 * the name of a person a page showed by name only; an email address (and anything else, such as a
 * muted `@domain`) as it is. Keys like `name:dana whitfield` are the store's, never the rep's words.
 * Shared by the popup, Options and the card (so it stays small: it rides in the sidebar script).
 */
import { isNameKey, nameOfKey } from '@/lib/identity/name';
import { t } from './i18n';

export function readableKey(key: string): string {
  if (key.startsWith('linkedin:')) return t('popup_linkedinHandle', key.slice('linkedin:'.length));
  // With its id: two muted leads would otherwise read the same.
  if (key.startsWith('linkedin-sales:')) return t('popup_salesNavigatorLead', key.slice('linkedin-sales:'.length));
  return isNameKey(key) ? nameOfKey(key) : key;
}
