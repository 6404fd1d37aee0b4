import { render, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { setClock } from '@/lib/clock';
import type { ProspectView } from '@/lib/model/view';
import { NOW, makeCallbacks, makeUnknownView, makeView } from './factory';

/* Cards of people a page showed by name only (Outlook's persona buttons, `name:` keys; issue 14). */
let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

function renderCard(view: ProspectView, expanded = false) {
  const result = render(<ProspectCard view={view} expanded={expanded} onToggle={() => {}} {...makeCallbacks()} />);
  return result.container.querySelector<HTMLElement>('[data-testid="prospect-card"]')!;
}

const NAME_KEY = 'name:dana whitfield';

describe('a person shown by name only', () => {
  it('found by name says so on the card root and in a label the compact row shows', () => {
    const card = renderCard({ ...makeView(), detectedKey: NAME_KEY, match: 'name' });
    expect(card.dataset.match).toBe('name');
    expect(card.dataset.known).toBe('true');
    const note = within(card).getByText('matched by name');
    expect(note.closest('[hidden]')).toBeNull();
    expect(note.closest('button')?.getAttribute('aria-expanded')).toBe('false');
  });

  it('found nowhere shows the name and "not found by name", and no address', () => {
    const unknown = makeUnknownView(NAME_KEY);
    const card = renderCard({ ...unknown, prospect: { key: NAME_KEY, emails: [], name: 'Dana Whitfield', refs: [] } }, true);
    expect(card.dataset.match).toBe('none');
    expect(within(card).getByText('Dana Whitfield')).toBeTruthy();
    expect(within(card).getByText('not found by name')).toBeTruthy();
    expect(card.textContent).not.toContain('@');
    expect(card.textContent).not.toContain('matched by name');
  });

  it('with several namesakes offers the match picker instead of a label', () => {
    const unknown = makeUnknownView(NAME_KEY);
    const view: ProspectView = {
      ...unknown,
      prospect: { key: NAME_KEY, emails: [], name: 'Dana Whitfield', refs: [] },
      alternatives: [
        { key: 'dana@northwind.example', name: 'Dana Whitfield', company: 'Northwind' },
        { key: 'dana.w@tailspin.example', name: 'Dana Whitfield', company: 'Tailspin' },
      ],
    };
    const card = renderCard(view, true);
    expect(card.querySelector('[data-testid="match-note"]')).toBeNull();
    expect(within(card).getByText('2 possible matches')).toBeTruthy();
    expect(card.querySelectorAll('[data-testid="match-picker"] button')).toHaveLength(2);
  });
});

describe('a person shown with an address', () => {
  it('carries its match on the root and no name label', () => {
    const card = renderCard(makeView());
    expect(card.dataset.match).toBe('email');
    expect(card.querySelector('[data-testid="match-note"]')).toBeNull();
  });
});
