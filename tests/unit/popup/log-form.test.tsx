import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type MessageEntry, useFallbackMessages } from '@/components/i18n';
import english from '@/public/_locales/en/messages.json';
import type { ProspectOption } from '@/components/popup/FormFields';
import { LogForm } from '@/components/popup/LogForm';
import { send } from '@/lib/messaging';
import type { ActionType } from '@/lib/model/action';
import { logged, routeSend } from './helpers';
import { makeAction } from '../store/factory';

vi.mock('@/lib/messaging', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send) as unknown as ReturnType<typeof vi.fn>;

const DANA: ProspectOption = { key: 'dana@northwind.example', label: 'Dana Whitfield (dana@northwind.example)' };
const LEE: ProspectOption = { key: 'lee@contoso.example', label: 'Lee Park (lee@contoso.example)' };

function renderForm(props: { prospects?: ProspectOption[]; prospect?: string; destination?: 'local' | 'hubspot' } = {}) {
  const onSaved = vi.fn();
  const prospects = props.prospects ?? [DANA];
  const route = routeSend(sendMock, {
    'action/log': (r) => logged(r.action, props.destination ?? 'hubspot'),
    'action/update': (r) => logged(r.action),
  });
  const view = render(
    <LogForm
      prospects={prospects}
      prospect={props.prospect ?? prospects[0]?.key ?? ''}
      onProspectChange={() => undefined}
      onCancelEdit={() => undefined}
      onSaved={onSaved}
      autoFocus
    />,
  );
  const form = view.container.querySelector<HTMLFormElement>('form[data-testid="log-form"]')!;
  const field = <T extends Element = HTMLInputElement>(name: string) => form.querySelector<T & Element>(`[name="${name}"]`);
  const choose = (type: ActionType) => fireEvent.change(field<HTMLSelectElement>('type')!, { target: { value: type } });
  return { ...view, form, field, choose, route, onSaved };
}

const shownFields = (form: HTMLFormElement) =>
  [...form.querySelectorAll<HTMLInputElement>('[name]')].map((el) => el.name).filter((n) => !['prospect', 'type', 'notes'].includes(n));

beforeEach(() => {
  sendMock.mockReset();
});

describe('log form: fields per type', () => {
  it.each<[ActionType, string[]]>([
    ['call', ['outcome', 'direction', 'durationMinutes', 'occurredAt']],
    ['email', ['direction', 'occurredAt']],
    ['meeting', ['outcome', 'durationMinutes', 'occurredAt']],
    ['note', []],
    ['task', ['dueAt', 'priority']],
    ['stage_change', ['stage']],
    ['lead_feedback', ['feedback']],
  ])('%s shows %j besides prospect, type and notes', (type, fields) => {
    const { form, choose } = renderForm();
    choose(type);
    expect(shownFields(form)).toEqual(fields);
    expect(form.querySelector('textarea[name="notes"]')).not.toBeNull();
  });

  it('asks for a reason only when the lead is rejected', () => {
    const { form, choose, field } = renderForm();
    choose('lead_feedback');
    fireEvent.change(field<HTMLSelectElement>('feedback')!, { target: { value: 'rejected' } });
    expect(shownFields(form)).toEqual(['feedback', 'rejectReason']);
    fireEvent.change(field<HTMLSelectElement>('feedback')!, { target: { value: 'accepted' } });
    expect(shownFields(form)).toEqual(['feedback']);
  });

  it("keeps what was typed when the type changes, but not an outcome the new type does not offer", async () => {
    const { form, choose, field, route } = renderForm();
    fireEvent.change(field<HTMLSelectElement>('outcome')!, { target: { value: 'connected' } });
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'Talked pricing' } });
    choose('note');
    choose('call');
    expect(field<HTMLSelectElement>('outcome')!.value).toBe('connected');
    choose('meeting');
    expect(field<HTMLSelectElement>('outcome')!.value).toBe('');
    fireEvent.submit(form);
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    expect(route.of('action/log')[0]!.action).toMatchObject({ type: 'meeting', notes: 'Talked pricing', outcome: undefined });
  });

  it('puts focus on the type when it opens', () => {
    const { field } = renderForm();
    expect(document.activeElement).toBe(field('type'));
  });

  it('shows one prospect as text with its key in a hidden field, several as a select', () => {
    const one = renderForm();
    expect(one.field('prospect')).toMatchObject({ type: 'hidden', value: DANA.key });
    expect(screen.getByText(DANA.label)).toBeTruthy();
    one.unmount();
    const two = renderForm({ prospects: [DANA, LEE], prospect: LEE.key });
    expect(two.field('prospect')!.tagName).toBe('SELECT');
    expect(two.field<HTMLSelectElement>('prospect')!.value).toBe(LEE.key);
  });
});

