import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_THREAD, DemoEmail } from '@/components/onboarding/DemoEmail';
import { clock } from '@/lib/clock';
import { loadDemoData } from '@/lib/demo';
import { MessageError, send } from '@/lib/messaging';
import { withRealBackground } from '../support/background';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

withRealBackground(sendMock);

const cardOf = (container: Element, key: string) => container.querySelector<HTMLElement>(`[data-testid="prospect-card"][data-prospect-key="${key}"]`);

describe('the demo email', () => {
  it("shows the demo data's sender and colleague with the cards the background builds from the store", async () => {
    await loadDemoData({ now: clock.now() });
    const { container } = render(<DemoEmail />);
    await waitFor(() => expect(cardOf(container, DEMO_THREAD.from.email)?.dataset.known).toBe('true'));
    expect(cardOf(container, DEMO_THREAD.cc.email)?.dataset.known).toBe('true');
    expect(screen.getByRole('heading', { name: 'Pilot pricing for Q1' })).toBeTruthy();
    expect(screen.queryByTestId('demo-not-loaded')).toBeNull();
  });

  it('says why a card action failed in words, without the error class the message came in', async () => {
    await loadDemoData({ now: clock.now() });
    const real = sendMock.getMockImplementation() as (request: unknown) => Promise<unknown>;
    sendMock.mockImplementation((request: { type: string }) =>
      request.type === 'ignore/add' ? Promise.reject(new MessageError('unavailable', 'The database is busy')) : real(request),
    );
    const { container } = render(<DemoEmail />);
    await waitFor(() => expect(cardOf(container, DEMO_THREAD.from.email)?.dataset.known).toBe('true'));
    fireEvent.click(screen.getAllByRole('button', { name: /^Mute Dana Whitfield/ })[0]!);
    expect((await screen.findByRole('alert')).textContent).toBe('The database is busy');
  });

  it('says the demo data is not loaded, with the way to load it, when the store does not know them', async () => {
    const { container } = render(<DemoEmail />);
    await screen.findByTestId('demo-not-loaded');
    expect(cardOf(container, DEMO_THREAD.from.email)?.dataset.known).toBe('false');
    expect(screen.getByRole('link', { name: 'Load it on the welcome page' }).getAttribute('href')).toBe('/welcome.html');
  });
});
