import { cleanup, fireEvent, render, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import { ProspectCard } from '@/components/card/ProspectCard';
import { forContentScript } from '@/lib/background/content-views';
import { setClock } from '@/lib/clock';
import { type MessageEntry, useFallbackMessages } from '@/lib/i18n';
import type { ProspectView } from '@/lib/model/view';
import { NOW, hoursAgo, makeAction, makeCallbacks, makeEvent, makeUnknownView, makeView } from './factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

function renderCard(view: ProspectView, expanded = true) {
  const callbacks = makeCallbacks();
  const onToggle = vi.fn();
  const result = render(<ProspectCard view={view} expanded={expanded} onToggle={onToggle} {...callbacks} />);
  const card = result.container.querySelector<HTMLElement>('[data-testid="prospect-card"]')!;
  return { ...result, card, callbacks, onToggle };
}

const value = (card: HTMLElement, testid: string) => card.querySelector(`[data-testid="${testid}"]`)?.getAttribute('data-value');

describe('a known prospect', () => {
  it('carries the test contract: key, known, and canonical values for stage, score, heat and journey', () => {
    const { card } = renderCard(makeView({ insights: { lifecycleStage: 'Opportunity', leadScore: 86.6 } }));
    expect(card.dataset.prospectKey).toBe('dana@northwind.example');
    expect(card.dataset.known).toBe('true');
    expect(value(card, 'lifecycle-stage')).toBe('opportunity');
    expect(value(card, 'lead-score')).toBe('87');
    expect(value(card, 'heat')).toBe('hot');
    expect(value(card, 'journey-stage')).toBe('decision');
  });

  it('answers who, how warm and why in words', () => {
    const { card } = renderCard(makeView());
    expect(within(card).getByText('Dana Whitfield')).toBeTruthy();
    expect(card.textContent).toContain('Head of Procurement · Northwind Traders');
    expect(card.textContent).toContain('clicked 2 emails in 7 days; viewed /pricing twice');
    const sparkline = within(card).getByRole('img', { name: 'Activity over the last 90 days: 9 events, at most 2 on one day' });
    // One bar per active day: the factory's series is busy on 6 of its last 9 days.
    expect(sparkline.querySelectorAll('rect')).toHaveLength(6);
    expect(card.textContent).toContain('last touch 2h ago');
  });

  it('shows heat as a word beside its coloured dot, for every heat', () => {
    for (const [heat, word] of [['cold', 'Cold'], ['warm', 'Warm'], ['hot', 'Hot']] as const) {
      const { card, unmount } = renderCard(makeView({ insights: { heat } }));
      const badge = card.querySelector('[data-testid="heat"]')!;
      expect(badge.getAttribute('data-value')).toBe(heat);
      expect(badge.textContent).toBe(word);
      expect(badge.querySelector('.pl-dot')).toBeTruthy();
      unmount();
    }
  });

  it('labels open and click counts approximate, and all-time totals as all time', () => {
    const { card } = renderCard(makeView({ insights: { allTime: { emailOpens: 45, pageViews: 80 } } }));
    const rows = [...card.querySelectorAll('.pl-counts tbody tr')].map((row) => row.textContent);
    expect(rows).toContain('Opens ≈37');
    expect(rows).toContain('Webinars11');
    expect(rows).toContain('Page views25');
    expect(card.querySelector('.pl-counts abbr[title="approximate"]')?.closest('tr')?.dataset.type).toBe('email_open');
    expect(card.querySelector('tr[data-type="page_view"] abbr')).toBeNull();
    const allTime = within(card).getByTestId('all-time');
    expect(allTime.textContent).toBe('All time opens ≈ 45 · page views 80');
    expect(card.textContent).toContain('approximate: privacy proxies');
  });

  it('has no all-time line when the sources give no totals', () => {
    const { card } = renderCard(makeView());
    expect(card.querySelector('[data-testid="all-time"]')).toBeNull();
  });

  it('shows at most 20 engagement events, newest first, each with its type', () => {
    const events = Array.from({ length: 25 }, (_, i) =>
      makeEvent({ type: i % 2 ? 'page_view' : 'email_open', occurredAt: hoursAgo(i * 5), title: `event ${i}` }),
    );
    // Shuffled on purpose: the card must not trust the order it is given.
    const { card } = renderCard(makeView({ events: [...events].reverse() }));
    const items = [...card.querySelectorAll<HTMLElement>('[data-testid="engagement-event"]')];
    expect(items).toHaveLength(20);
    const newest20 = events.slice(0, 20).map((e) => expect.stringContaining(`“${e.title}”`));
    expect(items.map((item) => item.textContent)).toEqual(newest20);
    expect(items[0]!.dataset.eventType).toBe('email_open');
    expect(items[1]!.dataset.eventType).toBe('page_view');
  });

  it('groups the timeline by day with relative times and the source for each event', () => {
    const { card } = renderCard(
      makeView({
        events: [
          makeEvent({ type: 'email_click', occurredAt: hoursAgo(2), title: 'Q4 nurture #3', source: 'hubspot', campaign: 'Q4 nurture' }),
          makeEvent({ type: 'form_submit', occurredAt: hoursAgo(24 * 5), title: 'Contact sales' }),
        ],
      }),
    );
    const days = [...card.querySelectorAll('.pl-day')].map((day) => day.textContent);
    expect(days[0]).toBe('Today');
    expect(days).toHaveLength(2);
    const [click, form] = card.querySelectorAll<HTMLElement>('[data-testid="engagement-event"]');
    expect(click!.textContent).toContain('Clicked “Q4 nurture #3”');
    expect(click!.textContent).toContain('2h ago');
    expect(click!.title).toBe('HubSpot · Q4 nurture');
    expect(form!.textContent).toContain('5d ago');
  });

  it('lists sales actions as action items with their sync state, never as engagement events', () => {
    const view = makeView({
      events: [],
      actions: [
        makeAction({ type: 'call' }, { state: 'done' }),
        makeAction({ type: 'note' }, { state: 'pending' }),
        makeAction({ type: 'task' }, { state: 'dead', lastError: 'HubSpot answered 403' }),
      ],
    });
    const { card, callbacks } = renderCard(view);
    expect(card.querySelectorAll('[data-testid="engagement-event"]')).toHaveLength(0);
    const items = [...card.querySelectorAll<HTMLElement>('[data-testid="action-item"]')];
    expect(items.map((item) => item.dataset.syncState)).toEqual(['done', 'pending', 'dead']);
    expect(items[0]!.textContent).toContain('Call · synced ✓');
    expect(items[1]!.textContent).toContain('waiting to sync ◷');
    expect(items[2]!.textContent).toContain('sync failed ⚠ — HubSpot answered 403');
    expect(within(items[0]!).queryByRole('button')).toBeNull();
    fireEvent.click(within(items[2]!).getByRole('button', { name: 'Retry: Task, 1h ago' }));
    expect(callbacks.onRetryAction).toHaveBeenCalledWith(view.actions[2]!.id);
  });

  it('names an outcome in words in the lane and in the last touch, as the popup does; the rep\'s own words as written', () => {
    const view = makeView({
      events: [],
      actions: [makeAction({ type: 'call', outcome: 'left_voicemail' }), makeAction({ type: 'meeting', outcome: 'went well', occurredAt: hoursAgo(3) })],
    });
    const { card } = renderCard(view);
    const items = [...card.querySelectorAll<HTMLElement>('[data-testid="action-item"]')];
    expect(items[0]!.textContent).toContain('Call · Left voicemail · synced ✓');
    expect(items[1]!.textContent).toContain('Meeting · went well ·');
    expect(within(card).getByTestId('own-last-touch').textContent).toContain('Call · Left voicemail ·');
    expect(card.textContent).not.toContain('left_voicemail');
  });

  it('says why an action waits for host access, also on the page\'s copy; a retry on a timer shows no error', () => {
    const access = 'Access not granted — grant it in Options';
    const waiting = makeAction({ type: 'call' }, { state: 'pending', lastError: access });
    const later = makeAction({ type: 'note' }, { state: 'pending', lastError: 'HubSpot answered 503', nextAttemptAt: hoursAgo(-1) });
    for (const view of [makeView({ events: [], actions: [waiting, later] }), ...forContentScript([makeView({ events: [], actions: [waiting, later] })])]) {
      const { card } = renderCard(view);
      const items = [...card.querySelectorAll<HTMLElement>('[data-testid="action-item"]')];
      expect(items[0]!.textContent).toContain(`waiting to sync ◷ — ${access}`);
      expect(items[1]!.textContent).not.toContain('503');
      cleanup();
    }
  });

  it('never calls an action kept in this browser "synced", and says feedback reaches marketing only through a CRM or webhook', () => {
    const view = makeView({
      events: [],
      actions: [
        makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'not_a_fit' }, { state: 'done', destination: 'local' }),
        makeAction({ type: 'call' }, { state: 'done', destination: 'local' }),
        makeAction({ type: 'lead_feedback', feedback: 'accepted' }, { state: 'done', destination: 'hubspot' }),
      ],
    });
    const { card } = renderCard(view);
    const items = [...card.querySelectorAll<HTMLElement>('[data-testid="action-item"]')];
    expect(items[0]!.textContent).toContain('kept in this browser only — connect a CRM or webhook so marketing sees it');
    expect(items[0]!.textContent).not.toMatch(/synced|✓/);
    expect(items[1]!.textContent).toContain('Call · kept in this browser only');
    expect(items[1]!.textContent).not.toContain('marketing');
    expect(items[2]!.textContent).toContain('synced ✓');
    expect(items[2]!.textContent).not.toContain('this browser');
  });

  it('opens the log form and mutes through the callbacks', () => {
    const view = makeView({ detectedKey: 'dana+news@northwind.example' });
    const { card, callbacks } = renderCard(view);
    fireEvent.click(within(card).getByRole('button', { name: 'Log call' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Task' }));
    expect(callbacks.onLog.mock.calls).toEqual([
      [view, 'call'],
      [view, 'task'],
    ]);
    fireEvent.click(within(card).getByRole('button', { name: /Mute Dana Whitfield/ }));
    expect(callbacks.onMute).toHaveBeenCalledWith('dana+news@northwind.example');
  });

  it('links to the CRM over https only', () => {
    const { card } = renderCard(makeView({ links: [{ label: 'Open in HubSpot', url: 'https://app.hubspot.com/contacts/1/record/0-1/42' }] }));
    const link = within(card).getByRole('link', { name: /Open in HubSpot/ });
    expect(link.getAttribute('href')).toBe('https://app.hubspot.com/contacts/1/record/0-1/42');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('an unknown prospect', () => {
  it('says there is no history and offers one action and a quiet Mute, with the contract elements present but empty', () => {
    const view = makeUnknownView();
    const { card, callbacks } = renderCard(view);
    expect(card.dataset.known).toBe('false');
    expect(card.dataset.prospectKey).toBe('new.person@example.org');
    expect(within(card).getByText('No marketing history yet')).toBeTruthy();
    for (const testid of ['lifecycle-stage', 'lead-score', 'heat', 'journey-stage']) expect(value(card, testid)).toBe('');
    expect(card.querySelector('[data-testid="heat"]')!.textContent).toBe('No data');
    // One primary action and a quiet Mute: no Call/Note/Task row, no empty timeline, no empty lane.
    expect(within(card).getAllByRole('button').map((b) => b.textContent)).toEqual([
      expect.stringContaining('new.person@example.org'),
      'Save this person',
      'Mute',
    ]);
    expect(card.querySelectorAll('.pl-btn-primary')).toHaveLength(1);
    expect(card.querySelector('.pl-timeline')).toBeNull();
    expect(card.querySelector('[data-lane="sales"]')).toBeNull();
    expect(card.textContent).not.toContain('No engagement events yet');
    fireEvent.click(within(card).getByRole('button', { name: 'Save this person' }));
    expect(callbacks.onAddToStore).toHaveBeenCalledWith(view);
    fireEvent.click(within(card).getByRole('button', { name: /^Mute new.person@example.org/ }));
    expect(callbacks.onMute).toHaveBeenCalledWith('new.person@example.org');
  });

  it('keeps the quick actions and the lane once the rep has logged something on the person', () => {
    const view = { ...makeUnknownView(), actions: [makeAction({ prospectKey: 'new.person@example.org', type: 'call' })] };
    const { card, callbacks } = renderCard(view);
    expect(card.querySelectorAll('[data-testid="action-item"]')).toHaveLength(1);
    fireEvent.click(within(card).getByRole('button', { name: 'Log call' }));
    expect(callbacks.onLog).toHaveBeenCalledWith(view, 'call');
    // Still one primary action, one Mute, and no empty marketing timeline.
    expect(card.querySelectorAll('.pl-btn-primary')).toHaveLength(1);
    expect(within(card).getAllByRole('button', { name: /^Mute/ })).toHaveLength(1);
    expect(card.querySelector('.pl-timeline')).toBeNull();
  });

  it('shows a domain match as a suggestion, not as the person', () => {
    const view = makeUnknownView('someone@northwind.example');
    view.match = 'domain';
    view.prospect.company = 'Northwind Traders';
    const { card } = renderCard(view);
    expect(card.dataset.known).toBe('false');
    expect(card.textContent).toContain('Possibly at Northwind Traders (same email domain)');
  });
});

describe('an ambiguous prospect', () => {
  const view = () =>
    makeView({
      detectedKey: 'd.whitfield@northwind.example',
      alternatives: [
        { key: 'dana.w@contoso.example', name: 'Dana Whitfield', company: 'Contoso' },
        { key: 'dwhitfield@fabrikam.example', email: 'dwhitfield@fabrikam.example' },
      ],
    });

  it('says how many people it could be and hides the picker until asked', () => {
    const { card } = renderCard(view());
    const opener = within(card).getByRole('button', { name: '3 possible matches' });
    const picker = within(card).getByTestId('match-picker');
    expect(picker.hidden).toBe(true);
    fireEvent.click(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    expect(picker.hidden).toBe(false);
    expect(within(picker).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Dana WhitfieldContoso',
      'dwhitfield@fabrikam.exampledwhitfield@fabrikam.example',
    ]);
  });

  it('reports the choice with the detected key and closes', () => {
    const { card, callbacks } = renderCard(view());
    fireEvent.click(within(card).getByRole('button', { name: '3 possible matches' }));
    fireEvent.click(within(card).getByRole('button', { name: /Contoso/ }));
    expect(callbacks.onChooseMatch).toHaveBeenCalledWith('d.whitfield@northwind.example', 'dana.w@contoso.example');
    expect(within(card).getByTestId('match-picker').hidden).toBe(true);
  });

  it('gives the focus to the list\'s button after a choice, not to the hidden choice or the page', () => {
    const { card } = renderCard(view());
    const opener = within(card).getByRole('button', { name: '3 possible matches' });
    fireEvent.click(opener);
    const choice = within(card).getByRole('button', { name: /Contoso/ });
    choice.focus();
    fireEvent.click(choice);
    // The browser blurs a focused control that is hidden: C / N / T would then reach Gmail.
    expect(document.activeElement).toBe(opener);
  });

  it('closes on Escape', () => {
    const { card } = renderCard(view());
    const opener = within(card).getByRole('button', { name: '3 possible matches' });
    fireEvent.click(opener);
    fireEvent.keyDown(opener, { key: 'Escape' });
    expect(within(card).getByTestId('match-picker').hidden).toBe(true);
  });
});

describe('linking to a colleague', () => {
  const colleagues = (): ProspectView =>
    makeView({
      key: 'jo@contoso.example',
      known: false,
      match: 'domain',
      prospect: { name: undefined, company: 'Contoso', emails: ['jo@contoso.example'] },
      events: [],
      alternatives: [{ key: 'dana.w@contoso.example', name: 'Dana Whitfield', company: 'Contoso' }],
    });

  function openConfirmation() {
    const rendered = renderCard(colleagues());
    fireEvent.click(within(rendered.card).getByRole('button', { name: 'Others at Contoso' }));
    const choice = within(rendered.card).getByRole('button', { name: /Dana Whitfield/ });
    choice.focus();
    fireEvent.click(choice);
    const confirm = within(rendered.card).getByTestId('link-confirm');
    return { ...rendered, choice, confirm, cancel: within(confirm).getByRole('button', { name: 'Cancel' }) };
  }

  it('focuses "Yes" once: a re-render (every push) leaves the focus on Cancel', () => {
    const { confirm, cancel, rerender, callbacks } = openConfirmation();
    expect(document.activeElement).toBe(within(confirm).getByTestId('link-confirm-yes'));
    cancel.focus();
    rerender(<ProspectCard view={colleagues()} expanded onToggle={() => undefined} {...callbacks} />);
    expect(document.activeElement).toBe(cancel);
  });

  it('gives the focus back to the chosen colleague on Cancel and on Escape', () => {
    const { card, choice, cancel, callbacks } = openConfirmation();
    fireEvent.click(cancel);
    expect(within(card).queryByTestId('link-confirm')).toBeNull();
    expect(document.activeElement).toBe(choice);
    fireEvent.click(choice);
    fireEvent.keyDown(within(card).getByTestId('link-confirm-yes'), { key: 'Escape' });
    expect(within(card).queryByTestId('link-confirm')).toBeNull();
    expect(document.activeElement).toBe(choice);
    expect(callbacks.onChooseMatch).not.toHaveBeenCalled();
  });

  it('gives the focus to the list\'s button after "Yes, link", whose confirmation goes away', () => {
    const { card, confirm, callbacks } = openConfirmation();
    fireEvent.click(within(confirm).getByTestId('link-confirm-yes'));
    expect(callbacks.onChooseMatch).toHaveBeenCalledWith('jo@contoso.example', 'dana.w@contoso.example');
    expect(within(card).queryByTestId('link-confirm')).toBeNull();
    expect(document.activeElement).toBe(within(card).getByRole('button', { name: 'Others at Contoso' }));
  });

  it('gives the focus back to the list\'s button when Escape closes the list', () => {
    const { card } = renderCard(colleagues());
    const opener = within(card).getByRole('button', { name: 'Others at Contoso' });
    fireEvent.click(opener);
    const choice = within(card).getByRole('button', { name: /Dana Whitfield/ });
    choice.focus();
    fireEvent.keyDown(choice, { key: 'Escape' });
    expect(within(card).getByTestId('match-picker').hidden).toBe(true);
    expect(document.activeElement).toBe(opener);
  });
});

describe('source states', () => {
  it('names a failing source, says what failed and retries it', () => {
    const view = makeView({
      sources: [
        { source: 'local', state: 'ok' },
        { source: 'hubspot', state: 'error', message: 'HubSpot answered 502' },
      ],
    });
    const { card, callbacks } = renderCard(view);
    const notices = card.querySelectorAll<HTMLElement>('[data-testid="source-status"]');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.textContent).toContain("HubSpot: couldn't load the history. (HubSpot answered 502)");
    fireEvent.click(within(card).getByRole('button', { name: 'Retry HubSpot' }));
    expect(callbacks.onRetry).toHaveBeenCalledWith('hubspot', view);
  });

  it('explains missing access, offline and stale data in plain words', () => {
    const { card } = renderCard(
      makeView({
        sources: [
          { source: 'mautic', state: 'no-access' },
          { source: 'hubspot', state: 'offline' },
          { source: 'local', state: 'stale', fetchedAt: hoursAgo(3) },
        ],
      }),
    );
    const text = [...card.querySelectorAll('[data-testid="source-status"]')].map((n) => n.textContent);
    expect(text[0]).toContain('Mautic: access not granted — grant it in Options.');
    expect(text[1]).toContain('HubSpot: offline — showing saved data.');
    expect(text[2]).toContain('This browser: showing saved data from 3h ago; refreshing.');
    expect(within(card).queryByRole('button', { name: 'Retry This browser' })).toBeNull();
  });
});

describe('compact cards', () => {
  it('keep every contract element in the DOM while only the header row shows', () => {
    const view = makeView({ actions: [makeAction()] });
    const { card, onToggle } = renderCard(view, false);
    const toggle = within(card).getByRole('button', { expanded: false });
    expect(toggle.textContent).toContain('Dana Whitfield');
    expect(card.querySelector<HTMLElement>('.pl-details')!.hidden).toBe(true);
    for (const testid of ['lifecycle-stage', 'lead-score', 'heat', 'journey-stage']) expect(value(card, testid)).toBeTruthy();
    expect(card.querySelectorAll('[data-testid="engagement-event"]')).toHaveLength(2);
    expect(card.querySelectorAll('[data-testid="action-item"]')).toHaveLength(1);
    fireEvent.click(toggle);
    expect(onToggle).toHaveBeenCalledOnce();
  });
});

describe('hostile data', () => {
  const hostile = '<img src=x onerror=alert(1)>';

  it('renders page and CRM strings verbatim as text', () => {
    const { card } = renderCard(
      makeView({
        prospect: { name: hostile, company: hostile },
        insights: { heatReasons: [hostile], lifecycleStage: hostile },
        events: [makeEvent({ title: hostile })],
        sources: [{ source: 'hubspot', state: 'error', message: hostile }],
      }),
    );
    expect(card.querySelector('img')).toBeNull();
    expect(within(card).getByText(hostile, { selector: '.pl-name' })).toBeTruthy();
    expect(card.querySelector('[data-testid="engagement-event"]')!.textContent).toContain(`“${hostile}”`);
    expect(card.textContent).toContain(`(${hostile})`);
  });

  it('never turns javascript:, data: or http: URLs into links', () => {
    const { card } = renderCard(
      makeView({
        links: [
          { label: 'Open in HubSpot', url: 'javascript:alert(1)' },
          { label: 'Data', url: 'data:text/html,<script>alert(1)</script>' },
          { label: 'Plain', url: 'http://crm.example/1' },
        ],
        events: [makeEvent({ title: 'Pricing', url: ' JavaScript:alert(1)' })],
      }),
    );
    expect(card.querySelectorAll('a')).toHaveLength(0);
    expect(within(card).getByText('Open in HubSpot')).toBeTruthy();
    expect(card.textContent).toContain('“Pricing”');
  });
});

describe('in the UI language', () => {
  const speak = (language: string) => useFallbackMessages(JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, MessageEntry>);
  afterEach(() => useFallbackMessages(english));

  it('writes the counts and all-time totals the language\'s way, and quotes titles with its own marks', () => {
    speak('de');
    const { card } = renderCard(
      makeView({
        insights: { counts30: { page_view: 1_234 }, counts90: { page_view: 5_678 }, allTime: { pageViews: 12_345 } },
        events: [makeEvent({ title: 'Q4 nurture #3' })],
      }),
    );
    expect(card.querySelector('.pl-counts tr[data-type="page_view"]')!.textContent).toContain('1.2345.678');
    expect(card.querySelector('[data-testid="all-time"]')!.textContent).toContain('12.345');
    expect(card.querySelector('[data-testid="engagement-event"]')!.textContent).toContain('„Q4 nurture #3“');
    expect(card.textContent).not.toContain('“Q4');
  });

  it('puts French spacing before the colons of its labels', () => {
    speak('fr');
    const { card } = renderCard(
      makeView({ prospect: { owner: 'Alex Rivera' }, crm: { leadStatus: 'Open' }, sources: [{ source: 'hubspot', state: 'offline' }], events: [makeEvent({ title: 'Webinaire' })] }),
    );
    expect(card.querySelector('[data-testid="owner"]')!.textContent).toBe('Responsable\u00a0: Alex Rivera');
    expect(card.querySelector('[data-testid="lead-status"]')!.textContent).toMatch(/^\S+( \S+)*\u00a0: Open$/);
    expect(card.querySelector('[data-testid="source-status"]')!.textContent).toMatch(/^HubSpot\u00a0: /);
    expect(card.querySelector('[data-testid="engagement-event"]')!.textContent).toContain('«\u00a0Webinaire\u00a0»');
  });
});

describe('a person the page knows only by a key', () => {
  it('says whom the rep linked in words, never the key', () => {
    for (const [detectedKey, words] of [
      ['name:dana whitfield', 'You linked dana whitfield to this person.'],
      ['linkedin:dana-w', 'You linked dana-w (LinkedIn) to this person.'],
      ['linkedin-sales:ACwAAA123', 'You linked Sales Navigator lead (ACwAAA123) to this person.'],
    ]) {
      const { card, unmount } = renderCard(makeView({ detectedKey, match: 'chosen' }));
      expect(card.querySelector('[data-testid="linked-note"]')!.textContent).toContain(words);
      unmount();
    }
  });

  it('titles a card with no name or address by the key in words', () => {
    const { card } = renderCard(makeView({ key: 'linkedin:dana-w', prospect: { name: undefined, emails: [] } }));
    expect(card.querySelector('.pl-name')!.textContent).toBe('dana-w (LinkedIn)');
  });
});
