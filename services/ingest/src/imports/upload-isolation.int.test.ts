import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImport, getImport, type ImportRow } from '@lp/db/queries/imports';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { newsItem, startRssFixture, type RssFixture } from '../connectors/rss/rss-fixture';
import { ImportFileError } from '../connectors/file/records';
import { isolatedReader } from '../connectors/file/read-isolated';
import { waitFor } from '../testing/harness';
import { usePipeline } from '../testing/pipeline-test';

const MAPPING = { text: 'Comment', time: 'Date' };
const FFT: SourceSpec = {
  id: 'fft',
  type: 'file',
  config: { mapping: MAPPING, lang: 'en' },
  enabled: true,
  synthetic: false,
  pollEverySeconds: 86_400,
};

/** 1.5 million short rows (19 MB): read in the poller's own thread, this held the event loop for about a minute. */
const manyRows = () => Buffer.from(`Comment,Date\n${'Short comment,2025-01-01T10:00:00Z\n'.repeat(550_000)}`);
/** An opening quote never closed: the whole 19 MB is one field. */
const unclosedQuote = () => Buffer.from(`Comment,Date\n"${'a'.repeat(19_000_000)}`);
/** Random bytes labelled as a workbook. */
const junkXlsx = () => Buffer.from(Array.from({ length: 5_000_000 }, (_, i) => (i * 7919) % 251));

/** The longest the event loop went without running a 10 ms timer, while `run` ran. */
async function longestStall<T>(run: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await run();
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('uploads are read apart from polling', () => {
  let fixture: RssFixture;
  beforeEach(async () => {
    fixture = await startRssFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, poll, ingest } = usePipeline();

  /** Polls the feed and resolves with how long it took until the poll was recorded. */
  const timedPoll = async (sourceId: string) => {
    const before = (await getSource(db, sourceId))?.lastPolledAt?.getTime() ?? 0;
    const t0 = performance.now();
    await poll(sourceId);
    await waitFor(async () => ((await getSource(db, sourceId))?.lastPolledAt?.getTime() ?? 0) > before, 'the poll');
    return performance.now() - t0;
  };

  it('a huge or malformed upload delays a concurrent poll by seconds at most, not for the whole read, and fails with its reason', async () => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(1), newsItem(2)]);
    await start({
      sources: [
        FFT,
        {
          id: 'news',
          type: 'rss',
          config: { url: fixture.feedUrl('/news.xml') },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 3600,
        },
      ],
    });
    await timedPoll('news');
    // The same poll with nothing else running, measured now on this machine.
    const quiet: number[] = [];
    for (let i = 0; i < 3; i++) quiet.push(await timedPoll('news'));
    const baseline = Math.max(...quiet);

    const uploads = [
      { fileName: 'many.csv', format: 'csv' as const, content: manyRows() },
      { fileName: 'quote.csv', format: 'csv' as const, content: unclosedQuote() },
      { fileName: 'junk.xlsx', format: 'xlsx' as const, content: junkXlsx() },
    ];
    const rows: ImportRow[] = [];
    for (const u of uploads) {
      const row = await createImport(db, { sourceId: 'fft', sha256: u.fileName, mapping: MAPPING, ...u });
      rows.push(row);
      await ingest().queues['import-file'].add('import-file', { importId: row.id });
    }
    const { result: during, stallMs } = await longestStall(async () => {
      const times: number[] = [];
      // Poll over and over while the imports run, so some poll overlaps each file's reading.
      while (true) {
        times.push(await timedPoll('news'));
        // On a loaded 2-core machine a connection can take over the pool's 5 s to open: that is a
        // check not made yet, not a stalled poll (which `timedPoll` and `longestStall` measure).
        const states = await Promise.all(rows.map(async (r) => (await getImport(db, r.id).catch(() => null))?.status));
        if (states.every((s) => s === 'done' || s === 'failed')) return times;
      }
    });
    expect(during.length).toBeGreaterThan(1);
    // Read on the event loop, these files held polling for over 60 s; apart, a poll waits at most for
    // its share of two busy cores. 15 s keeps that difference clear on a loaded CI machine (a
    // contended run here measured 1.9 s, one beside a second full test run 5.7 s; a quiet one 0.3 s).
    expect(Math.max(...during) - baseline).toBeLessThan(15_000);
    expect(stallMs).toBeLessThan(15_000);

    const [many, quote, junk] = await Promise.all(rows.map((r) => getImport(db, r.id)));
    expect(many).toMatchObject({ status: 'failed', content: null });
    expect(many!.error).toMatch(/more than 200,000 rows; split it/);
    expect(quote!.status).toBe('done');
    expect(quote!.rowsStored).toBe(0);
    expect(junk).toMatchObject({ status: 'failed' });
    expect(junk!.error).toMatch(/not a readable XLSX/);
  });

  it('the reader stops at the time and memory limits and says which', async () => {
    const rows = Buffer.from(`Comment,Date\n${'Short comment,2025-01-01T10:00:00Z\n'.repeat(300_000)}`);
    const slow = isolatedReader({ maxRows: 1_000_000, timeLimitMs: 150, maxMemoryMb: 1_024 });
    await expect(slow(rows, 'csv')).rejects.toThrow(
      new ImportFileError('reading the file took more than 150 ms; split it into smaller files'),
    );
    const small = isolatedReader({ maxRows: 1_000_000, timeLimitMs: 120_000, maxMemoryMb: 64 });
    await expect(small(rows, 'csv')).rejects.toThrow(/needed more than 64 MB of memory; split it/);
    const few = isolatedReader({ maxRows: 10, timeLimitMs: 120_000, maxMemoryMb: 256 });
    await expect(few(rows, 'csv')).rejects.toThrow(/more than 10 rows/);
    const ok = await isolatedReader({ maxRows: 300_000, timeLimitMs: 120_000, maxMemoryMb: 512 })(rows, 'csv');
    expect(ok.records).toHaveLength(300_000);
    expect(ok.records[299_999]).toEqual({
      row: 300_001,
      record: { Comment: 'Short comment', Date: '2025-01-01T10:00:00Z' },
    });
  });
});
