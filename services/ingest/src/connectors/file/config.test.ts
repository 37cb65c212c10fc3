import { describe, expect, it } from 'vitest';
import { parseSourcesFile } from '../../sources-file';
import { createFileConnector } from './connector';
import { formatFromFileName } from './config';
import { testConnectorDeps } from '../../testing/connector-deps';

describe('file source config', () => {
  it('reads a file source from the sources file with its mapping', () => {
    const yaml = [
      'sources:',
      '  - id: fft',
      '    type: file',
      '    every: 1d',
      '    lang: en',
      '    mapping: { text: Comment, time: Date, question: Question }',
    ].join('\n');
    const [source] = parseSourcesFile(yaml, 'sources.yaml', {}).sources;
    expect(source).toMatchObject({
      id: 'fft',
      type: 'file',
      pollEverySeconds: 86_400,
      synthetic: false,
      config: { mapping: { text: 'Comment', time: 'Date', question: 'Question' }, platform: 'file', lang: 'en' },
    });
  });

  it('needs a mapping with text and time', () => {
    const yaml = 'sources:\n  - id: fft\n    type: file\n    mapping: { text: Comment }\n';
    expect(() => parseSourcesFile(yaml, 'sources.yaml', {})).toThrow(/line 4: sources\[0\]\.mapping\.time/);
  });

  it('tells the format from the extension', () => {
    expect(['a.CSV', 'b.jsonl', 'c.ndjson', 'd.xlsx', 'e.xls', 'f'].map(formatFromFileName)).toEqual([
      'csv',
      'jsonl',
      'jsonl',
      'xlsx',
      null,
      null,
    ]);
  });

  it('polls to an empty page that keeps the cursor', async () => {
    const page = await createFileConnector({ id: 'fft', config: {} }, testConnectorDeps()).fetchPage({ a: 1 });
    expect(page).toEqual({ items: [], quarantined: [], nextCursor: { a: 1 }, full: false });
  });
});
