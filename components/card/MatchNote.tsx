import { isNameKey } from '@/lib/identity/name';
import type { ProspectView } from '@/lib/model/view';
import { t } from '../i18n';

/**
 * For a person the page showed by name only (Outlook's persona buttons, a `name:` key): a small
 * label in the card's title row saying how sure the card is. "matched by name" when one stored or
 * CRM person has that name; "not found by name" when none does (the card then shows the name only,
 * never an address). Several namesakes get the match picker instead.
 */
export function MatchNote({ view }: { view: ProspectView }) {
  if (!isNameKey(view.detectedKey)) return null;
  if (view.match === 'name') return <span class="pl-match" data-testid="match-note" data-value="name">{t('matchedByName')}</span>;
  if (!view.known && view.alternatives.length === 0) return <span class="pl-match" data-testid="match-note" data-value="not-found">{t('notFoundByName')}</span>;
  return null;
}
