import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../lib/pseudonym';
import { ImportFileError, parseImport, type ImportRowResult, type ParseImportOptions } from './parse';

const opts: ParseImportOptions = {
  sourceId: 'fft',
  platform: 'file',
  lang: 'en',
  synthetic: false,
  pseudonymise: createPseudonymiser('k'.repeat(32)),
};
const mapping = { text: 'Comment', time: 'Date', author: 'Name' };

const drafts = (rows: ImportRowResult[]) => rows.flatMap((r) => ('draft' in r ? [r] : []));
const errors = (rows: ImportRowResult[]) => rows.flatMap((r) => ('error' in r ? [{ row: r.row, error: r.error }] : []));

describe('parseImport: CSV', () => {
  it('reads a BOM, quoted newlines and UK dates in London time', async () => {
    const csv =
      '\uFEFFDate,Comment,Name\r\n' +
      '25/12/2025 09:30,"Lovely staff,\nthank you",Jo Bloggs\r\n' +
      '01/07/2025 09:30,"She said ""wait""",\r\n';
    const rows = await parseImport(Buffer.from(csv), 'csv', mapping, opts);
    expect(errors(rows)).toEqual([]);
    const [a, b] = drafts(rows);
    expect(a!.row).toBe(2);
    expect(a!.draft.text).toBe('Lovely staff,\nthank you');
    expect(a!.draft.publishedAt).toBe('2025-12-25T09:30:00.000Z'); // GMT
    expect(b!.draft.publishedAt).toBe('2025-07-01T08:30:00.000Z'); // BST
    expect(b!.draft.text).toBe('She said "wait"');
    expect(a!.draft.authorPseudonym).toMatch(/^a_/);
    expect(JSON.stringify(a)).not.toContain('Bloggs');
    expect(b!.draft.authorPseudonym).toBeNull();
    expect(a!.draft.platform).toBe('file');
    expect(a!.draft.lang).toBe('en');
  });

  it('gives the same row the same id, derived from text, time and author', async () => {
    const csv = 'Date,Comment,Name\n2025-03-01T10:00:00Z,Good care,A\n2025-03-01T10:00:00Z,Good care,B\n';
    const once = drafts(await parseImport(Buffer.from(csv), 'csv', mapping, opts));
    const again = drafts(await parseImport(Buffer.from(csv), 'csv', mapping, opts));
    expect(once.map((r) => r.externalId)).toEqual(again.map((r) => r.externalId));
    expect(once[0]!.externalId).toMatch(/^fft:sha256:[0-9a-f]{64}$/);
    expect(once[0]!.externalId).not.toBe(once[1]!.externalId);
  });

  it('uses the mapped id column and keeps the FFT question', async () => {
    const csv = 'Ref;Question;Answer;When\n' + 'R1;What did we do well?;Kind nurses;2025-02-03 14:05\n';
    const rows = await parseImport(
      Buffer.from(csv),
      'csv',
      { text: 'Answer', time: 'When', id: 'Ref', question: 'Question' },
      opts,
    );
    const [r] = drafts(rows);
    expect(r!.externalId).toBe('fft:R1');
    expect(r!.draft.question).toBe('What did we do well?');
    expect(r!.draft.publishedAt).toBe('2025-02-03T14:05:00.000Z');
  });

  it('reports rows without text or with an unparseable time, and stores the rest', async () => {
    const csv =
      'Date,Comment\n2025-01-01T00:00:00Z,fine\n2025-01-01T00:00:00Z,\nyesterday,hmm\n,no time\n31/02/2025,bad day\n';
    const rows = await parseImport(Buffer.from(csv), 'csv', { text: 'Comment', time: 'Date' }, opts);
    expect(drafts(rows)).toHaveLength(1);
    expect(errors(rows)).toEqual([
      { row: 3, error: 'no text in column "Comment"' },
      { row: 4, error: expect.stringContaining('"yesterday" in column "Date" is not a time') },
      { row: 5, error: 'no time in column "Date"' },
      { row: 6, error: expect.stringContaining('"31/02/2025" in column "Date" is not a time') },
    ]);
  });

  it('fails the whole file when a mapped column is not in the header', async () => {
    await expect(
      parseImport(Buffer.from('When,Text\n'), 'csv', { text: 'Comment', time: 'When' }, opts),
    ).rejects.toThrow(ImportFileError);
  });

  it('matches header names case-insensitively when there is no exact match', async () => {
    const rows = await parseImport(
      Buffer.from('DATE,comment\n2025-01-01,ok\n'),
      'csv',
      { text: 'Comment', time: 'Date' },
      opts,
    );
    expect(drafts(rows)).toHaveLength(1);
  });
});

