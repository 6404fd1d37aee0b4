import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { ImportSection, type ImportServices } from '@/components/options/ImportSection';
import type { ImportOptions, ImportSummary } from '@/lib/import';
import { problem } from '@/lib/import/reasons';
import { DatabaseErasedError } from '@/lib/store/db';

function summary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    format: 'canonical-csv',
    recordsRead: 10,
    imported: 6,
    skipped: 2,
    rejected: 2,
    rejectedRows: [
      { line: 4, problems: [problem('importReason_notDate', 'occurred_at', 'yesterday')] },
      { line: 9, problems: [problem('importReason_missingIdentity', 'email', 'linkedin_url')] },
    ],
    unknownColumns: ['Favourite colour', 'utm_term'],
    prospectsUpserted: 3,
    cancelled: false,
    durationMs: 12,
    ...over,
  };
}

function services(importFile: ImportServices['importFile']): ImportServices {
  return { importFile, loadDemoData: vi.fn(async () => undefined), removeDemoData: vi.fn(async () => undefined) };
}

const chooseFile = (name = 'events.csv') => {
  const input = screen.getByTestId('import-file') as HTMLInputElement;
  const file = new File(['email\n'], name, { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
  return file;
};

describe('import section', () => {
  it('imports the chosen file and shows the counts, unknown columns and every rejected row', async () => {
    const importFile = vi.fn(async () => summary());
    render(<ImportSection services={services(importFile)} />);
    const file = chooseFile();
    const result = await screen.findByTestId('import-summary');
    expect(importFile).toHaveBeenCalledWith(file, expect.objectContaining({ signal: expect.any(AbortSignal) }));
    expect(result.dataset).toMatchObject({ imported: '6', skipped: '2', rejected: '2' });
    expect(result.textContent).toContain('6 imported, 2 skipped (already stored), 2 rejected, of 10 records.');
    expect(within(result).getByTestId('unknown-columns').textContent).toContain('Favourite colour, utm_term');
    const rows = within(result).getAllByTestId('rejected-row');
    expect(rows.map((r) => r.textContent)).toEqual(["4occurred_at 'yesterday' is not a date", '9missing email and linkedin_url']);
  });

  it('leaves out what retention would delete: passes the days kept, and says how many events were left out', async () => {
    const importFile = vi.fn(async () => summary({ olderThanKept: { events: 1200, days: 365 } }));
    render(<ImportSection services={services(importFile)} keepDays={365} />);
    chooseFile();
    const result = await screen.findByTestId('import-summary');
    expect(importFile).toHaveBeenCalledWith(expect.any(File), expect.objectContaining({ keepDays: 365 }));
    expect(within(result).getByTestId('older-than-kept').textContent).toBe('1,200 events older than 365 days were left out, the period Prospect Lens keeps data for (see “Keep data for” under Privacy).');
    // A row whose only event was too old is skipped, and not "already stored".
    expect(result.textContent).toContain('6 imported, 2 skipped (already stored, or only older than kept), 2 rejected, of 10 records.');
  });

  it('names the days kept as the setting has them, one day as one', async () => {
    render(<ImportSection services={services(async () => summary({ olderThanKept: { events: 1, days: 1 } }))} keepDays={1} />);
    chooseFile();
    const result = await screen.findByTestId('import-summary');
    expect(within(result).getByTestId('older-than-kept').textContent).toBe('1 event older than 1 day was left out, the period Prospect Lens keeps data for (see “Keep data for” under Privacy).');
  });

  it('says how many sent actions a restore left out, and nothing of events when none were', async () => {
    render(<ImportSection services={services(async () => summary({ olderThanKept: { events: 0, actions: 3, days: 90 } }))} keepDays={90} />);
    chooseFile();
    const result = await screen.findByTestId('import-summary');
    expect(within(result).queryByTestId('older-than-kept')).toBeNull();
    expect(within(result).getByTestId('older-than-kept-actions').textContent).toBe('3 actions already sent and older than 90 days were left out, the period Prospect Lens keeps data for (see “Keep data for” under Privacy).');
  });

  it("lets the rep choose Excel's Unicode Text (.txt) and tab-separated files, which the import reads", () => {
    render(<ImportSection services={services(async () => summary())} />);
    const accept = screen.getByTestId('import-file').getAttribute('accept')!.split(',');
    expect(accept).toEqual(expect.arrayContaining(['.csv', '.txt', '.tsv', '.json', '.ndjson', '.jsonl']));
  });

  it('offers the rejected rows as a CSV download, written when the rep asks for it', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:rejected';
    });
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });
    render(<ImportSection services={services(async () => summary())} />);
    chooseFile();
    const button = await screen.findByTestId('rejected-download');
    // Nothing is written while the summary is only shown (it cost the page a second for 10,000 rows).
    expect(created).toEqual([]);
    fireEvent.click(button);
    expect(saved).toEqual(['prospect-lens-rejected-rows.csv blob:rejected']);
    expect(await created[0]!.text()).toBe("\uFEFFreason,line\r\noccurred_at 'yesterday' is not a date,4\r\nmissing email and linkedin_url,9\r\n");
    vi.restoreAllMocks();
  });

  it('starts the rejected-rows file with a UTF-8 byte order mark, so Excel shows its accents', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:rejected';
    });
    const rows = [{ line: 2, values: { name: 'Jürgen Müller' }, problems: [problem('importReason_missingIdentity', 'email', 'linkedin_url')] }];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<ImportSection services={services(async () => summary({ rejected: 1, rejectedRows: rows }))} />);
    chooseFile();
    fireEvent.click(await screen.findByTestId('rejected-download'));
    const bytes = new Uint8Array(await created[0]!.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // One mark only, then the header.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toMatch(/^\uFEFFname,reason,line\r\nJürgen Müller,/);
    vi.restoreAllMocks();
  });

  it('keeps the focus on a busy control: the file input while importing, the demo buttons while they work', async () => {
    let finishImport: (s: ImportSummary) => void = () => undefined;
    let finishDemo: () => void = () => undefined;
    const s = services(() => new Promise((resolve) => (finishImport = resolve)));
    s.loadDemoData = vi.fn(() => new Promise<void>((resolve) => (finishDemo = resolve)));
    render(<ImportSection services={s} />);
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    input.focus();
    chooseFile();
    await screen.findByTestId('import-progress');
    expect({ disabled: input.disabled, busy: input.getAttribute('aria-disabled'), focused: document.activeElement === input }).toEqual({
      disabled: false,
      busy: 'true',
      focused: true,
    });
    // No file picker opens while the import runs.
    expect(fireEvent.click(input)).toBe(false);
    finishImport(summary());
    await screen.findByTestId('import-summary');

    const load = screen.getByRole('button', { name: 'Load demo data' }) as HTMLButtonElement;
    load.focus();
    fireEvent.click(load);
    await waitFor(() => expect(load.getAttribute('aria-disabled')).toBe('true'));
    expect({ disabled: load.disabled, focused: document.activeElement === load }).toEqual({ disabled: false, focused: true });
    fireEvent.click(load);
    fireEvent.click(screen.getByRole('button', { name: 'Remove demo data' }));
    expect(s.loadDemoData).toHaveBeenCalledOnce();
    expect(s.removeDemoData).not.toHaveBeenCalled();
    finishDemo();
    await screen.findByText('Demo data loaded.');
  });

  it('shows no rejected-rows table or link for a clean import', async () => {
    render(<ImportSection services={services(async () => summary({ rejected: 0, rejectedRows: [], unknownColumns: [], imported: 8 }))} />);
    chooseFile();
    const result = await screen.findByTestId('import-summary');
    expect(result.dataset.rejected).toBe('0');
    expect(within(result).queryByRole('table')).toBeNull();
    expect(within(result).queryByTestId('rejected-download')).toBeNull();
  });

  it('shows progress while importing, and Cancel aborts the import', async () => {
    let options: ImportOptions = {};
    const importFile = vi.fn(
      (_file: Blob, opts: ImportOptions) =>
        new Promise<ImportSummary>((resolve) => {
          options = opts;
          opts.signal?.addEventListener('abort', () => resolve(summary({ cancelled: true, recordsRead: 4, imported: 4, skipped: 0, rejected: 0, rejectedRows: [] })));
        }),
    );
    render(<ImportSection services={services(importFile)} />);
    chooseFile();
    await screen.findByTestId('import-progress');
    options.onProgress?.({ bytesRead: 500, totalBytes: 1000, recordsRead: 4, imported: 4, skipped: 0, rejected: 0 });
    await screen.findByText('4 records read');
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(500);
    expect(screen.getByTestId('import-file').getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const result = await screen.findByTestId('import-summary');
    expect(options.signal?.aborted).toBe(true);
    expect(result.dataset).toMatchObject({ cancelled: 'true', imported: '4' });
    expect(result.textContent).toContain('Import cancelled');
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('says why a file could not be imported', async () => {
    render(<ImportSection services={services(async () => Promise.reject(new Error('No email or linkedin_url column')))} />);
    chooseFile();
    expect((await screen.findByRole('alert')).textContent).toBe('Import failed: No email or linkedin_url column');
  });

  it('says the import stopped for "Delete everything" in another page, not that it failed', async () => {
    // As the import worker's failure reaches the page: an Error with the name it was thrown with.
    const erased = Object.assign(new Error('Everything was deleted while this ran'), { name: 'DatabaseErasedError' });
    render(<ImportSection services={services(async () => Promise.reject(erased))} />);
    chooseFile();
    expect((await screen.findByTestId('import-stopped')).textContent).toBe('Import stopped: everything was deleted, what it had imported too.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the demo load stopped for "Delete everything" in another page', async () => {
    const s = { ...services(vi.fn()), loadDemoData: vi.fn(async () => Promise.reject(new DatabaseErasedError())) };
    render(<ImportSection services={s} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load demo data' }));
    await screen.findByText('Import stopped: everything was deleted, what it had imported too.');
  });

  it('loads and removes the demo data', async () => {
    const s = services(vi.fn());
    render(<ImportSection services={s} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load demo data' }));
    await screen.findByText('Demo data loaded.');
    fireEvent.click(screen.getByRole('button', { name: 'Remove demo data' }));
    await screen.findByText('Demo data removed.');
    expect(s.loadDemoData).toHaveBeenCalledOnce();
    expect(s.removeDemoData).toHaveBeenCalledOnce();
  });
});
