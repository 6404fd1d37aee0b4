// @vitest-environment node
/**
 * An imported event's id is what makes importing the same row again add nothing, so it must not change
 * between versions: a file imported before an update, imported again after it, would add every row a
 * second time. The events export writes each id back (`event_id`), which counts only for the row it was
 * written for.
 */
import { describe, expect, it } from 'vitest';
import { mapCanonical } from '@/lib/import/canonical';
import { type Cells, exportedEventId } from '@/lib/import/rows';

const row = (cells: Record<string, string>): Cells => new Map(Object.entries(cells));
const base = { email: 'dana@northwind.example', event_type: 'page_view', occurred_at: '2025-11-12T09:00:00Z', event_title: 'Pricing' };
const idOf = (cells: Record<string, string>) => mapCanonical(row(cells), 'file').events[0]!.id;

describe('imported event ids', () => {
  it('are the ids earlier versions gave, with and without a source column', () => {
    expect(idOf(base)).toBe('local:5c1e152aeae90d85');
    expect(idOf({ ...base, channel: 'Web', source: 'Website' })).toBe('local:ae7c3274b1e26a80');
    expect(idOf({ ...base, source: 'Website' })).toBe('local:5a2cc42307d5af2a');
  });

  it('take the id the events export wrote, for the same person, type and time only', () => {
    const event = mapCanonical(row({ ...base, channel: 'Web', source: 'Website' }), 'file').events[0]!;
    const exported = exportedEventId(event);
    // The export keeps the channel only, so without the id this row would be another event.
    const reimported = { ...base, channel: 'Web', event_id: exported };
    expect(idOf({ ...base, channel: 'Web' })).not.toBe(event.id);
    expect(idOf(reimported)).toBe(event.id);
    // Its title edited in a spreadsheet: still that event.
    expect(idOf({ ...reimported, event_title: 'Pricing (EU)' })).toBe(event.id);
    // Copied to make another event (another person, type or time): a new event, not a skipped repeat.
    expect(idOf({ ...reimported, email: 'li@contoso.example' })).not.toBe(event.id);
    expect(idOf({ ...reimported, event_type: 'form_submit' })).not.toBe(event.id);
    expect(idOf({ ...reimported, occurred_at: '2025-11-13T09:00:00Z' })).not.toBe(event.id);
    // The export writes a LinkedIn-keyed person's address too: the id's check names the LinkedIn key,
    // which the row keeps (prospect and event) instead of keying it by the address.
    const lee = { id: 'local:00000000000000a2', prospectKey: 'linkedin:lee-park', type: 'page_view', occurredAt: '2025-11-12T09:00:00.000Z' } as const;
    const leeRow = { ...base, email: 'lee@contoso.example', linkedin_url: 'https://www.linkedin.com/in/lee-park', event_id: exportedEventId(lee) };
    const mapped = mapCanonical(row(leeRow), 'file');
    expect(mapped.prospect).toMatchObject({ key: 'linkedin:lee-park', emails: ['lee@contoso.example'] });
    expect(mapped.events[0]).toMatchObject({ id: lee.id, prospectKey: 'linkedin:lee-park' });
    // Without a matching id, a row with an address is that address's person, as before.
    expect(mapCanonical(row({ ...leeRow, event_id: '' }), 'file').events[0]!.prospectKey).toBe('lee@contoso.example');
    expect(mapCanonical(row({ ...leeRow, occurred_at: '2025-11-13T09:00:00Z' }), 'file').prospect.key).toBe('lee@contoso.example');
    // Anything that is not an id the export wrote is no id.
    for (const other of [event.id, `${event.id}/00000000`, exported.toUpperCase(), ` ${exported}`, 'x']) {
      expect(idOf({ ...base, channel: 'Web', event_id: other })).toBe(idOf({ ...base, channel: 'Web' }));
    }
  });
});