describe('parseImport: JSONL', () => {
  it('reads line by line; a bad line is a row error', async () => {
    const jsonl = [
      JSON.stringify({ Comment: 'Great A&E', Date: '2025-05-05T12:00:00+01:00', url: 'https://example.org/p/1' }),
      '{"Comment": "broken',
      '',
      JSON.stringify({ Comment: 'Second', Date: 45658.5 }),
      '[1,2]',
    ].join('\n');
    const rows = await parseImport(Buffer.from(jsonl), 'jsonl', { text: 'Comment', time: 'Date', url: 'url' }, opts);
    const ok = drafts(rows);
    expect(ok.map((r) => r.row)).toEqual([1, 4]);
    expect(ok[0]!.draft.publishedAt).toBe('2025-05-05T11:00:00.000Z');
    expect(ok[0]!.draft.url).toBe('https://example.org/p/1');
    expect(ok[1]!.draft.publishedAt).toBe('2025-01-01T12:00:00.000Z'); // Excel serial 45658.5
    expect(errors(rows)).toEqual([
      { row: 2, error: expect.stringContaining('not valid JSON') },
      { row: 5, error: 'line is JSON but not an object' },
    ]);
  });
});

describe('parseImport: XLSX', () => {
  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('FFT');
    ws.addRow(['Id', 'Question', 'Comment', 'Date']);
    ws.addRow([1, 'Overall experience', 'Very good', new Date(Date.UTC(2025, 6, 1, 9, 30))]);
    ws.addRow([
      2,
      'Overall experience',
      { richText: [{ text: 'Rich ' }, { font: { bold: true }, text: 'text' }] },
      { formula: 'DATE(2025,1,2)', result: 45659 },
    ]);
    ws.addRow([3, 'Overall experience', '', new Date(Date.UTC(2025, 0, 3))]);
    ws.addRow([]);
    ws.addRow([5, 'Overall experience', { formula: 'UPPER("loud")', result: 'LOUD' }, '2025-01-04T10:00:00Z']);
    wb.addWorksheet('ignored').addRow(['x']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet: rich text, dates, formula results; blank rows skipped', async () => {
    const rows = await parseImport(
      await workbook(),
      'xlsx',
      { text: 'Comment', time: 'Date', id: 'Id', question: 'Question' },
      opts,
    );
    const ok = drafts(rows);
    expect(ok.map((r) => [r.row, r.externalId, r.draft.text, r.draft.publishedAt])).toEqual([
      [2, 'fft:1', 'Very good', '2025-07-01T08:30:00.000Z'],
      [3, 'fft:2', 'Rich text', '2025-01-02T00:00:00.000Z'],
      [6, 'fft:5', 'LOUD', '2025-01-04T10:00:00.000Z'],
    ]);
    expect(ok[0]!.draft.question).toBe('Overall experience');
    expect(errors(rows)).toEqual([{ row: 4, error: 'no text in column "Comment"' }]);
  });

  it('fails the whole file when it is not a workbook', async () => {
    await expect(parseImport(Buffer.from('not a zip'), 'xlsx', mapping, opts)).rejects.toThrow(ImportFileError);
  });
});

describe('parseImport: the authors’ voice', () => {
  const csv =
    'Date,Comment,Role\n2025-01-06 09:00,Short staffed again,Staff Nurse\n2025-01-06 10:00,Lovely care,Patient\n';
  it('reads a role column for each author’s voice, and never stores the role', async () => {
    const rows = drafts(
      await parseImport(Buffer.from(csv), 'csv', { text: 'Comment', time: 'Date', role: 'Role' }, opts),
    );
    expect(rows.map((r) => r.draft.authorVoice?.voice)).toEqual(['staff', 'public']);
    expect(JSON.stringify(rows)).not.toContain('Staff Nurse');
  });
  it('one voice declared for the whole file wins over the role column', async () => {
    const rows = drafts(
      await parseImport(
        Buffer.from(csv),
        'csv',
        { text: 'Comment', time: 'Date', role: 'Role' },
        { ...opts, voice: 'staff' },
      ),
    );
    expect(rows.map((r) => r.draft.authorVoice)).toEqual([
      { voice: 'staff', evidence: [], profileSeen: true },
      { voice: 'staff', evidence: [], profileSeen: true },
    ]);
  });
});