describe('log form: validation', () => {
  it.each<[ActionType, string, string]>([
    ['task', 'dueAt', 'A task needs a due date'],
    ['stage_change', 'stage', 'Choose the new stage'],
    ['lead_feedback', 'feedback', 'Accept or reject the lead'],
    ['note', 'notes', 'A note needs some text'],
  ])('%s without %s says "%s" next to the field and sends nothing', async (type, name, message) => {
    const { form, choose, field, route } = renderForm();
    choose(type);
    fireEvent.submit(form);
    const error = await waitFor(() => form.querySelector(`[data-error-for="${name}"]`)!);
    expect(error.textContent).toBe(message);
    expect(field(name)!.getAttribute('aria-invalid')).toBe('true');
    expect(field(name)!.getAttribute('aria-describedby')).toContain(error.id);
    expect(route.requests).toEqual([]);
  });

  it('asks why a rejected lead is rejected', async () => {
    const { form, choose, field } = renderForm();
    choose('lead_feedback');
    fireEvent.change(field<HTMLSelectElement>('feedback')!, { target: { value: 'rejected' } });
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('[data-error-for="rejectReason"]')?.textContent).toBe('Say why the lead is rejected'));
  });

  it('says what is missing in the UI language, a built-in limit included', async () => {
    useFallbackMessages(JSON.parse(readFileSync('public/_locales/de/messages.json', 'utf8')) as Record<string, MessageEntry>);
    try {
      const task = renderForm();
      task.choose('task');
      fireEvent.submit(task.form);
      await waitFor(() => expect(task.form.querySelector('[data-error-for="dueAt"]')?.textContent).toBe('Eine Aufgabe braucht ein Fälligkeitsdatum'));
      task.unmount();

      const note = renderForm();
      note.choose('note');
      fireEvent.input(note.field('notes')!, { target: { value: 'x'.repeat(10_001) } });
      fireEvent.submit(note.form);
      await waitFor(() => expect(note.form.querySelector('[data-error-for="notes"]')?.textContent).toBe('Höchstens 10.000 Zeichen'));
    } finally {
      useFallbackMessages(english);
    }
  });

  it('asks for a prospect when none is chosen, and focuses the first invalid field', async () => {
    const { form, field } = renderForm({ prospects: [] });
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('[data-error-for="prospect"]')?.textContent).toBe('Choose a prospect first'));
    expect(document.activeElement).toBe(field('prospect'));
  });

  it('rejects a duration over a day', async () => {
    const { form, field } = renderForm();
    fireEvent.input(field('durationMinutes')!, { target: { value: '2000' } });
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('[data-error-for="durationMinutes"]')).not.toBeNull());
  });

  it('clears a field error as soon as the field changes', async () => {
    const { form, choose, field } = renderForm();
    choose('stage_change');
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('[data-error-for="stage"]')).not.toBeNull());
    fireEvent.input(field('stage')!, { target: { value: 'opportunity' } });
    expect(form.querySelector('[data-error-for="stage"]')).toBeNull();
  });
});

