import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Welcome } from '@/components/onboarding/Welcome';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDbForTests, DatabaseErasedError } from '@/lib/store/db';

vi.mock('@/lib/messaging', () => ({ send: vi.fn() }));

describe('welcome page: the demo button by keyboard', () => {
  it('keeps the focus on "Load the demo data" while it loads and after a failure; a second press loads nothing', async () => {
    await closeDbForTests();
    let fail: (error: Error) => void = () => undefined;
    const loadDemoData = vi.fn(() => new Promise<void>((_, reject) => (fail = reject)));
    render(<Welcome loadDemoData={loadDemoData} />);
    const button = screen.getByRole('button', { name: 'Load the demo data' }) as HTMLButtonElement;
    button.focus();
    fireEvent.click(button);
    // Busy, said with aria-disabled: a disabled button drops its focus to the body (Chrome's focus fix-up).
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(loadDemoData).toHaveBeenCalledOnce();
    fail(new Error('Quota exceeded'));
    await screen.findByText(/Quota exceeded/);
    expect(button.hasAttribute('aria-disabled')).toBe(false);
    expect(document.activeElement).toBe(button);
  });

  it('stops the demo load when "Delete everything" starts (push/erasing), and only on the background\'s word', async () => {
    await closeDbForTests();
    let signal: AbortSignal | undefined;
    // Like the real load: it stops between two batches once aborted, and resolves with what it wrote.
    const loadDemoData = vi.fn((given: AbortSignal) => {
      signal = given;
      return new Promise<{ demoPeople: number }>((resolve) => given.addEventListener('abort', () => resolve({ demoPeople: 3 })));
    });
    render(<Welcome loadDemoData={loadDemoData} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo data' }));
    await waitFor(() => expect(loadDemoData).toHaveBeenCalledOnce());
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/erasing' }, { id: fakeBrowser.runtime.id, tab: { id: 3 } } as never);
    expect(signal!.aborted).toBe(false);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/erasing' }, { id: fakeBrowser.runtime.id } as never);
    await screen.findByText('Demo data not loaded: everything was deleted while it loaded.');
    expect(signal!.aborted).toBe(true);
    expect(screen.queryByTestId('open-demo-email')).toBeNull();
  });

  it('takes back the link to the demo email once everything is deleted: the demo people are gone', async () => {
    await closeDbForTests();
    render(<Welcome loadDemoData={vi.fn(async () => ({ demoPeople: 3 }))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo data' }));
    await screen.findByTestId('open-demo-email');
    await fakeBrowser.runtime.onMessage.trigger({ type: 'push/erasing' }, { id: fakeBrowser.runtime.id } as never);
    await waitFor(() => expect(screen.queryByTestId('open-demo-email')).toBeNull());
  });

  it('says the demo was not loaded when "Delete everything" ran meanwhile (from Options)', async () => {
    await closeDbForTests();
    render(<Welcome loadDemoData={vi.fn(async () => Promise.reject(new DatabaseErasedError()))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo data' }));
    await screen.findByText('Demo data not loaded: everything was deleted while it loaded.');
    expect(screen.queryByTestId('open-demo-email')).toBeNull();
  });
});
