/**
 * The card with hostile data in every text and link field: names, titles, companies, addresses,
 * event titles, source messages, CRM links. The text must show verbatim, the markup must stay text
 * (the same elements as a card with harmless text), no event-handler attribute may appear, and no
 * link may be anything but https: or mailto:.
 */
import { cleanup, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { setClock } from '@/lib/clock';
import type { ProspectView } from '@/lib/model/view';
import { NOW, hoursAgo, makeCallbacks, makeEvent, makeView } from '../components/factory';
import { recordResult } from '../../hardening/support/results';
import { hostilePayloads } from './support/hostile';

let restoreClock = () => {};
beforeEach(() => {
  restoreClock = setClock(() => NOW);
  delete (globalThis as { __pwned?: unknown }).__pwned;
});
afterEach(() => {
  restoreClock();
  cleanup();
});

/** Every field the card shows from a page or a CRM, filled with `text`; URL fields with `url`. */
function viewWith(text: string, url: string): ProspectView {
  return makeView({
    prospect: { name: text, title: text, company: text, emails: [`${text}@x.example`], linkedinUrl: url, refs: [{ source: 'hubspot', externalId: text, url }] },
    insights: { lifecycleStage: text, heatReasons: [text] },
    // Fixed times: the factory's default moves an hour back per event made, in this worker's earlier
    // files too (shared modules), and two events a day boundary apart add a day heading.
    events: [makeEvent({ title: text, url, campaign: text, occurredAt: hoursAgo(1) }), makeEvent({ title: text, url: 'https://ok.example/a', occurredAt: hoursAgo(2) })],
    sources: [{ source: 'hubspot', state: 'error', message: text }],
    links: [{ label: text, url }],
  });
}

function renderCard(view: ProspectView) {
  const { container } = render(<ProspectCard view={view} expanded onToggle={() => undefined} {...makeCallbacks()} />);
  return container;
}

/** The card's shape: every element's tag and attribute names, in document order. */
function shape(root: Element): string[] {
  return [...root.querySelectorAll('*')].map((el) => `${el.tagName}[${[...el.attributes].map((a) => a.name).sort().join(',')}]`);
}

describe('a card with hostile data', () => {
  it('shows every payload verbatim as text: no new elements or attributes, no handlers, links only https/mailto', () => {
    const payloads = hostilePayloads();
    const baseline = shape(renderCard(viewWith('Plain text', 'not a link')));
    cleanup();
    const failures: string[] = [];
    for (const payload of payloads) {
      const container = renderCard(viewWith(payload.text, payload.text));
      const label = `${payload.kind} ${JSON.stringify(payload.text.slice(0, 50))}`;
      if (container.querySelector('.pl-name')?.textContent !== payload.text) failures.push(`${label}: name not verbatim`);
      if (JSON.stringify(shape(container)) !== JSON.stringify(baseline)) failures.push(`${label}: elements or attributes changed`);
      for (const el of container.querySelectorAll('*')) {
        for (const attr of el.attributes) if (/^on/i.test(attr.name)) failures.push(`${label}: ${attr.name} on <${el.tagName}>`);
      }
      for (const link of container.querySelectorAll('[href], [src], [action], [formaction]')) {
        const target = link.getAttribute('href') ?? link.getAttribute('src') ?? link.getAttribute('action') ?? link.getAttribute('formaction') ?? '';
        if (!/^(https:|mailto:)/.test(target)) failures.push(`${label}: link to ${target.slice(0, 40)}`);
      }
      cleanup();
    }
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
    recordResult('hostile-card', { tried: payloads.length, failures: failures.length });
    expect(failures).toEqual([]);
  });
});
