import { render } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { setClock } from '@/lib/clock';
import { NOW, makeAction, makeCallbacks, makeUnknownView, makeView } from './factory';

let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(() => restoreClock());

// Contrast needs real layout and colours, which happy-dom does not compute; the palette is chosen for AA.
const options: axe.RunOptions = { rules: { 'color-contrast': { enabled: false } } };

it('has no axe violations with several cards, an error, a picker and sales actions', async () => {
  const views = [
    makeView({
      alternatives: [{ key: 'dana.w@contoso.example', name: 'Dana W', company: 'Contoso' }],
      sources: [{ source: 'hubspot', state: 'error', message: 'HubSpot answered 502' }],
      actions: [makeAction({}, { state: 'dead', lastError: 'Token rejected' })],
      links: [{ label: 'Open in HubSpot', url: 'https://app.hubspot.com/contacts/1' }],
      insights: { allTime: { emailOpens: 12 } },
    }),
    makeUnknownView(),
  ];
  const { container } = render(
    <main>
      <Sidebar views={views} offline onToggleCollapsed={() => {}} {...makeCallbacks()} />
    </main>,
  );
  const results = await axe.run(container, options);
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
});

it('has no axe violations folded to a tab or while loading', async () => {
  for (const props of [{ collapsed: true }, { loading: true }]) {
    const { container, unmount } = render(
      <main>
        <Sidebar views={[]} onToggleCollapsed={() => {}} {...props} {...makeCallbacks()} />
      </main>,
    );
    const results = await axe.run(container, options);
    expect(results.violations.map((v) => v.id)).toEqual([]);
    unmount();
  }
});
