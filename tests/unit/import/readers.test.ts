/**
 * The streaming readers must give the same records and line numbers however the file is cut into
 * pieces: a piece can end inside a quoted value, between \r and \n, or inside a JSON string.
 */
import fc from 'fast-check';
import { csvRecords } from '@/lib/import/csv-records';
import { jsonArrayRecords, ndjsonRecords } from '@/lib/import/json-records';
import { problem } from '@/lib/import/reasons';
import { exportElements } from '@/lib/import/restore-reader';
import { blobChunks, MAX_RECORD_CHARS, RECORD_TOO_LONG, type TextChunk } from '@/lib/import/text-chunks';
import { pieces } from './helpers';


async function collect<R>(source: AsyncIterable<{ records: R[] }>): Promise<R[]> {
  const out: R[] = [];
  for await (const piece of source) out.push(...piece.records);
  return out;
}

const CSV = 'email,title\r\na@x.example,"two\r\nlines"\r\n\r\nb@x.example,"say ""hi"""\r\nc@x.example,plain\r\n';

describe('csvRecords', () => {
  it('numbers physical lines: a quoted line break spans lines, blank lines count but are not records', async () => {
    expect(await collect(csvRecords(pieces(CSV, [])))).toEqual([
      { line: 1, fields: ['email', 'title'] },
      { line: 2, fields: ['a@x.example', 'two\r\nlines'] },
      { line: 5, fields: ['b@x.example', 'say "hi"'] },
      { line: 6, fields: ['c@x.example', 'plain'] },
    ]);
  });

  it('gives the same records for any cutting of the text', async () => {
    const whole = await collect(csvRecords(pieces(CSV, [])));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: CSV.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await collect(csvRecords(pieces(CSV, cuts)))).toEqual(whole);
      }),
    );
  });

  it('reads a file without a final line break, with \\n or \\r line breaks, and semicolons', async () => {
    expect(await collect(csvRecords(pieces('a,b\n1,2', [2])))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(await collect(csvRecords(pieces('a;b\r1;"x\ry"\r3;4\r', [])))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\ry'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('reports an unclosed quote at the line where its record starts', async () => {
    const records = await collect(csvRecords(pieces('a,b\n1,2\n3,"never closed\n4,5\n', [])));
    expect(records.at(-1)).toMatchObject({ line: 3, problem: problem('importReason_unclosedQuote') });
  });

  it('stops at a record longer than the limit instead of re-reading it forever', async () => {
    const text = `a,b\n1,"${'x'.repeat(MAX_RECORD_CHARS + 10)}\n`;
    const records = await collect(csvRecords(pieces(text, [100_000, 600_000, 1_100_000])));
    expect(records.at(-1)).toMatchObject({ line: 2, problem: problem('importReason_unclosedQuoteRest') });
  });

  it('joins a multi-byte character split between two reads of the file', async () => {
    // 'ü' is two bytes in UTF-8; put the split between them.
    const bytes = new TextEncoder().encode('\uFEFFname\nJürgen\n');
    const at = bytes.indexOf(0xc3) + 1;
    const records = await collect(csvRecords(blobChunks(new Blob([bytes]), at)));
    expect(records).toEqual([
      { line: 1, fields: ['name'] },
      { line: 2, fields: ['Jürgen'] },
    ]);
  });
});

