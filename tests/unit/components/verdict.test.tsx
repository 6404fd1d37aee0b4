/**
 * The verdict in the card's header (issue 17): sales' newest lead feedback, "Accepted" or
 * "Rejected: not a fit", visible on a folded card too, in the UI's language.
 */
import { readFileSync } from 'node:fs';
import { render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import { ProspectCard } from '@/components/card/ProspectCard';
import { setClock } from '@/lib/clock';
import { type MessageEntry, useFallbackMessages } from '@/lib/i18n';
import type { LeadVerdict, ProspectView } from '@/lib/model/view';
import { NOW, hoursAgo, makeCallbacks, makeView } from './factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => {
  restoreClock();
  useFallbackMessages(english);
});

function renderCard(view: ProspectView, expanded = true) {
  const result = render(<ProspectCard view={view} expanded={expanded} onToggle={vi.fn()} {...makeCallbacks()} />);
  return result.container.querySelector<HTMLElement>('[data-testid="prospect-card"]')!;
}

const verdictOf = (card: HTMLElement) => card.querySelector<HTMLElement>('[data-testid="card-verdict"]');
const rejected: LeadVerdict = { verdict: 'rejected', reason: 'not_a_fit', at: hoursAgo(1), by: 'you' };

describe('the verdict in the card header', () => {
  it('says "Rejected: not a fit" with the canonical verdict', () => {
    const verdict = verdictOf(renderCard(makeView({ verdict: rejected })))!;
    expect(verdict.textContent).toBe('Rejected: not a fit');
    expect(verdict.dataset.verdict).toBe('rejected');
    // In the header: before the details, not inside the sales lane.
    expect(verdict.closest('.pl-details')).toBeNull();
    expect(verdict.previousElementSibling?.tagName).toBe('H3');
  });

  it('says "Accepted", names a colleague\'s verdict in its title, and every reason in words', () => {
    const accepted = verdictOf(renderCard(makeView({ verdict: { verdict: 'accepted', at: hoursAgo(2), by: 'team', author: 'Sam Ortiz' } })))!;
    expect(accepted.textContent).toBe('Accepted');
    expect(accepted.dataset.verdict).toBe('accepted');
    expect(accepted.title).toContain('Sam Ortiz');
    const words = (reason: LeadVerdict['reason']) => {
      const card = renderCard(makeView({ key: `p-${reason}@x.example`, verdict: { ...rejected, reason } }));
      return verdictOf(card)!.textContent;
    };
    expect(words('already_customer')).toBe('Rejected: already a customer');
    expect(words('no_budget')).toBe('Rejected: no budget');
    expect(words(undefined)).toBe('Rejected');
  });

  it('shows on a folded card too, and not at all without feedback', () => {
    const folded = renderCard(makeView({ verdict: rejected }), false);
    expect(folded.querySelector<HTMLElement>('.pl-details')!.hidden).toBe(true);
    expect(verdictOf(folded)!.closest('[hidden]')).toBeNull();
    expect(verdictOf(renderCard(makeView({ key: 'other@x.example' })))).toBeNull();
  });

  it('is worded in the UI language (French with a no-break space before the colon)', () => {
    useFallbackMessages(JSON.parse(readFileSync('public/_locales/fr/messages.json', 'utf8')) as Record<string, MessageEntry>);
    expect(verdictOf(renderCard(makeView({ verdict: rejected })))!.textContent).toBe('Refusé\u00a0: ne correspond pas');
  });
});
