/** What an import did: counts, columns it did not import, and every rejected row with its reason. */
import type { ImportSummary } from '@/lib/import';
import { rejectedRowsCsv, rowReason } from '@/lib/import';
import { formatCount, plural } from '../i18n';
import { downloadBlob } from './download';
import { m, type OptionsMessageKey } from './strings';

/** Rows listed on the page; all of them are in the download. */
const LISTED = 100;

const BOM = '\uFEFF';

/**
 * The rejected rows as the file the rep opens. It starts with a UTF-8 byte order mark: Excel reads a
 * double-clicked .csv without one in the system's ANSI code page ("Müller" becomes "MÃ¼ller"), and the
 * import drops it again (lib/import/text-chunks.ts). Added only when the CSV writer has not.
 */
export function rejectedRowsFile(summary: Pick<ImportSummary, 'rejectedRows'>): Blob {
  const csv = rejectedRowsCsv(summary);
  return new Blob([csv.startsWith(BOM) ? csv : BOM + csv], { type: 'text/csv;charset=utf-8' });
}

export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  // The file is written when the rep asks for it: up to 10,000 rows' reasons and values took over a
  // second of this page's main thread when it was written as the summary appeared.
  const download = () => downloadBlob(rejectedRowsFile(summary), 'prospect-lens-rejected-rows.csv');

  const shown = summary.rejectedRows.slice(0, LISTED);
  const older = summary.olderThanKept;
  return (
    <section
      class="import-summary"
      data-testid="import-summary"
      data-imported={summary.imported}
      data-skipped={summary.skipped}
      data-rejected={summary.rejected}
      data-cancelled={summary.cancelled}
      aria-live="polite"
    >
      <p>
        <strong>{summary.cancelled ? m('options_importCancelled') : m('options_importDone')}</strong>{' '}
        {m(
          // Rows whose only event was too old are skipped too: the words say so when there were some.
          older ? 'options_importCountsOlder' : 'options_importCounts',
          formatCount(summary.imported),
          formatCount(summary.skipped),
          formatCount(summary.rejected),
          formatCount(summary.recordsRead),
        )}{' '}
        <span class="muted">({m(`options_format_${summary.format.replace(/-/g, '_')}` as OptionsMessageKey)})</span>
      </p>
      {summary.restored && (
        <p data-testid="restored-counts">
          {m('options_restoredCounts', formatCount(summary.restored.prospects.imported), formatCount(summary.restored.events.imported), formatCount(summary.restored.actions.imported))}
        </p>
      )}
      {older && older.events > 0 && (
        <p data-testid="older-than-kept">{plural('options_olderThanKept', older.events, plural('options_keptDays', older.days))}</p>
      )}
      {older?.actions !== undefined && older.actions > 0 && (
        <p data-testid="older-than-kept-actions">{plural('options_olderThanKeptActions', older.actions, plural('options_keptDays', older.days))}</p>
      )}
      {summary.unknownColumns.length > 0 && (
        <p data-testid="unknown-columns">
          {m('options_unknownColumns')} {summary.unknownColumns.join(', ')}
        </p>
      )}
      {summary.repeatedColumns && summary.repeatedColumns.length > 0 && (
        <p data-testid="repeated-columns">
          {m('options_repeatedColumns')} {summary.repeatedColumns.join(', ')}
        </p>
      )}
      {summary.rejected > 0 && (
        <>
          <table class="rejected">
            <caption>{m('options_rejectedRows')}</caption>
            <thead>
              <tr>
                <th scope="col">{m('options_line')}</th>
                <th scope="col">{m('options_reason')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row, index) => (
                // Not keyed by line: the elements of a minified JSON array share one.
                <tr key={index} data-testid="rejected-row" data-line={row.line}>
                  <td>{formatCount(row.line)}</td>
                  <td>{rowReason(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.rejected > shown.length && <p class="muted">{plural('options_moreRejected', summary.rejected - shown.length)}</p>}
          {summary.rejectedRows.length > 0 && (
            <button type="button" class="link-button" onClick={download} data-testid="rejected-download">
              {m('options_downloadRejected')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
