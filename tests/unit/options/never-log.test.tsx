import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { LogForm } from '@/components/popup/LogForm';
import { NeverLog } from '@/components/options/NeverLog';
import { send } from '@/lib/messaging';
import type { Settings } from '@/lib/model/settings';
import { allActions } from '@/lib/store/outbox';
import { getSettings, saveSettings } from '@/lib/store/settings';
import { withRealBackground } from '../support/background';

vi.mock('@/lib/messaging', async (actual) => ({ ...(await actual<typeof import('@/lib/messaging')>()), send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

withRealBackground(sendMock);

function Harness({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  return <NeverLog settings={settings} onSettings={setSettings} />;
}

describe('Options → Privacy → Never log, through the real background', () => {
  it('saves tidied entries, names every bad line and saves nothing then', async () => {
    const { container } = render(<Harness initial={await saveSettings({})} />);
    const box = screen.getByTestId('never-log') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'not an address\nnorthwind.example\nwhat?' } });
    fireEvent.click(screen.getByTestId('never-log-save'));
    await waitFor(() => expect(container.textContent).toContain('Not an address or a domain: not an address'));
    expect(container.textContent).toContain('Not an address or a domain: what?');
    expect((await getSettings()).neverLog).toEqual([]);

    fireEvent.input(box, { target: { value: 'https://www.Northwind.example/\nDana+x@Contoso.example' } });
    fireEvent.click(screen.getByTestId('never-log-save'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('2 entries'));
    expect((await getSettings()).neverLog).toEqual(['@northwind.example', 'dana@contoso.example']);
    expect(box.value).toBe('@northwind.example\ndana@contoso.example');
  });

  it('a save that fails says "Not saved" and takes back the last save\'s "saved"', async () => {
    const { container } = render(<Harness initial={await saveSettings({})} />);
    const box = screen.getByTestId('never-log') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'northwind.example' } });
    fireEvent.click(screen.getByTestId('never-log-save'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 entry'));

    const answer = sendMock.getMockImplementation() as (request: unknown) => Promise<unknown>;
    sendMock.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'settings/update') throw new Error('The background did not answer');
      return answer(request);
    });
    fireEvent.input(box, { target: { value: 'northwind.example\ncontoso.example' } });
    fireEvent.click(screen.getByTestId('never-log-save'));
    await waitFor(() => expect(container.textContent).toContain('Not saved: The background did not answer'));
    expect(screen.getByRole('status').textContent).toBe('');
    expect((await getSettings()).neverLog).toEqual(['@northwind.example']);
  });

  it('the popup says why an action about such a person is refused, and keeps nothing', async () => {
    await saveSettings({ neverLog: ['@northwind.example'] });
    const dana = { key: 'dana@northwind.example', label: 'Dana' };
    const { container } = render(
      <LogForm prospects={[dana]} prospect={dana.key} onProspectChange={() => undefined} onCancelEdit={() => undefined} onSaved={() => undefined} autoFocus={false} />,
    );
    fireEvent.change(container.querySelector('[name="type"]')!, { target: { value: 'lead_feedback' } });
    fireEvent.change(container.querySelector('[name="feedback"]')!, { target: { value: 'accepted' } });
    fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('@northwind.example is on your "never log" list'));
    expect(await allActions()).toEqual([]);
  });
});
