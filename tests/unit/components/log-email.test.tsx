import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { sidebarStyles } from '@/components/sidebar/styles';
import type { LogEmailOutcome } from '@/lib/content/log-email';
import { makeCallbacks, makeView } from './factory';

const logged: LogEmailOutcome = { kind: 'logged', added: true, local: true, destinationName: 'local' };

function setup(outcome: LogEmailOutcome = logged, extra: Record<string, unknown> = {}) {
  const onLogEmail = vi.fn(async () => outcome);
  const isLogged = vi.fn(async () => false);
  const utils = render(<Sidebar views={[makeView()]} {...makeCallbacks()} logEmail={{ messageKey: 'gmail:1', onLogEmail, isLogged, ...extra }} />);
  const button = () => utils.container.querySelector<HTMLButtonElement>('[data-testid="log-email"]')!;
  return { ...utils, onLogEmail, isLogged, button };
}

describe('Log this email in the sidebar', () => {
  it('logs with or without the body as ticked, says where it went, and the box clears afterwards', async () => {
    const { onLogEmail, button, container } = setup();
    const box = container.querySelector<HTMLInputElement>('[data-testid="log-email-body"]')!;
    fireEvent.click(box);
    fireEvent.click(button());
    await waitFor(() => expect(button().dataset.state).toBe('logged'));
    expect(onLogEmail).toHaveBeenCalledWith(true);
    expect(screen.getByRole('status').textContent).toContain('kept in this browser only');
    expect(box.checked).toBe(false);
  });

  it('names a destination at the start of its sentence, where "The webhook" reads right', async () => {
    const { button } = setup({ kind: 'logged', added: true, local: false, destinationName: 'The webhook' });
    fireEvent.click(button());
    await waitFor(() => expect(button().dataset.state).toBe('logged'));
    expect(screen.getByRole('status').textContent).toBe('Logged. The webhook gets it with your other actions.');
  });

  it('has its status line in the page, not hidden, before the log, and says the outcome in that same element', async () => {
    // With the sidebar's own styles: a status that is display:none until it has text is as good as inserted then, and often not read.
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = sidebarStyles;
    try {
      const { button } = setup();
      const status = screen.getByRole('status');
      expect(status.dataset.testid).toBe('log-email-status');
      expect(status.textContent).toBe('');
      expect(getComputedStyle(status).display).not.toBe('none');
      fireEvent.click(button());
      await waitFor(() => expect(status.textContent).toContain('kept in this browser only'));
      expect(screen.getByRole('status')).toBe(status);
      expect(status.isConnected).toBe(true);
    } finally {
      style.remove();
    }
  });

  it('puts a refusal in an alert of its own, and the status line stays a status', async () => {
    const { button } = setup({ kind: 'refused', message: 'Not logged: @northwind.example is on your "never log" list (Options → Privacy)' });
    const status = screen.getByRole('status');
    fireEvent.click(button());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('never log');
    expect(alert).not.toBe(status);
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('');
  });

  it('shows a refusal as an alert and stays not logged', async () => {
    const { button } = setup({ kind: 'refused', message: 'Not logged: @northwind.example is on your "never log" list (Options → Privacy)' });
    fireEvent.click(button());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('never log'));
    expect(button().dataset.state).toBe('not-logged');
  });

  it('keeps the focus on the button while it logs (never `disabled`, which would drop it to the page), and logs once', async () => {
    let finish!: (outcome: LogEmailOutcome) => void;
    const onLogEmail = vi.fn(() => new Promise<LogEmailOutcome>((resolve) => (finish = resolve)));
    const { button } = setup(logged, { onLogEmail });
    button().focus();
    fireEvent.click(button());
    expect(button().textContent).toBe('Logging…');
    expect(button().disabled).toBe(false);
    expect(button().getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button());
    fireEvent.click(button());
    expect(onLogEmail).toHaveBeenCalledTimes(1);
    finish(logged);
    await waitFor(() => expect(button().dataset.state).toBe('logged'));
    expect(button().getAttribute('aria-disabled')).toBe('false');
  });

  it('does not show an answer about the message the rep has since moved away from', async () => {
    let finish!: (outcome: LogEmailOutcome) => void;
    const onLogEmail = vi.fn(() => new Promise<LogEmailOutcome>((resolve) => (finish = resolve)));
    const isLogged = vi.fn(async () => false);
    const at = (messageKey: string) => <Sidebar views={[makeView()]} {...makeCallbacks()} logEmail={{ messageKey, onLogEmail, isLogged }} />;
    const { container, rerender } = render(at('gmail:1'));
    const button = () => container.querySelector<HTMLButtonElement>('[data-testid="log-email"]')!;
    fireEvent.click(button());
    rerender(at('gmail:2'));
    finish(logged);
    await waitFor(() => expect(isLogged).toHaveBeenCalledTimes(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(button().dataset.state).toBe('not-logged');
    expect(screen.queryByRole('status')?.textContent ?? '').not.toContain('Logged');
  });

  it('answers Alt+Shift+E anywhere inside the sidebar, and the command once', async () => {
    const { onLogEmail, container } = setup();
    fireEvent.keyDown(container.querySelector('.pl-title')!, { key: 'E', code: 'KeyE', altKey: true, shiftKey: true });
    await waitFor(() => expect(onLogEmail).toHaveBeenCalledTimes(1));
    fireEvent.keyDown(container.querySelector('.pl-title')!, { key: 'e', code: 'KeyE', altKey: false });
    expect(onLogEmail).toHaveBeenCalledTimes(1);

    const onAutoLog = vi.fn();
    const auto = setup(logged, { autoLog: true, onAutoLog });
    await waitFor(() => expect(auto.onLogEmail).toHaveBeenCalledTimes(1));
    expect(onAutoLog).toHaveBeenCalledTimes(1);
  });

  it('says a message is logged already when the background knows it, and is absent without an open message', async () => {
    const isLogged = vi.fn(async () => true);
    const { container } = render(<Sidebar views={[makeView()]} {...makeCallbacks()} logEmail={{ messageKey: 'gmail:2', onLogEmail: vi.fn(), isLogged }} />);
    await waitFor(() => expect(container.querySelector('[data-testid="log-email"]')?.getAttribute('data-state')).toBe('logged'));
    const none = render(<Sidebar views={[makeView()]} {...makeCallbacks()} logEmail={{ onLogEmail: vi.fn(), isLogged }} />);
    expect(none.container.querySelector('[data-testid="log-email"]')).toBeNull();
  });
});
