/**
 * One odd value costs only its own row: a column or key named like something every JavaScript object
 * has (`constructor`, `toString`, `__proto__`), or a value nested thousands of levels deep, is the
 * file's text like any other. Either failed the whole import (or restore) with a JavaScript error
 * when a rejected row's values were copied for the rejected-rows file, after its batch was written.
 */
import { importText, rejectedRowsCsv, rowReason } from '@/lib/import';
import { MAX_JSON_NESTING } from '@/lib/import/json-value';
import { problem } from '@/lib/import/reasons';
import { originalValues } from '@/lib/import/records';
import { fromWorker } from '@/lib/import/worker-protocol';
import { closeDbForTests } from '@/lib/store/db';
import { allEvents, allProspects } from './helpers';

afterEach(closeDbForTests);

const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

/** What the worker hands the page is the summary the page gets (worker-protocol.ts checks it). */
const crosses = (summary: unknown) => expect(fromWorker.safeParse({ type: 'done', summary }).success).toBe(true);

describe('columns named like what every object has', () => {
  it('a CSV: the bad row is rejected with its values, the good one imported', async () => {
    const header = ['email', 'event_type', 'occurred_at', ...PROTOTYPE_NAMES].join(',');
    const text = [header, 'dana@northwind.example,email_open,2026-11-01T09:00:00Z,a,b,c,d,e', 'nope,email_open,2026-11-01T09:00:00Z,1,2,3,4,5'].join('\n');
    const summary = await importText(text, 'odd-columns.csv');
    expect(summary).toMatchObject({ recordsRead: 2, imported: 1, rejected: 1, unknownColumns: PROTOTYPE_NAMES });
    const values = summary.rejectedRows[0]!.values!;
    expect(PROTOTYPE_NAMES.map((name) => Object.hasOwn(values, name) && values[name])).toEqual(['1', '2', '3', '4', '5']);
    expect(rejectedRowsCsv(summary).split('\r\n')[1]).toBe("nope,email_open,2026-11-01T09:00:00Z,1,2,3,4,5,email 'nope' is not an email address,3");
    expect((await allProspects()).map((p) => p.key)).toEqual(['dana@northwind.example']);
    crosses(summary);
  });

  it('a JSON array: each key keeps its value in the rejected-rows file, `__proto__` too', async () => {
    const good = { email: 'dana@northwind.example', event_type: 'email_open', occurred_at: '2026-11-01T09:00:00Z' };
    // As a file has it: JSON.parse makes `__proto__` a key like any other.
    const text = `[\n${JSON.stringify(good)},\n{"email":"nope","constructor":"x","toString":"y","__proto__":"z"}\n]`;
    const summary = await importText(text, 'odd-keys.json');
    expect(summary).toMatchObject({ recordsRead: 2, imported: 1, rejected: 1 });
    const values = summary.rejectedRows[0]!.values!;
    expect(['constructor', 'toString', '__proto__'].map((name) => Object.hasOwn(values, name) && values[name])).toEqual(['x', 'y', 'z']);
    expect(rejectedRowsCsv(summary).split('\r\n')[0]).toBe('email,constructor,toString,__proto__,reason,line');
    crosses(summary);
  });

  it('the rejected-rows file writes nothing inherited for a row without a column another row has', () => {
    const text = rejectedRowsCsv({
      rejectedRows: [
        { line: 2, problems: [problem('importReason_notJson')], values: JSON.parse('{"email":"a","toString":"t","__proto__":"p"}') as Record<string, string> },
        { line: 3, problems: [problem('importReason_notJson')], values: { email: 'b' } },
      ],
    });
    expect(text.split('\r\n')[2]).toBe('b,,,not valid JSON,3');
  });

  it('a restored element: a key named `constructor` is listed as not restored', async () => {
    const person = { key: 'dana@northwind.example', emails: ['dana@northwind.example'], refs: [], constructor: 'x' };
    const summary = await importText(JSON.stringify({ format: 'prospect-lens-export', version: 1, prospects: [person], events: [], actions: [] }), 'all.json');
    expect(summary).toMatchObject({ imported: 1, rejected: 0, unknownColumns: ['prospects.constructor'] });
  });
});

