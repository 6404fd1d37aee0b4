/**
 * The in-page sidebar draws cards from `forContentScript`'s views: an action kept in this browser must
 * still say so there (it said "synced ✓" when the page's copy lost its destination).
 */
import { render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { forContentScript } from '@/lib/background/content-views';
import { setClock } from '@/lib/clock';
import { makeAction, makeCallbacks, makeView, NOW } from '../components/factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

describe("the page's copy of the rep's actions", () => {
  it('keeps where each action went, and no notes', () => {
    const local = makeAction({ type: 'lead_feedback', notes: 'Not our segment' }, { destination: 'local' });
    const [page] = forContentScript([makeView({ actions: [local] })]);
    expect(page!.actions[0]!.sync).toMatchObject({ state: 'done', destination: 'local' });
    expect(JSON.stringify(page)).not.toContain('Not our segment');
  });

  it('lead feedback kept in this browser reads "kept in this browser only" on the in-page card, never "synced"', () => {
    const local = makeAction({ type: 'lead_feedback' }, { destination: 'local' });
    const [page] = forContentScript([makeView({ actions: [local] })]);
    const { container } = render(<ProspectCard view={page!} expanded onToggle={() => undefined} {...makeCallbacks()} />);
    const item = container.querySelector('[data-testid="action-item"]')!;
    expect(item.getAttribute('data-destination')).toBe('local');
    expect(item.textContent).toContain('kept in this browser only');
    expect(item.textContent).toContain('connect a CRM or webhook so marketing sees it');
    expect(item.textContent).not.toMatch(/synced/i);
  });
});
