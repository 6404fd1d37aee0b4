/**
 * Options → Sites → "Linked people": every link the rep made from a card, each with Undo. A link is
 * only a remembered choice, so undoing it loses nothing (docs/architecture.md, "Links and mutes").
 */
import { useRef, useState } from 'preact/hooks';
import { normaliseName } from '@/lib/identity/name';
import { type LinkedPerson, send } from '@/lib/messaging';
import { useFocusAfterRemoval } from '../focus';
import { readableKey } from '../readableKey';
import { useReloadOnPush } from './pushes';
import { m } from './strings';
import { errorText } from '@/lib/errors';

const PUSHES = ['push/settings', 'push/actions-changed'] as const;

export function LinksList() {
  const [links, setLinks] = useState<LinkedPerson[] | null>(null);
  const [error, setError] = useState('');

  async function load() {
    try {
      setLinks(await send({ type: 'match/list' }));
      setError('');
    } catch (failure) {
      setError(errorText(failure));
    }
  }
  // Delete everything empties the list (the background then pushes both); read it again on either.
  useReloadOnPush(PUSHES, () => void load());

  const listRef = useRef<HTMLUListElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const undoing = useFocusAfterRemoval(links?.length ?? 0, listRef, heading);

  async function undo(detectedKey: string) {
    try {
      await send({ type: 'match/forget', detectedKey });
      await load();
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  return (
    <>
      <h3 ref={heading} tabIndex={-1}>
        {m('options_links')}
      </h3>
      <p class="field-hint">{m('options_linksHint')}</p>
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
      {links === null ? null : links.length === 0 ? (
        <p class="muted">{m('options_linksEmpty')}</p>
      ) : (
        <ul ref={listRef} class="ignore-list" data-testid="links-list">
          {links.map((link, index) => (
            <li key={link.detectedKey} data-testid="link-row" data-detected-key={link.detectedKey} data-chosen-key={link.chosenKey}>
              <span>{m('options_linkRow', label(link.detectedName, link.detectedKey), label(link.chosenName, link.chosenKey))}</span>{' '}
              <button
                type="button"
                onClick={() => {
                  undoing(index);
                  void undo(link.detectedKey);
                }}
                aria-label={m('options_unlinkLabel', label(link.detectedName, link.detectedKey))}
              >
                {m('undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "Dana Whitfield (dana@acme.com)"; a key the name already says (a name-only person's) is not repeated. */
function label(name: string | undefined, key: string): string {
  const readable = readableKey(key);
  return name && normaliseName(name) !== normaliseName(readable) ? `${name} (${readable})` : (name ?? readable);
}