describe('a value nested thousands of levels deep', () => {
  // 5,000 levels (10 KB) overflowed the stack in the browser's worker; the test runner's is deeper.
  const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
  const good = (n: number) => JSON.stringify({ email: `p${n}@northwind.example`, event_type: 'email_open', occurred_at: '2026-11-01T09:00:00Z' });
  const bad = `{"email":"deep@northwind.example","notes":${deep}}`;

  it('a JSON array: the element is rejected where it is read, the others imported', async () => {
    const summary = await importText(`[\n${good(1)},\n${bad},\n${good(2)}\n]`, 'deep.json');
    expect(summary).toMatchObject({ recordsRead: 3, imported: 2, rejected: 1 });
    expect(summary.rejectedRows).toEqual([{ line: 3, problems: [problem('importReason_notSingleValue', 'notes')] }]);
    expect(rowReason(summary.rejectedRows[0]!)).toBe('notes is not a single value');
    expect((await allEvents()).length).toBe(2);
    crosses(summary);
  });

  it('NDJSON: the line is rejected, the others imported', async () => {
    const summary = await importText([good(1), bad, good(2)].join('\n'), 'deep.ndjson');
    expect(summary).toMatchObject({ recordsRead: 3, imported: 2, rejected: 1 });
    expect(summary.rejectedRows).toEqual([{ line: 2, problems: [problem('importReason_notSingleValue', 'notes')] }]);
  });

  it('a restore: the element is rejected, the rest restored', async () => {
    const person = { key: 'dana@northwind.example', emails: ['dana@northwind.example'], refs: [] };
    const event = (n: number) => ({ id: `local:${n}`, prospectKey: person.key, source: 'local', type: 'page_view', occurredAt: `2026-11-0${n}T09:00:00.000Z` });
    // Its person is not in the file: rejected after its batch is written, when its values are copied.
    const orphan = JSON.stringify({ ...event(3), prospectKey: 'gone@northwind.example' }).replace(/}$/, `,"extra":${deep}}`);
    const text = `{"format":"prospect-lens-export","version":1,"prospects":[${JSON.stringify(person)}],"events":[${JSON.stringify(event(1))},${orphan},${JSON.stringify(event(2))}],"actions":[]}`;
    const summary = await importText(text, 'all.json');
    expect(summary).toMatchObject({ recordsRead: 4, imported: 3, rejected: 1 });
    expect(summary.rejectedRows).toEqual([{ line: 1, problems: [problem('importReason_notSingleValue', 'extra')] }]);
    expect((await allEvents()).map((e) => e.id).sort()).toEqual(['local:1', 'local:2']);
    crosses(summary);
  });

  it('is kept to MAX_JSON_NESTING levels; one at it is read as any other', async () => {
    const nested = (levels: number) => `{"email":"a@northwind.example","notes":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const at = await importText(nested(MAX_JSON_NESTING), 'at.ndjson');
    const past = await importText(nested(MAX_JSON_NESTING + 1), 'past.ndjson');
    // At the limit it reaches the row's own check (no list for a canonical column), with its values.
    expect(at.rejectedRows[0]).toMatchObject({ problems: [problem('importReason_notSingleValue', 'notes')], values: { email: 'a@northwind.example' } });
    expect(past.rejectedRows[0]).toEqual({ line: 1, problems: [problem('importReason_notSingleValue', 'notes')] });
  });

  it('should one reach the rejected-rows file all the same, it is written shortened, not thrown', () => {
    let value: unknown[] = [];
    for (let i = 0; i < 20_000; i++) value = [value];
    const values = originalValues({ line: 1, object: { email: 'a@northwind.example', notes: value } }, { unknownColumns: new Set() });
    expect(values?.email).toBe('a@northwind.example');
    expect(values?.notes).toMatch(/^\[+"…"\]+$/);
    expect(values!.notes!.length).toBeLessThan(1_000);
  });
});
