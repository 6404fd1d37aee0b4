// @vitest-environment node
/**
 * An imported event's id is what makes importing the same row again add nothing, so it must not change
 * between versions: a file imported before an update, imported again after it, would add every row a
 * second time. The events export writes each id back (`event_id`), and only an id of ours counts.
 */
import { describe, expect, it } from 'vitest';
import { mapCanonical } from '@/lib/import/canonical';
import type { Cells } from '@/lib/import/rows';

const row = (cells: Record<string, string>): Cells => new Map(Object.entries(cells));
const base = { email: 'dana@northwind.example', event_type: 'page_view', occurred_at: '2025-11-12T09:00:00Z', event_title: 'Pricing' };
const idOf = (cells: Record<string, string>) => mapCanonical(row(cells), 'file').events[0]!.id;

describe('imported event ids', () => {
  it('are the ids earlier versions gave, with and without a source column', () => {
    expect(idOf(base)).toBe('local:5c1e152aeae90d85');
    expect(idOf({ ...base, channel: 'Web', source: 'Website' })).toBe('local:ae7c3274b1e26a80');
    expect(idOf({ ...base, source: 'Website' })).toBe('local:5a2cc42307d5af2a');
  });

  it('take the id the events export wrote, and only an id of ours', () => {
    const exported = 'local:0123456789abcdef';
    expect(idOf({ ...base, event_id: exported })).toBe(exported);
    for (const other of ['local:0123', 'remote:0123456789abcdef', 'local:0123456789ABCDEF', ' local:0123456789abcdef', 'x']) {
      expect(idOf({ ...base, event_id: other })).toBe(idOf(base));
    }
  });
});