describe('blobChunks: UTF-8, or Excel-on-Windows windows-1252', () => {
  /** windows-1252 bytes of text in Latin-1's range (the letters used here). */
  const ansi = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
  const read = async (bytes: Uint8Array<ArrayBuffer>, sliceBytes: number) => {
    let text = '';
    for await (const chunk of blobChunks(new Blob([bytes]), sliceBytes)) text += chunk.text;
    return text;
  };
  const TEXT = 'email,name,company\r\njose@acme.example,José Müller,Société Générale\r\n';

  it('reads either, cut anywhere: the first bytes that are not ASCII tell which', async () => {
    const utf8 = new TextEncoder().encode(TEXT);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: utf8.length }), async (size) => {
        expect(await read(ansi(TEXT), size)).toBe(TEXT);
        expect(await read(utf8, size)).toBe(TEXT);
      }),
    );
  });

  it('reads a windows-1252 file whose first accent is many slices in', async () => {
    const text = `email,name\r\n${'a@x.example,Ann\r\n'.repeat(1000)}jose@acme.example,José\r\n`;
    expect(await read(ansi(text), 1024)).toBe(text);
  });

  it('keeps a UTF-8 byte order mark out of the text', async () => {
    expect(await read(new TextEncoder().encode(`\uFEFF${TEXT}`), 7)).toBe(TEXT);
  });

  it('keeps a UTF-8 file UTF-8 whatever stray bytes come after its first accent, which read as "�"', async () => {
    // A stray byte in the same slice as the first accent, and one slices later (a file cut mid-character).
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('name\nJürgen\n'),
      0xe9,
      ...new TextEncoder().encode(`\n${'x'.repeat(100)}\nZoë\n`),
      ...ansi('José\n'),
    ]);
    for (const size of [16, 1 << 16]) expect(await read(bytes, size)).toBe(`name\nJürgen\n\uFFFD\n${'x'.repeat(100)}\nZoë\nJos\uFFFD\n`);
  });

  it('reads a windows-1252 file whose text also happens to hold bytes a UTF-8 sequence could start with', async () => {
    // "ß" is 0xDF, a UTF-8 lead byte; followed by ASCII it is no sequence.
    const text = 'name\nStraße\nÀ la carte\n';
    for (const size of [1, 3, 64]) expect(await read(ansi(text), size)).toBe(text);
  });
});

const JSON_ARRAY = `[
  {"email": "a@x.example", "title": "brackets ] and } in \\"strings\\""},
  {"email": "b@x.example",
   "nested": {"list": [1, 2, {"x": "]"}]}},
  42,
  {"broken": tru},
  {"email": "c@x.example"}
]
`;

describe('jsonArrayRecords', () => {
  it('reads each element with the line it starts on', async () => {
    const records = await collect(jsonArrayRecords(pieces(JSON_ARRAY, [])));
    expect(records.map((r) => [r.line, r.value?.email ?? r.problem?.key])).toEqual([
      [2, 'a@x.example'],
      [3, 'b@x.example'],
      [5, 'importReason_notJsonObject'],
      [6, 'importReason_notJson'],
      [7, 'c@x.example'],
    ]);
  });

  it('gives the same records for any cutting of the text', async () => {
    const whole = await collect(jsonArrayRecords(pieces(JSON_ARRAY, [])));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: JSON_ARRAY.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await collect(jsonArrayRecords(pieces(JSON_ARRAY, cuts)))).toEqual(whole);
      }),
    );
  });

  it('says so when the file ends inside an element, or the array is malformed', async () => {
    expect(await collect(jsonArrayRecords(pieces('[{"email": "a@x.example"}, {"email": "b@', [])))).toEqual([
      { line: 1, value: { email: 'a@x.example' } },
      { line: 1, problem: problem('importReason_jsonEndsInside') },
    ]);
    const broken = await collect(jsonArrayRecords(pieces('[{"a": 1}\n{"b": 2}]', [])));
    expect(broken.at(-1)).toEqual({ line: 2, problem: problem('importReason_jsonExpectedCommaRest', 2) });
  });
});

describe('where a JSON value ends (json-value.ts, for both readers)', () => {
  // One escaped quote (odd, so no pairing of quotes hides a miss) before brackets, and a string
  // ending in an escaped backslash, whose quote does end it.
  const tricky = [{ title: 'one " quote } ] {' }, { title: 'ends in a backslash \\' }, { n: 1 }];
  const array = JSON.stringify(tricky);
  // A key this restore does not read, with the same escaped quote and brackets: listed, whole.
  const exported = JSON.stringify({ format: 'prospect-lens-export', version: 1, 'odd " key ] }': 1, events: tricky });

  it('a JSON array: every element whole, wherever the file is cut once', async () => {
    for (let cut = 0; cut < array.length; cut++) {
      const records = await collect(jsonArrayRecords(pieces(array, [cut])));
      expect(records.map((r) => r.value ?? r.problem)).toEqual(tricky);
    }
  });

  it('an export: every element of a list whole, wherever the file is cut once', async () => {
    for (let cut = 0; cut < exported.length; cut++) {
      const elements: unknown[] = [];
      const unknownKeys: string[] = [];
      for await (const piece of exportElements(pieces(exported, [cut]))) {
        elements.push(...piece.elements.map((e) => e.value ?? e.problem));
        unknownKeys.push(...piece.unknownKeys);
      }
      expect(elements).toEqual(tricky);
      expect(unknownKeys).toEqual(['odd " key ] }']);
    }
  });
});

