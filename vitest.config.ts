import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

/**
 * Unit test files that run without a DOM: Node's globals only (no `document`, `window`, `Node`,
 * `CSSStyleSheet`, global `addEventListener`, and Node's own fetch/File/Blob/Event). Each was checked by
 * running it in the node environment with every test passing (docs/testing.md, "Unit suite"); files with
 * a `// @vitest-environment node` comment are listed too. Everything else, and any new file, gets
 * happy-dom, the default: to move a file here, run it with `--project node-shared` first.
 *
 * All of them share one module cache per worker (project `node-shared`). To add one, run
 * `npx vitest run --project node-shared --maxWorkers=1 --sequence.shuffle.files` with a few seeds.
 * STORE_FILES (the import, the stores, sync, the soak and fault tests) are listed apart because they
 * write the database: a test that leaves work running (an import, a drain, a timer) writes into the
 * next test's database, which may be another file's. Await or stop what a test starts before it ends;
 * import/worker's fake worker once did not (docs/testing.md, "Unit suite").
 *
 * A file that calls `vi.mock` stays in dom: with one module cache the mock is missed when another file
 * imported the module first (import/csv-stray-cost counted no papaparse calls), and a module loaded under
 * the mock keeps it for later files (import/restore-held's worker then answered `failed`). Project `dom`
 * shares its worker too, but empties the module registry before each file (below).
 */
const SHARED_FILES = [
  'tests/unit/sites.test.ts',
  'tests/unit/a11y/field-contrast.test.ts',
  'tests/unit/background/{badge,connection-test,create-views,feedback-read,guard,handlers,log-email,name-match,ordering,page-settings,rate-limit,registration,retention,sales-views,side-panel-used,tab-views,touch-views,verdict-views}.test.ts',
  'tests/unit/components/helpers.test.ts',
  'tests/unit/connectors/registry.test.ts',
  'tests/unit/content/{session,sidebar-loader}.test.ts',
  'tests/unit/feedback/feedback.test.ts',
  'tests/unit/i18n/{lib-words,locales,plural}.test.ts',
  'tests/unit/identity/{candidate,email,filter,lookup,never-log}.test.ts',
  'tests/unit/insights/{automatic,build,heat,journey}.test.ts',
  'tests/unit/match/resolve.test.ts',
  'tests/unit/options/sites-plan.test.ts',
  'tests/unit/platform/platform.test.ts',
  'tests/unit/sources/{credentialed-fetch,http,hubspot-create-mock,hubspot-details,hubspot-daily-limit,hubspot-feedback,hubspot-live,hubspot-map,hubspot-name,hubspot-source,hubspot-team,log-email-destinations,mautic-create,mautic-feedback,mautic-live,mautic-map,mautic-name,mautic-team,mocks,webhook-live,webhook-readme}.test.ts',
  'tests/unit/sources/salesforce/{batches,connect,definition,destination,lookup,soql}.test.ts',
];

const STORE_FILES = [
  // Not late-source-answer, retention-import-race, retry-after-rest, tab-builder-budget: they use vi.mock.
  'tests/unit/background/{access-granted,connection-test-rotation,handlers-page-writes,joined-lookup-ended}.test.ts',
  'tests/unit/data/{csv,data,lifecycle}.test.ts',
  'tests/unit/demo/{demo-feedback,demo}.test.ts',
  'tests/unit/hardening/{crm-answers,forged-messages,manifest,retry-after-check,storage-pressure,sync-faults,upgrades}.test.ts',
  // Not stream-50mb: it times out in node (Node's Blob slices a 400,000-part file far more slowly).
  // Not csv-stray-cost, worker-answer: they use vi.mock.
  'tests/unit/import/{crash,event-ids,fixtures,import,invariant,normalise,older-than-kept,readers,session,worker}.test.ts',
  'tests/unit/import/csv-{edges,line-breaks,stray-quote,unknown-columns,utf16}.test.ts',
  'tests/unit/import/merge-{future,linkedin,newest}.test.ts',
  'tests/unit/import/restore-{file,held,people,repair,roundtrip}.test.ts',
  // Not summary-format: its v8.serialize size check fails once enough other files ran in the worker.
  'tests/unit/store/{db,event-layouts,local-history,recent-actions,summary}.test.ts',
  // Not scheduler: it listens on the global `online` event (addEventListener), which only happy-dom has.
  'tests/unit/sync/{actions,backoff,crm-create,drain,looks-weekend,mautic-retry-feedback,no-access,offline,quota-wait,rate-limit,reminders,soak,state,uncertain-edit,worker-death}.test.ts',
];

const NODE_FILES = [...SHARED_FILES, ...STORE_FILES];

/** Files that run in time zones other than the host's (project `tz`). */
const TZ_FILES = ['tests/unit/tz/**/*.test.{ts,tsx}'];

