/**
 * The card of a person no one has data on (issue 17, docs/architecture.md "Create in the CRM"): one
 * line, one clear action, no empty grid; "Add to HubSpot" shows honestly where it stands.
 */
import { fireEvent, render, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { setClock } from '@/lib/clock';
import type { ProspectView } from '@/lib/model/view';
import { NOW, makeAction, makeCallbacks, makeUnknownView } from './factory';

let restore = () => {};
beforeEach(() => {
  restore = setClock(() => NOW);
});
afterEach(() => restore());

function renderCard(view: ProspectView) {
  const callbacks = makeCallbacks();
  const result = render(<ProspectCard view={view} expanded onToggle={vi.fn()} {...callbacks} />);
  return { card: result.container.querySelector<HTMLElement>('[data-testid="prospect-card"]')!, callbacks };
}

const hubspot = (actions: ProspectView['actions'] = []): ProspectView => ({ ...makeUnknownView(), createIn: { kind: 'hubspot', name: 'HubSpot' }, actions });
const item = (sync: Partial<ProspectView['actions'][number]['sync']>) =>
  makeAction({ type: 'crm_create', prospectKey: 'new.person@example.org' }, { destination: 'hubspot', ...sync });

describe('an unknown person with a CRM as the destination', () => {
  it('offers one action, Add to HubSpot, and hides the empty Stage/Score/Journey grid', () => {
    const view = hubspot();
    const { card, callbacks } = renderCard(view);
    const add = card.querySelector<HTMLButtonElement>('button[data-testid="create-in-crm"]')!;
    expect(add.textContent).toBe('Add to HubSpot');
    expect(card.querySelector('[data-testid="keep-contact"]')).toBeNull();
    expect(card.querySelector<HTMLElement>('.pl-metrics')!.hidden).toBe(true);
    expect(card.textContent).not.toMatch(/local store/i);
    fireEvent.click(add);
    expect(callbacks.onCreateInCrm).toHaveBeenCalledWith(view);
  });

  it('says it is adding while the item waits, with the reason of a failed try', () => {
    const { card } = renderCard(hubspot([item({ state: 'pending', lastError: 'Offline' })]));
    expect(card.querySelector('[data-testid="create-in-crm"]')).toBeNull();
    const state = card.querySelector('[data-testid="create-state"]')!;
    expect(state.getAttribute('data-state')).toBe('pending');
    expect(state.textContent).toBe('Adding to HubSpot… — Offline');
  });

  it('names the cause of a failure and retries that item', () => {
    const failed = item({ state: 'dead', lastError: 'HubSpot refused access (403) — the private app is missing a scope' });
    const { card, callbacks } = renderCard(hubspot([failed]));
    const alert = within(card).getByRole('alert');
    expect(alert.textContent).toContain('Could not add to HubSpot: HubSpot refused access (403) — the private app is missing a scope');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry adding to HubSpot' }));
    expect(callbacks.onRetryAction).toHaveBeenCalledWith(failed.id);
    expect(callbacks.onCreateInCrm).not.toHaveBeenCalled();
  });

  it('says it was added while the card waits for the record', () => {
    const { card } = renderCard(hubspot([item({ state: 'done' })]));
    expect(card.querySelector('[data-testid="create-state"]')!.getAttribute('data-state')).toBe('done');
  });
});

describe('an unknown person with no CRM connected', () => {
  it('offers to keep the person in this browser, and says how to reach a CRM', () => {
    const view = { ...makeUnknownView(), createIn: null };
    const { card, callbacks } = renderCard(view);
    expect(card.querySelector('[data-testid="create-in-crm"]')).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Save this person' }));
    expect(callbacks.onAddToStore).toHaveBeenCalledWith(view);
    expect(card.textContent).toContain('Kept in this browser only — connect HubSpot or Mautic in Options');
  });
});