describe('ndjsonRecords', () => {
  it('reads one object per line, skipping blank lines, for any cutting', async () => {
    const text = '{"a":1}\r\n\n{"b":"x\\ny"}\nnope\n{"c":3}';
    const expected = [
      { line: 1, value: { a: 1 } },
      { line: 3, value: { b: 'x\ny' } },
      { line: 4, problem: problem('importReason_notJson') },
      { line: 5, value: { c: 3 } },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), async (cuts) => {
        expect(await collect(ndjsonRecords(pieces(text, cuts)))).toEqual(expected);
      }),
    );
  });
});

describe('the 1 MB record limit for JSON and NDJSON', () => {
  // `{"a":"…"}` is 8 characters around the x's: exactly `chars` long in all.
  const element = (chars: number) => `{"a":"${'x'.repeat(chars - 8)}"}`;
  const under = element(MAX_RECORD_CHARS);
  const over = element(MAX_RECORD_CHARS + 1);
  // As the options page reads a file (64 KB pieces), in one piece, and cut anywhere.
  const cuttings = (length: number) => [
    Array.from({ length: Math.ceil(length / 65_536) }, (_, i) => (i + 1) * 65_536),
    [],
    [7, 999_999, 1_000_008, 1_000_010, 2_000_001, length - 3],
  ];

  it('reads an array element of exactly the limit, rejects one character more with its line, and reads on', async () => {
    const text = `[\n${under},\n${over}, {"email": "c@x.example"}\n]\n`;
    for (const cuts of cuttings(text.length)) {
      expect(await collect(jsonArrayRecords(pieces(text, cuts)))).toEqual([
        { line: 2, value: { a: 'x'.repeat(MAX_RECORD_CHARS - 8) } },
        { line: 3, problem: RECORD_TOO_LONG },
        { line: 3, value: { email: 'c@x.example' } },
      ]);
    }
  });

  it('reads an NDJSON line of exactly the limit (LF or CRLF), rejects one character more with its line, and reads on', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = `${under}${eol}${over}${eol}${eol}{"email": "c@x.example"}${eol}`;
      for (const cuts of cuttings(text.length)) {
        expect(await collect(ndjsonRecords(pieces(text, cuts)))).toEqual([
          { line: 1, value: { a: 'x'.repeat(MAX_RECORD_CHARS - 8) } },
          { line: 2, problem: RECORD_TOO_LONG },
          { line: 4, value: { email: 'c@x.example' } },
        ]);
      }
    }
  });

  it('rejects a 20 MB record after reading about 1 MB of it, not once it has been held whole', async () => {
    const PIECE = 'x'.repeat(64 * 1024);
    const cases = [
      { reader: jsonArrayRecords, head: '[\n{"email": "a@x.example"},\n{"a": "', tail: '"},\n{"email": "c@x.example"}]', line: 3 },
      { reader: ndjsonRecords, head: '{"email": "a@x.example"}\n{"a": "', tail: '"}\n{"email": "c@x.example"}\n', line: 2 },
    ];
    for (const { reader, head, tail, line } of cases) {
      let fed = 0;
      async function* chunks(): AsyncGenerator<TextChunk> {
        yield { text: head, bytesRead: head.length };
        for (let i = 0; i < 320; i++) yield { text: PIECE, bytesRead: (fed += PIECE.length) };
        yield { text: tail, bytesRead: fed + tail.length };
      }
      const seen: { record: unknown; fedBefore: number }[] = [];
      for await (const piece of reader(chunks())) for (const record of piece.records) seen.push({ record, fedBefore: fed });
      expect(seen.map((s) => s.record)).toEqual([
        { line: line - 1, value: { email: 'a@x.example' } },
        { line, problem: RECORD_TOO_LONG },
        { line: line + 1, value: { email: 'c@x.example' } },
      ]);
      // Rejected within one piece of the limit, while 19 MB of the record were still to come.
      expect(seen[1]!.fedBefore).toBeLessThanOrEqual(MAX_RECORD_CHARS + PIECE.length);
    }
  });
});
