/** The one CSV writer behind the exports and the rejected-rows download. */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvWriter, toCsv, unguardFormula } from '@/lib/data/csv';

const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

describe('CSV writer', () => {
  it('writes a header and rows with CRLF, quoting only what needs it, values in column order', () => {
    expect(toCsv(['a', 'b'], [{ b: 'x, y', a: 'say "hi"' }, { a: 'two\nlines' }, { a: 3, b: -4 }])).toBe(
      'a,b\r\n"say ""hi""","x, y"\r\n"two\nlines",\r\n3,-4\r\n',
    );
  });

  it.each(['=HYPERLINK("https://evil.example","open")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("https://evil.example")\nsecond line'])(
    'makes %j plain text for spreadsheet apps, and it reads back with the apostrophe',
    (value) => {
      const text = toCsv(['value'], [{ value }]);
      expect(text).not.toMatch(/(^|,|\r\n)"?[=+\-@\t\r]/);
      expect(parse(text)).toEqual([{ value: `'${value}` }]);
    },
  );

  it.each(['-5', '=1+1', "'=1+1", "''@x", "'plain", "it's", '\t=1'])('gives %j back to the import as it was written', (value) => {
    const [row] = parse(toCsv(['value'], [{ value }]));
    expect(unguardFormula(row!.value!)).toBe(value);
  });

  it('takes one apostrophe off a guarded value only', () => {
    expect(unguardFormula("'-20% for early birds")).toBe('-20% for early birds');
    expect(unguardFormula("''=x")).toBe("'=x");
    expect(unguardFormula("'hello")).toBe("'hello");
    expect(unguardFormula('=x')).toBe('=x');
  });

  it('leaves ordinary text and numbers as they are', () => {
    expect(parse(toCsv(['value'], [{ value: 'a = b' }, { value: 'mail@example.com' }]))).toEqual([{ value: 'a = b' }, { value: 'mail@example.com' }]);
    expect(toCsv(['n'], [{ n: -5 }])).toBe('n\r\n-5\r\n');
  });

  it('writes in parts: the same file whatever the batch size', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: i, note: i % 2 ? `=cmd|' /C calc'!A${i}` : `row ${i}` }));
    const whole = toCsv(['id', 'note'], rows);
    const writer = new CsvWriter(['id', 'note'], 3);
    rows.forEach((r) => writer.add(r));
    expect(await writer.blob().text()).toBe(whole);
  });
});
