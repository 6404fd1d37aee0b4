/**
 * A stray quote rejects its own line and reading goes on with the next one (csv-stray-quote.test.ts).
 * Going on used to mean parsing the whole rest of the piece again for every stray line: quadratic, a file
 * with one on every row read 24 times slower than a clean one. What is measured here is the work, the
 * characters handed to papaparse, not the time.
 */
import { csvRecords } from '@/lib/import/csv-records';
import { stringChunks } from '@/lib/import/text-chunks';

const handed = vi.hoisted(() => ({ chars: 0, calls: 0 }));

vi.mock('papaparse', async (importOriginal) => {
  const actual = await importOriginal<{ default: typeof import('papaparse') }>();
  const Papa = actual.default;
  // The reader makes one Parser and calls its `parse` (an own property, not on the prototype) per pass.
  function Parser(this: unknown, config: unknown) {
    const parser = new Papa.Parser(config as never) as { parse: (input: string, ...rest: unknown[]) => unknown };
    const parse = parser.parse;
    parser.parse = (input, ...rest) => {
      handed.chars += input.length;
      handed.calls++;
      return parse.call(parser, input, ...rest);
    };
    return parser;
  }
  return { ...actual, default: { ...Papa, Parser } };
});

beforeEach(() => {
  handed.chars = 0;
  handed.calls = 0;
});

const HEADER = 'email,name,event_type,occurred_at\n';
const clean = (i: number) => `p${i}@acme.test,Dana Whit ${i},email_open,2026-01-01T00:00:00Z\n`;
const stray = (i: number) => `p${i}@acme.test,"Dana" Whit ${i},email_open,2026-01-01T00:00:00Z\n`;
/** One piece of about a megabyte, the most a reader is handed at once. */
const PIECE = 1_000_000;

async function read(text: string) {
  const out = [];
  for await (const piece of csvRecords(stringChunks(text, PIECE))) out.push(...piece.records);
  return out;
}

it('parses a clean piece once, whole', async () => {
  const text = HEADER + Array.from({ length: 5000 }, (_, i) => clean(i)).join('');
  expect(await read(text)).toHaveLength(5001);
  expect(handed.calls).toBe(1);
  expect(handed.chars).toBe(text.length);
});

it('does a stray quote on every row in work proportional to the text, not to its square', async () => {
  const rows = 5000;
  const text = HEADER + Array.from({ length: rows }, (_, i) => stray(i)).join('');
  const records = await read(text);
  expect(records).toHaveLength(rows + 1);
  expect(records.filter((r) => r.problem?.key === 'importReason_strayQuote').map((r) => r.line)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
  // Once whole, then each line once more in its own window. Re-parsing the rest for each line was
  // about rows / 2 times the text.
  expect(handed.chars).toBeLessThanOrEqual(2 * text.length);
});

it('reads the clean stretches between rare stray lines in windows that grow again', async () => {
  const rows = 10_000;
  const text = HEADER + Array.from({ length: rows }, (_, i) => (i % 500 === 0 ? stray(i) : clean(i))).join('');
  const records = await read(text);
  expect(records).toHaveLength(rows + 1);
  expect(records.filter((r) => r.problem).length).toBe(rows / 500);
  expect(handed.chars).toBeLessThanOrEqual(3 * text.length);
  expect(handed.calls).toBeLessThan(20 * (rows / 500));
});
