import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zImportsResponse, zImportView, type ImportView } from '@lp/contracts/imports';
import { createDb } from '@lp/db/client';
import type { SourceSpec } from '@lp/db/queries/sources';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { countPosts } from '../../../ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../../ingest/src/testing/harness';
import { buildTestApp } from '../testing';

const SOURCES: SourceSpec[] = [
  {
    id: 'fft',
    type: 'file',
    config: { mapping: { text: 'Comment', time: 'Date', question: 'Question' } },
    enabled: true,
    synthetic: false,
    pollEverySeconds: 86_400,
  },
  { id: 'demo', type: 'demo', config: {}, enabled: false, synthetic: true, pollEverySeconds: 3600 },
];

const CSV = [
  'Date,Question,Comment',
  '06/01/2025 09:00,What did we do well?,Staff explained everything clearly',
  '06/01/2025 09:05,What could we improve?,',
  '06/01/2025 09:10,What could we improve?,The wait for a bed',
].join('\n');

describe('file import API with the ingest worker', () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  let ingest: Awaited<ReturnType<typeof startTestIngest>>;
  let app: FastifyInstance;

  beforeEach(async () => {
    await resetDatabase(db.db);
    ingest = await startTestIngest({ sources: SOURCES });
    app = await buildTestApp({ queuePrefix: ingest.prefix });
  });
  afterEach(async () => {
    await app.close();
    await stopTestIngest(ingest);
  });
  afterAll(() => db.close());

  const upload = (source: string, query: string, payload: string | Buffer, type = 'text/csv') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/sources/${source}/imports?${query}`,
      headers: { 'content-type': type },
      payload,
    });

  it('accepts a file with 202 and the ingest worker imports it', async () => {
    const res = await upload('fft', 'fileName=fft-jan.csv', CSV);
    expect(res.statusCode).toBe(202);
    const accepted = zImportView.parse(res.json());
    expect(accepted).toMatchObject({ sourceId: 'fft', fileName: 'fft-jan.csv', format: 'csv', status: 'pending' });

    const done = await waitFor(async () => {
      const view = zImportView.parse((await app.inject({ url: `/api/v1/imports/${accepted.id}` })).json());
      return view.status === 'done' ? view : null;
    }, 'the import to be processed');
    expect(done).toMatchObject({ rowsTotal: 3, rowsStored: 2, rowsDuplicate: 0, rowsFailed: 1 });
    expect(done.errors).toEqual([{ row: 3, error: 'no text in column "Comment"' }]);
    await waitFor(async () => (await countPosts(db.db)) === 2, 'the imported posts to be tagged');

    const again = zImportView.parse(
      (await upload('fft', 'fileName=fft-jan.xls&format=csv', Buffer.from(CSV), 'application/octet-stream')).json(),
    );
    const second = await waitFor(async () => {
      const view = zImportView.parse((await app.inject({ url: `/api/v1/imports/${again.id}` })).json());
      return view.status === 'done' ? view : null;
    }, 'the re-import');
    expect(second).toMatchObject({ rowsStored: 0, rowsDuplicate: 2, rowsFailed: 1 });

    const list = zImportsResponse.parse((await app.inject({ url: '/api/v1/sources/fft/imports' })).json());
    expect(list.imports.map((i: ImportView) => i.id)).toEqual([again.id, accepted.id]);
    expect(await countPosts(db.db)).toBe(2);
  });

  it('refuses unknown sources, other source types, unknown formats and oversized files', async () => {
    expect((await upload('nope', 'fileName=a.csv', CSV)).statusCode).toBe(404);
    const demo = await upload('demo', 'fileName=a.csv', CSV);
    expect(demo.statusCode).toBe(400);
    expect(demo.json().error.message).toMatch(/not a file source/);
    expect((await upload('fft', 'fileName=a.pdf', CSV)).statusCode).toBe(400);
    expect((await upload('fft', 'fileName=a.csv&format=pdf', CSV)).statusCode).toBe(400);
    expect((await upload('fft', 'fileName=a.csv', '')).statusCode).toBe(400);
    const big = await upload('fft', 'fileName=a.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    expect(big.statusCode).toBe(413);
    expect((await app.inject({ url: '/api/v1/imports/999' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/sources/nope/imports' })).statusCode).toBe(404);
  });
});
