/**
 * The line break is read from the header, but a header saved apart from the rows (typed in Notepad
 * over a Unix export) can end in \r\n while the rows end in \n, or the other way round. Read with the
 * header's \r\n, \n rows never ended: the whole file was one row, rejected as the wrong number of values.
 */
import fc from 'fast-check';
import { importText } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents } from '@/lib/store/events';
import { getProspect } from '@/lib/store/prospects';
import { csvRecordsOf as records } from './helpers';

afterEach(closeDbForTests);

const HEADER = 'email,name,event_type,occurred_at,event_title';
const row = (i: number) => `p${i}@acme.test,P ${i},email_open,2026-01-01T00:00:00Z,Title ${i}`;


describe('mixed line breaks', () => {
  it('imports \\n rows under a header that ends in \\r\\n', async () => {
    const text = `${HEADER}\r\n${Array.from({ length: 50 }, (_, i) => row(i)).join('\n')}\n`;
    expect(await importText(text, 'notepad-header.csv')).toMatchObject({ recordsRead: 50, imported: 50, rejected: 0 });
    expect(await countEvents()).toBe(50);
    expect((await getProspect('p49@acme.test'))?.name).toBe('P 49');
  });

  it('imports \\r\\n rows, quoted last values among them, under a header that ends in \\n', async () => {
    const text = `${HEADER}\n${Array.from({ length: 20 }, (_, i) => (i % 2 ? row(i) : row(i).replace(/Title (\d+)$/, '"Title, $1"'))).join('\r\n')}\r\n`;
    expect(await importText(text, 'mixed.csv')).toMatchObject({ recordsRead: 20, imported: 20, rejected: 0 });
  });

  it('keeps \\r off the last value, a blank \\r\\n line blank, and a quoted line break whole, however the text is cut', async () => {
    const text = 'email,title\r\na@x.test,"two\r\nlines"\r\n\r\nb@x.test,plain\nc@x.test,"say ""hi"""\r\n';
    const expected = [
      { line: 1, fields: ['email', 'title'] },
      { line: 2, fields: ['a@x.test', 'two\r\nlines'] },
      { line: 5, fields: ['b@x.test', 'plain'] },
      { line: 6, fields: ['c@x.test', 'say "hi"'] },
    ];
    expect(await records(text)).toEqual(expected);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await records(text, cuts)).toEqual(expected);
      }),
    );
  });

  it('still reads an old Mac file, whose lines end in \\r alone', async () => {
    expect(await records('a;b\r1;"x\ry"\r3;4\r')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\ry'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });
});