/**
 * happy-dom files that share one module cache per worker too (project `dom-shared`), and the worker's
 * happy-dom window. Left in project `dom`, whose files get their modules afresh: every file that calls
 * `vi.mock` (as above), and the files that failed with shared modules in session 21's trial
 * (docs/testing.md, "Unit suite"), but for two in a worker of their own (`dom-isolated`, below):
 * sync/scheduler, whose `online` drain missed once in six shuffled runs, and store/summary-format, whose
 * `v8.serialize` size check fails once enough other files ran in the worker (as in node-shared).
 * testing-library registers its cleanup once per module cache, and the card factory's serials would
 * carry on from file to file, so tests/unit/setup-dom-shared.ts registers the one and resets the other
 * for every file (hardening/hostile-card failed on the serials in session 21). To add a file, run
 * `npx vitest run --project dom-shared --maxWorkers=1 --sequence.shuffle.files` with a few seeds.
 */
const DOM_SHARED_FILES = [
  'tests/unit/background/{firefox-android,retention-alarm,views}.test.ts',
  'tests/unit/background/{content-views,links,no-data}.test.tsx',
  'tests/unit/components/compact-css.test.ts',
  'tests/unit/components/{a11y,card,compact-card,log-email,match-by-name,sales-lane,sidebar,touches,unknown-state,verdict}.test.tsx',
  'tests/unit/content/{make-room,page-context,session-pages,shadow-host}.test.ts',
  'tests/unit/demo/remove-while-loading.test.tsx',
  'tests/unit/detect/{adapters,cases,health,linkedin,open-message,outlook,urls,watch}.test.ts',
  'tests/unit/feedback/{page,remote}.test.tsx',
  'tests/unit/hardening/{hostile-card.test.tsx,hostile-pages.test.ts}',
  'tests/unit/options/{import,restored-summary}.test.tsx',
  'tests/unit/sources/salesforce/{card,matches}.test.tsx',
];

/**
 * happy-dom files that still get a process-like isolation of their own (project `dom-isolated`): each
 * runs in a fresh worker. connectors/registration mocks the connector definitions that
 * tests/unit/setup.ts has already loaded through the model, and fails in `dom` below; sync/scheduler and
 * store/summary-format failed in session 21's shared trial (above) and are kept apart as before.
 */
const DOM_ISOLATED_FILES = [
  'tests/unit/connectors/registration.test.tsx',
  'tests/unit/sync/scheduler.test.ts',
  'tests/unit/store/summary-format.test.ts',
];

/** What every unit file loads first: a fake IndexedDB, the fake browser and the English strings. */
const SETUP = ['fake-indexeddb/auto', './tests/unit/setup.ts'];

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    // Per project (below), not here: `extends: true` would put a project's own after these, and
    // project `dom` needs its module reset before them.
    globals: true,
    // Unit tests only; the browser suites run through scripts/test.mjs.
    pool: 'threads',
    // Vitest's default is one worker per core minus one: a single worker on CI's 2 cores, the other
    // core mostly idle. PROSPECT_LENS_UNIT_WORKERS=1 runs one file at a time again.
    maxWorkers: Number(process.env.PROSPECT_LENS_UNIT_WORKERS ?? 2),
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node-shared',
          environment: 'node',
          include: NODE_FILES,
          setupFiles: SETUP,
          // One module cache per worker: each file re-imported zod, idb, the stores and the fake
          // browser. The files share no state that tests/unit/setup.ts does not reset before every test
          // (the fake browser and its globals, the database and its cached connection), and no test
          // leaves work running after it ended; docs/testing.md, "Unit suite".
          // PROSPECT_LENS_UNIT_ISOLATE=1 gives each file its own again.
          isolate: process.env.PROSPECT_LENS_UNIT_ISOLATE === '1',
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          exclude: [...NODE_FILES, ...DOM_SHARED_FILES, ...DOM_ISOLATED_FILES, ...TZ_FILES],
          // Every happy-dom file not listed above, new ones too: those that call `vi.mock`, and those that
          // failed with shared modules. They share a worker (and its happy-dom window), which saves a worker, a happy-dom import and the external packages per file, but
          // each starts with vitest's module registry emptied (tests/unit/setup-fresh-modules.ts, first):
          // its own modules, and its mocks, are loaded afresh, as with isolation. On 39 files: 121 s of
          // CPU and 66 s isolated, 53 s and 35 s so (docs/testing.md, "Unit suite").
          // tests/unit/isolation/ fails without the reset.
          setupFiles: ['./tests/unit/setup-fresh-modules.ts', ...SETUP, './tests/unit/setup-dom-shared.ts'],
          isolate: process.env.PROSPECT_LENS_UNIT_ISOLATE === '1',
        },
      },
      {
        extends: true,
        test: { name: 'dom-isolated', environment: 'happy-dom', include: DOM_ISOLATED_FILES, setupFiles: SETUP },
      },
      {
        extends: true,
        // Files that set `process.env.TZ`: Node applies it in a process's main thread only, so each runs
        // in a process of its own (in a worker thread the host's zone stays, and the test proves nothing).
        test: { name: 'tz', environment: 'happy-dom', include: TZ_FILES, pool: 'forks', setupFiles: SETUP },
      },
      {
        extends: true,
        test: {
          name: 'dom-shared',
          environment: 'happy-dom',
          include: DOM_SHARED_FILES,
          setupFiles: [...SETUP, './tests/unit/setup-dom-shared.ts'],
          isolate: process.env.PROSPECT_LENS_UNIT_ISOLATE === '1',
        },
      },
    ],
  },
});
