/** The import's public API: the options page and the demo loader use only these. */
export { importFile, importText, type ImportOptions } from './import';
export { importInWorker } from './in-worker';
export { ImportFormatError, type ImportFormat } from './formats';
export { describeProblems, type ImportProblem } from './reasons';
export { rejectedRowsCsv, rowReason, MAX_REJECTED_LISTED, type ImportProgress, type ImportSummary, type RejectedRow, type RestoredCounts } from './summary';
