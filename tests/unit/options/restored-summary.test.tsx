import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ImportSummaryView } from '@/components/options/ImportSummaryView';

describe('the summary of a restored "Export everything"', () => {
  it('names the file as the extension’s own export and counts what each list restored', () => {
    const counts = (imported: number) => ({ imported, skipped: 0, rejected: 0 });
    render(
      <ImportSummaryView
        summary={{
          format: 'prospect-lens-export',
          recordsRead: 1_240,
          imported: 1_240,
          skipped: 0,
          rejected: 0,
          rejectedRows: [],
          unknownColumns: [],
          prospectsUpserted: 4,
          cancelled: false,
          durationMs: 300,
          restored: { prospects: counts(4), events: counts(1_234), actions: counts(2) },
        }}
      />,
    );
    expect(screen.getByTestId('restored-counts').textContent).toBe('Restored — people: 4, events: 1,234, logged actions: 2.');
    expect(screen.getByTestId('import-summary').textContent).toMatch(/\(.*export.*\)/i);
  });
});
