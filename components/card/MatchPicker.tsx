import { useId, useState } from 'preact/hooks';
import type { ProspectView } from '@/lib/model/view';
import { plural, t } from '../i18n';

/**
 * "N possible matches": the card shows the background's deterministic default; the rep can open
 * this list and pick the right person, which the background remembers.
 */
export function MatchPicker({ view, onChoose }: { view: ProspectView; onChoose(detectedKey: string, chosenKey: string): void }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const count = view.alternatives.length + (view.known ? 1 : 0);
  return (
    <div class="pl-picker" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" class="pl-linkish" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        {plural('possibleMatches', count)}
      </button>
      <ul id={listId} class="pl-choices" aria-label={t('chooseMatch')} hidden={!open} data-testid="match-picker">
        {view.alternatives.map((candidate) => (
          <li key={candidate.key}>
            <button
              type="button"
              class="pl-choice"
              onClick={() => {
                setOpen(false);
                onChoose(view.detectedKey, candidate.key);
              }}
            >
              <span class="pl-name">{candidate.name ?? candidate.email ?? candidate.key}</span>
              <span class="pl-muted">{[candidate.company, candidate.email].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
