import { describe, expect, it } from 'vitest';
import { formatImportReport } from './report';

describe('formatImportReport', () => {
  it('prints the counts and every row error', () => {
    const text = formatImportReport({
      id: '7',
      sourceId: 'fft',
      fileName: 'jan.csv',
      format: 'csv',
      status: 'done',
      rowsTotal: 4,
      rowsStored: 2,
      rowsDuplicate: 1,
      rowsFailed: 1,
      errors: [{ row: 3, error: 'no text in column "Comment"' }],
      error: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:01.000Z',
    });
    expect(text).toContain('Import 7 of jan.csv (csv) into source fft: done');
    expect(text).toMatch(/stored\s+2/);
    expect(text).toMatch(/duplicate\s+1/);
    expect(text).toContain('  row 3: no text in column "Comment"');
  });
});
