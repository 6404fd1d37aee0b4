import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DemoEmail } from '@/components/onboarding/DemoEmail';
import { send } from '@/lib/messaging';
import { makeView } from './factory';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));

describe('the demo email page', () => {
  it('has one h1 (the subject), the sidebar one level below, and one complementary landmark, not an aside in an aside', async () => {
    vi.mocked(send).mockResolvedValue([makeView()] as never);
    const { container } = render(<DemoEmail />);
    await waitFor(() => expect(container.querySelector('[data-testid="prospect-card"]')).toBeTruthy());
    expect([...container.querySelectorAll('h1')].map((h) => h.textContent)).toEqual(['Pilot pricing for Q1']);
    expect(screen.getByRole('heading', { level: 2, name: /^Prospect Lens/ })).toBeTruthy();
    expect(container.querySelectorAll('h3[class="pl-card-title"]')).toHaveLength(1);
    const asides = screen.getAllByRole('complementary');
    expect(asides).toHaveLength(1);
    expect(asides[0]!.parentElement!.closest('aside')).toBeNull();
  });
});