describe('log form: saving', () => {
  it('sends the typed fields of a call, says "Saved — will sync", resets and refocuses the type', async () => {
    const { form, field, route, onSaved } = renderForm();
    fireEvent.change(field<HTMLSelectElement>('outcome')!, { target: { value: 'left_voicemail' } });
    fireEvent.change(field<HTMLSelectElement>('direction')!, { target: { value: 'outbound' } });
    fireEvent.input(field('durationMinutes')!, { target: { value: '12' } });
    fireEvent.input(field('occurredAt')!, { target: { value: '2025-11-14T09:30' } });
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'Asked for pricing' } });
    fireEvent.submit(form);

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved — will sync'));
    expect(route.of('action/log')).toEqual([
      {
        type: 'action/log',
        action: expect.objectContaining({
          prospectKey: DANA.key,
          type: 'call',
          outcome: 'left_voicemail',
          direction: 'outbound',
          durationMinutes: 12,
          occurredAt: new Date('2025-11-14T09:30').toISOString(),
          notes: 'Asked for pricing',
        }),
      },
    ]);
    expect(onSaved).toHaveBeenCalledOnce();
    expect(field<HTMLTextAreaElement>('notes')!.value).toBe('');
    expect(field('durationMinutes')!.value).toBe('');
    expect(field('prospect')!.value).toBe(DANA.key);
    expect(document.activeElement).toBe(field('type'));
  });

  it('says just "Saved" when actions stay in this browser', async () => {
    const { form, choose, field } = renderForm({ destination: 'local' });
    choose('note');
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'Met at the fair' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
  });

  it('says lead feedback kept in this browser does not reach marketing', async () => {
    const { form, choose, field } = renderForm({ destination: 'local' });
    choose('lead_feedback');
    fireEvent.change(field<HTMLSelectElement>('feedback')!, { target: { value: 'accepted' } });
    fireEvent.submit(form);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Kept in this browser only — connect a CRM or webhook so marketing sees it.'),
    );
  });

  it('says what an edited action is: kept in this browser, or waiting to sync', () => {
    const props = { prospects: [DANA], prospect: DANA.key, onProspectChange: () => undefined, onCancelEdit: () => undefined, onSaved: () => undefined, autoFocus: false };
    const local = makeAction({ prospectKey: DANA.key });
    const { unmount } = render(<LogForm {...props} editing={local} />);
    expect(screen.getByText('Editing an action kept in this browser')).toBeTruthy();
    unmount();
    const queued = makeAction({ prospectKey: DANA.key, sync: { ...local.sync, destination: 'hubspot' } });
    render(<LogForm {...props} editing={queued} />);
    expect(screen.getByText('Editing an action that is waiting to sync')).toBeTruthy();
  });

  it('puts the notes before "When", so Tab reaches them without crossing the date field', () => {
    const { form } = renderForm();
    const order = [...form.querySelectorAll<HTMLElement>('select, input, textarea')].map((el) => el.getAttribute('name'));
    expect(order.indexOf('notes')).toBeLessThan(order.indexOf('occurredAt'));
    expect(order.indexOf('durationMinutes')).toBeLessThan(order.indexOf('notes'));
  });

  it('clears "Saved" as soon as the next action is started', async () => {
    const { form, choose, field } = renderForm({ destination: 'local' });
    choose('note');
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'Met at the fair' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'N' } });
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('does not send fields the chosen type hides', async () => {
    const { form, choose, field, route } = renderForm();
    fireEvent.input(field('durationMinutes')!, { target: { value: '5' } });
    choose('task');
    fireEvent.input(field('dueAt')!, { target: { value: '2025-11-20T09:00' } });
    fireEvent.change(field<HTMLSelectElement>('priority')!, { target: { value: 'high' } });
    fireEvent.submit(form);
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    const sent = route.of('action/log')[0]!.action;
    expect(sent).toMatchObject({ type: 'task', priority: 'high', dueAt: new Date('2025-11-20T09:00').toISOString() });
    expect(sent.durationMinutes).toBeUndefined();
  });

  it('shows why when the background refuses, and keeps what was typed', async () => {
    const { form, choose, field } = renderForm();
    sendMock.mockRejectedValue(new Error('No answer from the extension'));
    choose('note');
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'Keep me' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Not saved: No answer from the extension'));
    expect(field<HTMLTextAreaElement>('notes')!.value).toBe('Keep me');
  });
});

