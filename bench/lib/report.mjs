/**
 * The markdown report: every figure beside its budget, then the A/B detail and the machine.
 * Reads only the results object run.mjs writes to JSON, so a report can be rebuilt from a JSON file:
 * `node bench/lib/report.mjs bench/results/<date>.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(v < 10 ? 2 : 1)} ms`);
const num = (v, digits = 1) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
const verdict = (ok) => (ok === null ? '—' : ok ? 'ok' : '**missed**');
const within = (value, limit) => (value === null || value === undefined ? null : value <= limit);

function budgetRows(r) {
  const rows = [];
  const add = (figure, measured, budget, ok) => rows.push(`| ${figure} | ${measured} | ${budget} | ${verdict(ok)} |`);
  const s = r.sizes;
  if (s) {
    if (s.contentTotal) {
      // Since issue 18 the sidebar is a script of its own, injected once someone is found.
      add('Content script at start, gzip', `${kb(s.content.gzip)} (raw ${kb(s.content.raw)})`, '≤ 25 KB', within(s.content.gzip, 25 * 1024));
      add('Sidebar script, gzip (injected once someone is found)', `${kb(s.contentSidebar.gzip)} (raw ${kb(s.contentSidebar.raw)})`, 'in the total', null);
      add('Content, gzip (all injected into a tab)', `${kb(s.contentTotal.gzip)} (raw ${kb(s.contentTotal.raw)})`, '≤ 35 KB (aim 25)', within(s.contentTotal.gzip, 35 * 1024));
    } else {
      add('Content script, gzip (all injected)', `${kb(s.content.gzip)} (raw ${kb(s.content.raw)})`, '≤ 35 KB (aim 25)', within(s.content.gzip, 35 * 1024));
    }
    add('Background worker, gzip (with its chunks)', `${kb(s.background.gzip)} (raw ${kb(s.background.raw)})`, '≤ 120 KB', within(s.background.gzip, 120 * 1024));
    for (const page of ['popup', 'options', 'sidepanel']) {
      const lazy = s[page].lazy.files.length ? `; on demand +${kb(s[page].lazy.gzip)}` : '';
      add(`${page} page, gzip (everything its HTML loads)`, `${kb(s[page].gzip)} (raw ${kb(s[page].raw)})${lazy}`, '—', null);
    }
  }
  for (const [name, f] of Object.entries(r.pageCost ?? {})) {
    const script = f.metrics.scriptMs;
    add(`Added page script time, ${name} (Δ p95; Δ p50)`, `${ms(script.diffP95)}; ${ms(script.diffP50)}`, 'p95 ≤ 60 ms', within(script.diffP95, 60));
  }
  const d = r.detection;
  if (d) {
    add('Initial scan, 1,000-row inbox (detect(), p50 / p95; first scan)', `${ms(d.initialScan['gmail-inbox-1000'].warm.p50)} / ${ms(d.initialScan['gmail-inbox-1000'].warm.p95)}; ${ms(d.initialScan['gmail-inbox-1000'].coldMs)}`, '≤ 20 ms', within(Math.max(d.initialScan['gmail-inbox-1000'].warm.p95, d.initialScan['gmail-inbox-1000'].coldMs), 20));
    const cs = d.underChurn.contentScript;
    add(`DOM change → detected, content script, churn ${d.churnPerSecond} rows/s (p50 / p95)`, `${ms(cs.detected.p50)} / ${ms(cs.detected.p95)}`, 'p95 ≤ 100 ms', within(cs.detected.p95, 100));
    add(`DOM change → detected, pure detector (watchPage+detect), churn (p50 / p95)`, `${ms(d.underChurn.pureDetector.detected.p50)} / ${ms(d.underChurn.pureDetector.detected.p95)}`, 'p95 ≤ 100 ms', within(d.underChurn.pureDetector.detected.p95, 100));
    add('DOM change → detected, content script, quiet page (p50 / p95)', `${ms(d.quiet.contentScript.detected.p50)} / ${ms(d.quiet.contentScript.detected.p95)}`, 'p95 ≤ 100 ms', within(d.quiet.contentScript.detected.p95, 100));
    add('DOM change → card painted, churn (p50 / p95; for reference)', `${ms(cs.cardPainted.p50)} / ${ms(cs.cardPainted.p95)}`, '—', null);
    const steady = d.steadyChurn;
    add('Long tasks during churn, steady state (with / without extension)', `${steady.with.longTasks} / ${steady.without.longTasks}`, '0 caused by the extension', steady.with.longTasks <= steady.without.longTasks);
    add('Main-thread script time during churn (with / without)', `${num(steady.with.scriptMsPerSecond)} / ${num(steady.without.scriptMsPerSecond)} ms per s`, '—', null);
  }
  const sb = r.sidebar;
  if (sb) {
    add('Detection → sidebar painted, cached data, warm worker (p50 / p95)', `${ms(sb.warm.p50)} / ${ms(sb.warm.p95)}`, 'p95 ≤ 200 ms', within(sb.warm.p95, 200));
    add('Detection → sidebar painted, cached data, cold worker (p50 / p95)', `${ms(sb.cold.p50)} / ${ms(sb.cold.p95)}`, 'p95 ≤ 400 ms', within(sb.cold.p95, 400));
    if (sb.firstPaint) {
      const f = sb.firstPaint;
      add(`Detection → first card of a fresh tab painted, nobody found at start, warm worker (p50 / p95, ${f.samples} tabs; sidebar host there at start in ${f.hostAtStart})`, `${ms(f.p50)} / ${ms(f.p95)}`, 'p95 ≤ 200 ms', within(f.p95, 200));
    }
  }
  const thread = r.pageCost?.['gmail-thread-30'];
  if (thread) {
    const longest = thread.metrics.longestTaskMs;
    add('Longest main-thread task loading the thread page with the sidebar (p95, with / without)', `${ms(longest.with.p95)} / ${ms(longest.without.p95)}`, 'first sidebar mount ≤ 100 ms', within(longest.with.p95, 100));
  }
  for (const size of r.lookup?.sizes ?? []) {
    const label = `Lookup, 2,000 Zipf draws after the first ones (summary and the newest 20 and oldest 30 events; insights; touches), ${size.events.toLocaleString('en')} events / ${size.prospects.toLocaleString('en')} prospects (p50 / p95)`;
    if (size.measured) add(label, `${ms(size.lookupMs.p50)} / ${ms(size.lookupMs.p95)}`, `p95 ≤ ${size.budgetP95Ms} ms`, within(size.lookupMs.p95, size.budgetP95Ms));
    if (size.measured && size.firstLookupMs) add(`Lookup, a person's first after the import, ${size.events.toLocaleString('en')} events, ${size.firstLookups} people (p50 / p95; how many read their events)`, `${ms(size.firstLookupMs.p50)} / ${ms(size.firstLookupMs.p95)} (${size.firstLookupsReadingEvents})`, `p95 ≤ ${size.budgetP95Ms} ms`, within(size.firstLookupMs.p95, size.budgetP95Ms));
    if (size.measured && size.firstLookupSummaryChars) add(`Lookup, a person's first after the import, ${size.events.toLocaleString('en')} events: the summary it read (JSON, p50 / p95)`, `${num(size.firstLookupSummaryChars.p50 / 1000, 1)} / ${num(size.firstLookupSummaryChars.p95 / 1000, 1)} KB`, '—', null);
    for (const band of (size.measured && size.firstLookupByHistory) || []) {
      if (band.ms.n > 0) add(`Lookup, a person's first after the import, ${size.events.toLocaleString('en')} events, people with ${band.band} (p50 / p95; people)`, `${ms(band.ms.p50)} / ${ms(band.ms.p95)}; ${band.ms.n}`, '—', null);
    }
    if (size.measured && size.samePeopleAgainMs) add(`Lookup, the same people again after the 2,000, ${size.events.toLocaleString('en')} events (p50 / p95)`, `${ms(size.samePeopleAgainMs.p50)} / ${ms(size.samePeopleAgainMs.p95)}`, '—', null);
    if (size.measured && size.unknownPeopleMs) add(`Lookup, ${size.firstLookups} people nobody stored, ${size.events.toLocaleString('en')} events (p50 / p95)`, `${ms(size.unknownPeopleMs.p50)} / ${ms(size.unknownPeopleMs.p95)}`, `p95 ≤ ${size.budgetP95Ms} ms`, within(size.unknownPeopleMs.p95, size.budgetP95Ms));
    if (!size.measured) add(label, `not measured: wrote ${size.written.toLocaleString('en')} events in ${num(size.writeSeconds, 0)} s (${num(size.eventsPerSecond, 0)} events/s), the rest would not fit the run`, `p95 ≤ ${size.budgetP95Ms} ms`, null);
  }
  if (r.lookup) add('Lookup p95 growth, 10k → 1M', r.lookup.p95Growth10kTo1M === null ? 'n/a (1M not measured)' : `${num(r.lookup.p95Growth10kTo1M, 2)}×`, '≤ 2×', r.lookup.p95Growth10kTo1M === null ? null : r.lookup.p95Growth10kTo1M <= 2);
  const firstGrowth = r.lookup?.firstLookupP95Growth10kTo1M;
  if (firstGrowth !== undefined) add('Lookup p95 growth, 10k → 1M, a person\'s first after the import', firstGrowth === null ? 'n/a (1M not measured)' : `${num(firstGrowth, 2)}×`, '≤ 2×', firstGrowth === null ? null : firstGrowth <= 2);
  for (const band of r.lookup?.firstLookupP95GrowthByHistory ?? []) {
    add(`Lookup p95 growth, 10k → 1M, a person's first after the import, people with ${band.band} (people at 10k / 1M)`, band.growth === null ? `n/a (fewer than 20 people at a size: ${band.people10k} / ${band.people1M})` : `${num(band.growth, 2)}× (${band.people10k} / ${band.people1M})`, '—', null);
  }
  const imp = r.import;
  if (imp) {
    add(`CSV import, ${imp.rows.toLocaleString('en')} canonical rows`, `${num(imp.rowsPerSecond, 0)} rows/s (${num(imp.seconds, 1)} s)`, '≥ 10,000 rows/s (DESIGN.md; issue 18 measures against bare IndexedDB instead, below)', imp.rowsPerSecond >= 10_000);
    if (imp.bareIdbPerSecond) add('CSV import vs bare IndexedDB (same run, store with the events store\'s indexes)', `${num(imp.rowsPerSecond, 0)} / ${num(imp.bareIdbPerSecond, 0)} records/s = ${num(imp.ratio * 100, 0)}% (no indexes: ${num(imp.bareIdbNoIndexesPerSecond, 0)}/s)`, '≥ 90%', imp.ratio >= 0.9);
    if (imp.bareIdbFiledIndexesPerSecond) add('CSV import vs bare IndexedDB with the four indexes the store had when issue 18 was filed', `${num(imp.rowsPerSecond, 0)} / ${num(imp.bareIdbFiledIndexesPerSecond, 0)} records/s = ${num(imp.ratioFiledIndexes * 100, 0)}%`, '≥ 90%', imp.ratioFiledIndexes >= 0.9);
    if (imp.upgradedInstall) add('CSV import into a database upgraded from v4 that still holds events one per record (each id looked up there first)', `${num(imp.upgradedInstall.rowsPerSecond, 0)} rows/s = ${num(imp.upgradedInstall.ratio * 100, 0)}% of the same yardstick`, '—', null);
    if (imp.legacyMigration) {
      const m = imp.legacyMigration;
      add(`Moving such an install's ${m.events.toLocaleString('en')} old events into chunks (the background's migration, without its pauses)`, `${num(m.eventsPerSecond, 0)} events/s (${num(m.seconds, 1)} s; ${num(m.left, 0)} left, ${num(m.chunked, 0)} in chunks); a batch of ${m.batch}: p95 ${ms(m.batchP95Ms)}, max ${ms(m.batchMaxMs)}`, '— (a lookup that reads events may wait one batch)', null);
    }
    add('CSV import, longest main-thread task', `${ms(imp.longestTaskMs)} (${imp.longTasks} tasks > 50 ms)`, 'no task > 50 ms (issue 18)', imp.longTasks === 0);
    add('CSV import, peak JS heap of the page', `${num(imp.heapPeakMB)} MB (file ${num(imp.bytes / 2 ** 20)} MB)`, 'bounded (streamed)', null);
  }
  if (sb) {
    const h = sb.workerHeap;
    add(`Worker JS heap after ${h.lookups} lookups (used; after a forced GC)`, `${num(h.afterMB, 2)} MB; ${num(h.afterGcMB, 2)} MB (before: ${num(h.beforeMB, 2)} MB)`, '—', null);
  }
  for (const [name, f] of Object.entries(r.pageCost ?? {})) {
    add(`Content-script heap per tab ≈ page JS heap with − without, ${name} (p50)`, `${num(f.metrics.heapMB.diffP50, 2)} MB`, '—', null);
  }
  return rows;
}

function abTable(pageCost) {
  const lines = ['| fixture | metric | with p50 / p95 | without p50 / p95 | ratio p50 | Δ p50 | Δ p95 |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const [name, f] of Object.entries(pageCost)) {
    for (const [metric, m] of Object.entries(f.metrics)) {
      lines.push(`| ${name} | ${metric} | ${num(m.with.p50, 2)} / ${num(m.with.p95, 2)} | ${num(m.without.p50, 2)} / ${num(m.without.p95, 2)} | ${m.ratioP50 === null ? 'n/a' : num(m.ratioP50, 2) + '×'} | ${num(m.diffP50, 2)} | ${num(m.diffP95, 2)} |`);
    }
  }
  return lines;
}

export function markdown(r) {
  const m = r.machine;
  const lines = [
    `# Prospect Lens benchmarks — ${r.date}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${num(m.memoryGB, 1)} GB memory, ${m.os}; ${m.chromium}; Node ${m.node}.`,
    `Load average (1/5/15 min) at start ${m.loadStart.map((v) => v.toFixed(2)).join(' / ')}, at end ${m.loadEnd.map((v) => v.toFixed(2)).join(' / ')}.`,
    `Last run: build ${r.build.commit}${r.build.dirty ? ' with uncommitted changes' : ''}, ${num(r.totalSeconds, 0)} s. Which build and load each suite saw: "When each suite ran" below.`,
    '',
    '| figure | measured | budget | verdict |',
    '| --- | --- | --- | --- |',
    ...budgetRows(r),
  ];
  if (r.pageCost) {
    const runs = Object.values(r.pageCost)[0]?.runs;
    lines.push('', `## Page cost, A/B (${runs} runs each, extension vs. the same browser without it)`, '',
      'CDP Performance.getMetrics on each fresh tab after load + settle: scriptMs = ScriptDuration, taskMs = TaskDuration (main-thread CPU time, thread ticks), layouts = LayoutCount, heapMB = JSHeapUsedSize; longTasks / longestTaskMs from a longtask PerformanceObserver.', '',
      ...abTable(r.pageCost));
  }
  const runs = Object.entries(r.suiteRuns ?? {});
  if (runs.length) {
    lines.push('', '## When each suite ran', '', '| suite | build | started (UTC) | seconds | load average before → after (1 min) |', '| --- | --- | --- | --- | --- |');
    for (const [suite, run] of runs) {
      const build = run.build ? `${run.build.commit}${run.build.dirty ? '+' : ''}` : '?';
      lines.push(`| ${suite} | ${build} | ${run.at.slice(0, 19).replace('T', ' ')} | ${num(run.seconds, 0)} | ${num(run.loadBefore[0], 2)} → ${num(run.loadAfter[0], 2)} |`);
    }
  }
  if (r.notes?.length) lines.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  if (r.errors?.length) lines.push('', '## Errors', '', ...r.errors.map((e) => `- ${e}`));
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  writeFileSync(file.replace(/\.json$/, '.md'), markdown(JSON.parse(readFileSync(file, 'utf8'))));
}
