/**
 * The shortcuts the welcome page and Options → About list are the browser's (components/shortcuts.ts):
 * the rep may have changed them, and Chrome leaves a command without keys when another extension holds
 * its suggested ones. Where there is no commands API (Firefox for Android) the suggested keys stay.
 */
import { render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Welcome } from '@/components/onboarding/Welcome';
import { AboutSection } from '@/components/options/AboutSection';

vi.mock('@/lib/messaging', () => ({ send: vi.fn(() => new Promise(() => undefined)) }));

afterEach(() => vi.restoreAllMocks());

const NOT_SET = "not set — choose one in the browser's extension shortcuts";

const pages = [
  ['the welcome page', () => render(<Welcome loadDemoData={async () => undefined} />), () => screen.getByTestId('next-steps').textContent ?? ''],
  ['Options → About', () => render(<AboutSection />), () => screen.getByTestId('shortcuts').textContent ?? ''],
] as const;

describe.each(pages)('%s', (_, show, text) => {
  it("lists the browser's keys, and a command without keys as not set, never its suggested keys", async () => {
    vi.spyOn(fakeBrowser.commands, 'getAll').mockResolvedValue([
      { name: '_execute_action', shortcut: 'Ctrl+Shift+L', description: 'Log a sales action' },
      { name: 'toggle-sidebar', shortcut: '', description: 'Show or hide the sidebar' },
      { name: 'open-side-panel', shortcut: 'Alt+Shift+K', description: 'Open the side panel' },
      { name: 'log-email', description: 'Log the open email' },
    ]);
    show();
    await waitFor(() => expect(text()).toContain(`Show or hide the sidebar: ${NOT_SET};`));
    expect(text()).toContain('Log a sales action: Ctrl+Shift+L;');
    expect(text()).toContain(`Log the open email: ${NOT_SET}.`);
    expect(text()).not.toMatch(/Alt\+Shift\+[LPE]/);
  });

  it('lists the suggested keys where the browser has no commands API', async () => {
    const getAll = vi.spyOn(fakeBrowser.commands, 'getAll').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'getAll')");
    });
    show();
    await waitFor(() => expect(getAll).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(text()).toContain('Log a sales action: Alt+Shift+L; Show or hide the sidebar: Alt+Shift+P; Open the side panel: Alt+Shift+K; Log the open email: Alt+Shift+E.');
  });
});
