import { render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { setClock } from '@/lib/clock';
import { NOW, hoursAgo, makeCallbacks, makeView } from './factory';

let restore = () => {};
beforeEach(() => {
  restore = setClock(() => NOW);
});
afterEach(() => restore());

describe('first and last touch on the card', () => {
  it('shows the campaigns with data-campaign, and a channel-only touch with an empty data-campaign', () => {
    const view = { ...makeView(), touches: { first: { label: 'Webinar: Close faster', isCampaign: true, at: hoursAgo(24 * 90) }, last: { label: 'linkedin', isCampaign: false, at: hoursAgo(2) } } };
    const { container } = render(<ProspectCard view={view} expanded onToggle={vi.fn()} {...makeCallbacks()} />);
    const first = container.querySelector('[data-testid="first-touch"]')!;
    const last = container.querySelector('[data-testid="last-touch"]')!;
    expect(first.getAttribute('data-campaign')).toBe('Webinar: Close faster');
    expect(first.textContent).toContain('First touch');
    expect(first.textContent).toContain('Webinar: Close faster');
    expect(last.getAttribute('data-campaign')).toBe('');
    expect(last.textContent).toContain('via linkedin');
  });

  it('draws nothing without touches', () => {
    const { container } = render(<ProspectCard view={makeView()} expanded onToggle={vi.fn()} {...makeCallbacks()} />);
    expect(container.querySelector('[data-testid="first-touch"], [data-testid="last-touch"], .pl-touches')).toBeNull();
  });
});