describe('log form: keyboard', () => {
  it('saves on Enter from a single-line field', async () => {
    const { field, route } = renderForm();
    fireEvent.input(field('durationMinutes')!, { target: { value: '3' } });
    fireEvent.keyDown(field('durationMinutes')!, { key: 'Enter' });
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
  });

  it('saves on Enter from the type select', async () => {
    const { field, route } = renderForm();
    fireEvent.keyDown(field('type')!, { key: 'Enter' });
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
  });

  it('treats Enter in the notes as a new line, and Ctrl+Enter or Cmd+Enter as save', async () => {
    const { field, route, choose } = renderForm();
    choose('note');
    const notes = field<HTMLTextAreaElement>('notes')!;
    fireEvent.input(notes, { target: { value: 'Line one' } });
    expect(fireEvent.keyDown(notes, { key: 'Enter' })).toBe(true); // not prevented: the textarea adds a line
    await Promise.resolve();
    expect(route.requests).toEqual([]);
    fireEvent.keyDown(notes, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(route.of('action/log')).toHaveLength(1));
    fireEvent.input(notes, { target: { value: 'Another' } });
    fireEvent.keyDown(notes, { key: 'Enter', metaKey: true });
    await waitFor(() => expect(route.of('action/log')).toHaveLength(2));
  });

  it('logs once when Enter is pressed twice: the form the save reset is not saved again', async () => {
    const { field, route } = renderForm();
    fireEvent.change(field<HTMLSelectElement>('outcome')!, { target: { value: 'connected' } });
    fireEvent.input(field<HTMLTextAreaElement>('notes')!, { target: { value: 'Talked about the pilot' } });
    fireEvent.keyDown(field('outcome')!, { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved — will sync'));
    // The save moved the focus to the type; the second Enter (a double press, a bouncing key) lands there.
    expect(document.activeElement).toBe(field('type'));
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    fireEvent.submit(field('type')!.form!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(route.of('action/log').map((r) => r.action.notes)).toEqual(['Talked about the pilot']);

    // A second action the rep means: anything changed, and Enter logs it.
    fireEvent.change(field<HTMLSelectElement>('outcome')!, { target: { value: 'no_answer' } });
    fireEvent.keyDown(field('outcome')!, { key: 'Enter' });
    await waitFor(() => expect(route.of('action/log')).toHaveLength(2));
    expect(route.of('action/log')[1]!.action).toMatchObject({ type: 'call', outcome: 'no_answer', notes: '' });
  });

  it('keeps the focus on Save while it saves and after a failed save, and sends a second press only once', async () => {
    const { form, route } = renderForm();
    let answer: (error: Error) => void = () => undefined;
    sendMock.mockImplementation((request: { type: string }) => {
      route.requests.push(request as never);
      return new Promise((_, reject) => (answer = reject));
    });
    const save = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    save.focus();
    // A double press: the second comes before the popup has drawn "saving" (no act() between them).
    save.click();
    save.click();
    // A disabled button drops the focus to the body (Chrome's focus fix-up): it only says it is busy.
    await waitFor(() => expect(save.getAttribute('aria-disabled')).toBe('true'));
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    fireEvent.submit(form);
    answer(new Error('No answer from the extension'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Not saved: No answer from the extension'));
    expect(route.of('action/log')).toHaveLength(1);
    expect(save.hasAttribute('aria-disabled')).toBe(false);
    expect(document.activeElement).toBe(save);
  });

  it('reaches every control with Tab: each is focusable and none is taken out of the order', () => {
    const { form, choose } = renderForm({ prospects: [DANA, LEE] });
    choose('call');
    const controls = [...form.querySelectorAll<HTMLElement>('select, input:not([type="hidden"]), textarea, button')];
    expect(controls.length).toBeGreaterThan(6);
    for (const control of controls) {
      expect(control.tabIndex).toBeGreaterThanOrEqual(0);
      expect(control.hasAttribute('disabled')).toBe(false);
      const label = form.querySelector(`label[for="${control.id}"]`)?.textContent ?? control.textContent;
      expect(label?.trim()).not.toBe('');
    }
  });
});
