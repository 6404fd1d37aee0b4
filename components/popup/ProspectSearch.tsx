/** Finds a prospect in the local store by name, email or company, as the rep types. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '@/lib/messaging';
import { candidateOption } from './context';
import type { ProspectOption } from './FormFields';
import { plural } from '../i18n';
import { m } from './strings';
import { errorText } from '@/lib/errors';

const DEBOUNCE_MS = 150;

export function ProspectSearch({ onPick, autoFocus }: { onPick(option: ProspectOption): void; autoFocus: boolean }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProspectOption[] | null>(null);
  /** Why the last search did not run: not the same as nobody matching, so it is never shown as "No match". */
  const [failure, setFailure] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    const needle = query.trim();
    if (!needle) {
      setResults(null);
      setFailure('');
      return;
    }
    // A slower answer to an older query must not replace a newer one.
    let current = true;
    const timer = setTimeout(() => {
      send({ type: 'search', query: needle, limit: 8 }).then(
        (found) => {
          if (!current) return;
          setFailure('');
          setResults(found.map(candidateOption));
        },
        (error: unknown) => {
          if (!current) return;
          setResults(null);
          setFailure(m('popup_searchFailed', errorText(error)));
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <div class="search" role="search">
      <label for="prospect-search">{m('popup_search')}</label>
      <input
        id="prospect-search"
        ref={inputRef}
        type="search"
        autocomplete="off"
        placeholder={m('popup_searchPlaceholder')}
        value={query}
        aria-controls={results?.length ? 'prospect-search-results' : undefined}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {failure && (
        <p class="status status-failed" role="alert" data-testid="search-failed">
          {failure}
        </p>
      )}
      {/* Always there, so each answer is announced: a live region inserted with its text often is not. */}
      <p class="muted search-found" role="status" data-testid="search-found">
        {results ? (results.length ? plural('popup_searchFound', results.length) : m('popup_searchNone')) : ''}
      </p>
      {results && results.length > 0 && (
        <ul id="prospect-search-results" class="search-results">
          {results.map((option) => (
            <li key={option.key}>
              <button
                type="button"
                data-testid="search-result"
                onClick={() => {
                  onPick(option);
                  setQuery('');
                }}
              >
                {option.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
