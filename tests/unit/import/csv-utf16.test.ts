/**
 * Excel's "Unicode Text" is UTF-16 with a byte order mark, tab separated. Read as windows-1252 it was
 * letters and NUL bytes, and the rep was told the file had no email column.
 */
import { importFile } from '@/lib/import';
import { csvRecords } from '@/lib/import/csv-records';
import { blobChunks, FileDecoder } from '@/lib/import/text-chunks';
import { closeDbForTests } from '@/lib/store/db';
import { getProspect } from '@/lib/store/prospects';

afterEach(closeDbForTests);

/** The text as UTF-16 (little or big endian) after its byte order mark, as Excel writes it. */
function utf16(text: string, endian: 'le' | 'be') {
  const units = `\uFEFF${text}`;
  const bytes = new Uint8Array(units.length * 2);
  for (let k = 0; k < units.length; k++) {
    const [low, high] = [units.charCodeAt(k) & 0xff, units.charCodeAt(k) >> 8];
    bytes.set(endian === 'le' ? [low, high] : [high, low], 2 * k);
  }
  return bytes;
}

// "Société, Générale" holds a comma: in a tab-separated file it is one value. 😀 is a surrogate pair.
const TEXT =
  'email\tname\tcompany\tevent_type\toccurred_at\tevent_title\r\n' +
  'jose@acme.test\tJosé Müller\tSociété, Générale\temail_open\t2026-11-01T09:00:00Z\tHi 😀\r\n';

describe('a UTF-16 file (Excel "Unicode Text")', () => {
  it.each(['le', 'be'] as const)('imports, little or big endian (%s)', async (endian) => {
    const summary = await importFile(new File([utf16(TEXT, endian)], 'unicode-text.txt'));
    expect(summary).toMatchObject({ recordsRead: 1, imported: 1, rejected: 0 });
    expect(await getProspect('jose@acme.test')).toMatchObject({ name: 'José Müller', company: 'Société, Générale' });
  });

  it('reads the same text whatever size the slices are, a byte order mark or a character split between two', async () => {
    for (const endian of ['le', 'be'] as const) {
      const bytes = utf16(TEXT, endian);
      for (const size of [1, 2, 3, 5, 64]) {
        let text = '';
        for await (const chunk of blobChunks(new Blob([bytes]), size)) text += chunk.text;
        expect(text, `${endian}, ${size}`).toBe(TEXT);
      }
    }
  });

  it('splits its rows at tabs', async () => {
    const out = [];
    for await (const piece of csvRecords(blobChunks(new Blob([utf16(TEXT, 'le')]), 7))) out.push(...piece.records.map((r) => r.fields));
    expect(out[1]).toEqual(['jose@acme.test', 'José Müller', 'Société, Générale', 'email_open', '2026-11-01T09:00:00Z', 'Hi 😀']);
  });

  it('is read as tab separated even when a column name in its header holds a comma', async () => {
    const text = 'email\tname\tCompany, Inc.\r\njose@acme.test\tJosé\tAcme, Inc.\r\n';
    const out = [];
    for await (const piece of csvRecords(blobChunks(new Blob([utf16(text, 'le')])))) out.push(...piece.records.map((r) => r.fields));
    expect(out).toEqual([
      ['email', 'name', 'Company, Inc.'],
      ['jose@acme.test', 'José', 'Acme, Inc.'],
    ]);
  });

  it('is told apart from a one-byte file and from windows-1252 text that starts with "ÿ"', () => {
    expect(new FileDecoder().decode(Uint8Array.of(0x61), true)).toBe('a');
    const decoder = new FileDecoder();
    expect(decoder.decode(Uint8Array.of(0xff)) + decoder.decode(Uint8Array.of(0x61, 0x2c, 0x62), true)).toBe('ÿa,b');
  });
});
