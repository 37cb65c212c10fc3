import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createImport, getImport } from '@lp/db/queries/imports';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { createPseudonymiser } from '../lib/pseudonym';
import { count, countPending, countPosts } from '../testing/db-checks';
import { TEST_PSEUDONYM_KEY, waitFor } from '../testing/harness';
import { usePipeline } from '../testing/pipeline-test';
import { ImportRequestError, importFileNow } from './import-file';

const MAPPING = { text: 'Comment', time: 'Date', author: 'Name', question: 'Question' };
const FFT: SourceSpec = {
  id: 'fft',
  type: 'file',
  config: { mapping: MAPPING, lang: 'en' },
  enabled: true,
  synthetic: false,
  pollEverySeconds: 86_400,
};

const CSV = [
  'Date,Question,Comment,Name',
  '02/01/2025 09:15,What did we do well?,"The nurses were kind and caring,\nthank you",Pat',
  '02/01/2025 10:00,What could we improve?,Waited four hours in A&E,',
  '03/01/2025 11:00,What could we improve?,,Sam',
  'last Tuesday,What did we do well?,Friendly reception staff,',
  '2025-01-04T12:00:00Z,What did we do well?,Clean ward and good food,Lee',
].join('\r\n');

describe('file imports through the real pipeline', () => {
  const log = pino({ level: 'silent' });
  const { db, start, stop, ingest, poll } = usePipeline();
  beforeEach(async () => {
    await start({ sources: [FFT] });
  });

  const deps = () => ({
    db: ingest().handle.db,
    tagQueue: ingest().queues['tag-posts'],
    pseudonymise: createPseudonymiser(TEST_PSEUDONYM_KEY),
    log,
  });

  it('stores and tags the good rows, reports the bad ones, and a re-import adds nothing', async () => {
    const first = await importFileNow(deps(), { sourceId: 'fft', fileName: 'fft.csv', content: Buffer.from(CSV) });
    expect(first.outcome.status).toBe('done');
    expect(first.row).toMatchObject({
      status: 'done',
      format: 'csv',
      rowsTotal: 5,
      rowsStored: 3,
      rowsDuplicate: 0,
      rowsFailed: 2,
      content: null,
    });
    expect(first.row.errors).toEqual([
      { row: 4, error: 'no text in column "Comment"' },
      { row: 5, error: expect.stringContaining('"last Tuesday" in column "Date" is not a time') },
    ]);
    await waitFor(async () => (await countPosts(db)) === 3 && (await countPending(db)) === 0, '3 tagged posts');

    const posts = await db.execute<{ text: string; published_at: string; author_pseudonym: string | null }>(
      sql`select text, published_at, author_pseudonym from posts order by published_at`,
    );
    expect(posts.rows.map((p) => p.text)).toEqual([
      'The nurses were kind and caring,\nthank you',
      'Waited four hours in A&E',
      'Clean ward and good food',
    ]);
    expect(new Date(posts.rows[0]!.published_at).toISOString()).toBe('2025-01-02T09:15:00.000Z');
    expect(posts.rows[0]!.author_pseudonym).toMatch(/^a_/);
    expect(JSON.stringify(posts.rows)).not.toContain('Pat');
    const tagged = await count(db, sql`select count(distinct post_id)::int as n from post_sentiments`);
    expect(tagged).toBe(3);
    const question = await db.execute<{ q: string }>(
      sql`select draft->>'question' as q from raw_items order by id limit 1`,
    );
    expect(question.rows[0]!.q).toBe('What did we do well?');

    const again = await importFileNow(deps(), {
      sourceId: 'fft',
      fileName: 'fft-again.csv',
      content: Buffer.from(CSV),
    });
    expect(again.row).toMatchObject({ status: 'done', rowsTotal: 5, rowsStored: 0, rowsDuplicate: 3, rowsFailed: 2 });
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(3);
    expect(await countPosts(db)).toBe(3);
  });

  it('processes an uploaded file on the import-file queue, and polling a file source stores nothing', async () => {
    const row = await createImport(db, {
      sourceId: 'fft',
      fileName: 'upload.jsonl',
      sha256: 'x',
      format: 'jsonl',
      mapping: MAPPING,
      content: Buffer.from(
        [
          JSON.stringify({ Comment: 'Great physio team', Date: '2025-02-01T10:00:00Z' }),
          '{not json',
          JSON.stringify({ Comment: 'Parking is hopeless', Date: '2025-02-01T11:00:00Z', Name: 'Ali' }),
        ].join('\n'),
      ),
    });
    await ingest().queues['import-file'].add('import-file', { importId: row.id });
    const done = await waitFor(async () => {
      const r = await getImport(db, row.id);
      return r?.status === 'done' ? r : null;
    }, 'the import to finish');
    expect(done).toMatchObject({ rowsTotal: 3, rowsStored: 2, rowsFailed: 1, content: null });
    expect(done.errors).toEqual([{ row: 2, error: expect.stringContaining('not valid JSON') }]);
    await waitFor(async () => (await countPosts(db)) === 2, '2 tagged posts');

    await poll('fft');
    await waitFor(async () => (await getSource(db, 'fft'))?.lastSuccessAt, 'the poll of the file source');
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(2);
  });

  it('an upload whose job Redis lost is re-enqueued by the sweeper', async () => {
    await stop();
    await start({
      sources: [FFT],
      roles: ['poll', 'nlp', 'sweep'],
      sweepIntervalMs: 200,
      staleSeconds: 1,
    });
    // An upload stored in Postgres whose job never reached Redis.
    const row = await createImport(db, {
      sourceId: 'fft',
      fileName: 'lost.jsonl',
      sha256: 'y',
      format: 'jsonl',
      mapping: MAPPING,
      content: Buffer.from(JSON.stringify({ Comment: 'Lovely midwives', Date: '2025-02-02T10:00:00Z' })),
    });
    const done = await waitFor(async () => {
      const r = await getImport(db, row.id);
      return r?.status === 'done' ? r : null;
    }, 'the swept import to finish');
    expect(done).toMatchObject({ rowsStored: 1, rowsFailed: 0 });
    await waitFor(async () => (await countPosts(db)) === 1, 'the tagged post');
  });

  it('fails an unreadable file with its reason, and refuses sources that are not file sources', async () => {
    const bad = await importFileNow(deps(), {
      sourceId: 'fft',
      fileName: 'fft.xlsx',
      content: Buffer.from('not a workbook'),
    });
    expect(bad.row).toMatchObject({ status: 'failed', content: null });
    expect(bad.row.error).toMatch(/not a readable XLSX/);
    await expect(
      importFileNow(deps(), { sourceId: 'nope', fileName: 'a.csv', content: Buffer.from(CSV) }),
    ).rejects.toThrow(ImportRequestError);
    await expect(
      importFileNow(deps(), { sourceId: 'fft', fileName: 'a.pdf', content: Buffer.from(CSV) }),
    ).rejects.toThrow(/cannot tell the format/);
  });
});
