import { describe, expect, it } from 'vitest';
import {
  defaultFormat,
  formatFileSize,
  formatFromFileName,
  hasUnfinishedImport,
  MAX_IMPORT_BYTES,
  savedMapping,
  uploadProblem,
} from './imports';

describe('formatFromFileName', () => {
  it('follows the API rules for extensions, ignoring case', () => {
    expect(formatFromFileName('fft-jan.csv')).toBe('csv');
    expect(formatFromFileName('Export.TSV')).toBe('csv');
    expect(formatFromFileName('notes.txt')).toBe('csv');
    expect(formatFromFileName('posts.jsonl')).toBe('jsonl');
    expect(formatFromFileName('posts.ndjson')).toBe('jsonl');
    expect(formatFromFileName('FFT Q1.XLSX')).toBe('xlsx');
  });

  it('says nothing for extensions it cannot read', () => {
    expect(formatFromFileName('old.xls')).toBeNull();
    expect(formatFromFileName('report.pdf')).toBeNull();
    expect(formatFromFileName('no-extension')).toBeNull();
    expect(formatFromFileName('csv')).toBeNull();
    expect(formatFromFileName('')).toBeNull();
  });
});

describe('defaultFormat', () => {
  it("prefers the file's extension, then the source's saved format", () => {
    expect(defaultFormat('a.jsonl', 'csv')).toBe('jsonl');
    expect(defaultFormat('export.dat', 'xlsx')).toBe('xlsx');
    expect(defaultFormat('export.dat', 'pdf')).toBeNull();
    expect(defaultFormat('export.dat', undefined)).toBeNull();
  });
});

describe('uploadProblem', () => {
  it('explains what is missing before anything is sent', () => {
    expect(uploadProblem(null, 'csv')).toBe('Choose a file to import.');
    expect(uploadProblem({ name: 'a.csv', size: 0 }, 'csv')).toBe('"a.csv" is empty.');
    expect(uploadProblem({ name: 'a.dat', size: 10 }, null)).toMatch(/Choose the format of "a.dat"/);
    expect(uploadProblem({ name: 'big.csv', size: MAX_IMPORT_BYTES + 1 }, 'csv')).toBe(
      '"big.csv" is 20 MB; files can be at most 20 MB.',
    );
  });

  it('accepts a file up to the limit', () => {
    expect(uploadProblem({ name: 'a.csv', size: MAX_IMPORT_BYTES }, 'csv')).toBeNull();
  });
});

describe('formatFileSize', () => {
  it('reads like a person would say it', () => {
    expect(formatFileSize(1)).toBe('1 byte');
    expect(formatFileSize(512)).toBe('512 bytes');
    expect(formatFileSize(14_540)).toBe('14.2 KB');
    expect(formatFileSize(20 * 1024 * 1024)).toBe('20 MB');
  });
});

describe('hasUnfinishedImport', () => {
  it('is true while any import is queued or running', () => {
    expect(hasUnfinishedImport([])).toBe(false);
    expect(hasUnfinishedImport([{ status: 'done' }, { status: 'failed' }])).toBe(false);
    expect(hasUnfinishedImport([{ status: 'done' }, { status: 'pending' }])).toBe(true);
    expect(hasUnfinishedImport([{ status: 'running' }])).toBe(true);
  });
});

describe('savedMapping', () => {
  it('lists the mapped columns in a fixed order', () => {
    expect(savedMapping({ mapping: { time: 'Date', question: 'Question', text: 'Comment' } })).toEqual([
      { field: 'text', label: 'Text', column: 'Comment' },
      { field: 'time', label: 'Time', column: 'Date' },
      { field: 'question', label: 'Question', column: 'Question' },
    ]);
  });

  it('is null when the API would refuse uploads', () => {
    expect(savedMapping({})).toBeNull();
    expect(savedMapping({ mapping: { text: 'Comment' } })).toBeNull();
    expect(savedMapping({ mapping: 'Comment,Date' })).toBeNull();
  });
});
