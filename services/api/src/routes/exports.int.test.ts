import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zTrendsFigures } from '@lp/contracts/api';
import { zDataDictionary, zExportHistory, zExportJobResponse } from '@lp/contracts/exports';
import { zTokenCreated } from '@lp/contracts/tokens';
import { createDb } from '@lp/db/client';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { waitFor } from '../../../ingest/src/testing/harness';
import { POST_COLUMNS } from '../exports/dictionary';
import { writeExport } from '../exports/write';
import { buildTestApp, injectAs, signInAs, type TestUser } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
const dir = mkdtempSync(join(tmpdir(), 'lp-exports-'));
let app: FastifyInstance;
let analyst: TestUser;

// Text cells a spreadsheet would run as formulas, and ones it would not.
const TRICKY = [
  '=HYPERLINK("http://x.test","click")',
  '+44 7700 900123 rang',
  '-2 beds today',
  '@ward7 thanks',
  '\tindent',
  '\rreturn',
];
const SEED: SeedPost[] = [];
for (let d = 0; d < 14; d++) {
  const day = `2025-03-${String(3 + d).padStart(2, '0')}`;
  for (let i = 0; i < 5; i++) {
    const n = d * 5 + i;
    SEED.push({
      externalId: `x-${n}`,
      publishedAt: `${day}T${String(8 + i).padStart(2, '0')}:30:00Z`,
      text: n < TRICKY.length ? TRICKY[n] : `Post ${n}, with "quotes", commas and a line\nbreak; café ✓`,
      label: (['positive', 'neutral', 'negative', 'unscored', 'negative'] as const)[i]!,
      score: [0.6, 0, -0.55, null, -0.8][i],
      topics: i % 2 === 0 ? ['pay'] : ['staffing', 'pay'],
      voice: i === 4 ? 'public' : 'staff',
      url: `https://social.test/@a/${n}`,
      metrics: { reposts: n, likes: 2 * n, replies: 1 },
    });
  }
}
const RANGE = 'from=2025-03-03&to=2025-03-17';

beforeAll(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, SEED);
  await seedCoverage(db.db, { sources: ['seed'], from: '2025-03-03', to: '2025-03-17', gaps: ['2025-03-11'] });
  app = await buildTestApp({ as: null, exports: { dir, streamRowLimit: 40, sweepMs: 60_000 } });
  analyst = await signInAs(app, 'analyst');
});
afterAll(async () => {
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, user: TestUser | null = analyst) => injectAs(app, user, { method: 'GET', url });

/** The posts as stored, newest first, worked out here independently of the export code. */
async function stored(where = sql`true`) {
  const res = await db.db.execute<{
    id: string;
    text: string;
    url: string;
    label: string;
    score: number | null;
    voice: string;
    topics: string[];
  }>(sql`
    select p.id::text, p.text, p.url, s.label, s.score, p.voice,
      (select array_agg(t.topic_id order by t.score desc, t.topic_id) from post_topics t where t.post_id = p.id) as topics
    from posts p left join post_sentiments s on s.post_id = p.id
    where ${where}
    order by p.published_at desc, p.id desc`);
  return res.rows;
}
const formulaSafe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

describe('exports of posts', () => {
  it('CSV: UTF-8 with a BOM, RFC 4180, every post row by row as stored, formulas neutralised', async () => {
    // 70 posts: over the test's streaming limit of 40, so narrow to staff (56)… still over; take one week.
    const res = await get(`/api/v1/exports/posts?from=2025-03-03&to=2025-03-10&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="listening-post-posts-2025-03-03-to-2025-03-09.csv"',
    );
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(res.rawPayload, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(POST_COLUMNS.map((c) => c.name));
    const db = await stored(sql`p.published_at < '2025-03-10'`);
    expect(rows).toHaveLength(35);
    expect(rows.map((r) => r.id)).toEqual(db.map((r) => r.id));
    rows.forEach((r, i) => {
      const s = db[i]!;
      expect(r.text).toBe(formulaSafe(s.text));
      expect(r.url).toBe(s.url);
      expect(r.sentiment).toBe(s.label);
      expect(r.sentiment_score).toBe(s.score === null ? '' : String(s.score));
      expect(r.voice).toBe(s.voice);
      expect(r.topics!.split('; ').map((t) => t.split(':')[0])).toEqual(s.topics);
      expect(r.about_us).toBe('false');
    });
    // The injection cases, one by one.
    const texts = rows.map((r) => r.text ?? '');
    for (const t of TRICKY) expect(texts).toContain(`'${t}`);
    expect(texts.some((t) => t.includes('line\nbreak; café ✓'))).toBe(true);
    // A negative score is a number, not neutralised text.
    expect(rows.find((r) => r.sentiment === 'negative')!.sentiment_score).toMatch(/^-0\.\d+$/);
  });

  it('JSON Lines: exact text and nested tags, with the dashboard’s filters', async () => {
    const res = await get(`/api/v1/exports/posts?${RANGE}&format=jsonl&voice=public&topic=pay`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const db = await stored(sql`p.voice = 'public'`);
    expect(lines.map((l) => l.id)).toEqual(db.map((r) => r.id));
    lines.forEach((l, i) => {
      expect(l.text).toBe(db[i]!.text);
      expect((l.topics as Array<{ id: string }>).map((t) => t.id)).toEqual(db[i]!.topics);
      expect(l.sentiment_evidence).toEqual([expect.objectContaining({ start: 0, end: 6 })]);
    });
    // The unneutralised injection text comes back exactly.
    const all = await get(`/api/v1/exports/posts?from=2025-03-03&to=2025-03-04&format=jsonl`);
    const texts = all.body
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    expect(texts).toEqual(expect.arrayContaining(TRICKY.slice(0, 5)));
  });

  it('XLSX: a Posts sheet row by row with numbers as numbers, formulas neutralised, and the data dictionary', async () => {
    const res = await get(`/api/v1/exports/posts?from=2025-03-03&to=2025-03-10&format=xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Posts', 'Data dictionary']);
    const sheet = wb.getWorksheet('Posts')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(POST_COLUMNS.map((c) => c.name));
    const db = await stored(sql`p.published_at < '2025-03-10'`);
    expect(sheet.rowCount).toBe(36);
    const col = (name: string) => POST_COLUMNS.findIndex((c) => c.name === name) + 1;
    db.forEach((s, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('id')).value).toBe(s.id);
      // XML turns a carriage return into a line feed (XLSX is XML); JSON Lines keeps it exactly.
      expect(row.getCell(col('text')).value).toBe(formulaSafe(s.text).replace(/\r\n?/g, '\n'));
      const score = row.getCell(col('sentiment_score')).value;
      expect(score).toBe(s.score);
      expect(typeof row.getCell(col('reposts')).value).toBe('number');
      expect(row.getCell(col('about_us')).value).toBe(false);
    });
    const dict = wb.getWorksheet('Data dictionary')!;
    expect(dict.getRow(1).values).toEqual([undefined, 'column', 'type', 'unit', 'description']);
    expect(dict.getRow(2).getCell(1).value).toBe('id');
  });

  it('starts a new sheet past the row limit', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const records = (async function* () {
      yield Array.from({ length: 7 }, (_, i) => ({ cells: [i, `=${i}`], json: {} }));
    })();
    const n = await writeExport({
      format: 'xlsx',
      dictionary: { kind: 'posts', columns: POST_COLUMNS.slice(0, 2), notes: [], modelVersion: null },
      records,
      out,
      sheetName: 'Posts',
      xlsxRowsPerSheet: 3,
    });
    expect(n).toBe(7);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['Posts', 4],
      ['Posts (2)', 4],
      ['Posts (3)', 2],
      ['Data dictionary', 5], // header, 2 columns, a blank row, the model version
    ]);
    expect(wb.getWorksheet('Posts (3)')!.getRow(2).values).toEqual([undefined, 6, "'=6"]);
  });

  it('stops reading when the download is cancelled, instead of waiting for ever', async () => {
    for (const format of ['csv', 'jsonl', 'xlsx'] as const) {
      let batches = 0;
      // Endless batches into a stream nobody reads: it fills, then the client goes away.
      const records = (async function* () {
        for (;;) {
          // Each batch waits on I/O, as a database read does.
          await new Promise((r) => setImmediate(r));
          batches += 1;
          yield Array.from({ length: 500 }, (_, i) => ({ cells: [i, 'some text'], json: { i } }));
        }
      })();
      const out = new PassThrough({ highWaterMark: 16 * 1024 });
      const writing = writeExport({
        format,
        dictionary: { kind: 'posts', columns: POST_COLUMNS.slice(0, 2), notes: [], modelVersion: null },
        records,
        out,
        sheetName: 'Posts',
      });
      await waitFor(async () => batches > 0, 'the first batch');
      setTimeout(() => out.destroy(), 50);
      await expect(writing).rejects.toThrow(/cancelled/);
      const seen = batches;
      await new Promise((r) => setTimeout(r, 100));
      expect(batches).toBe(seen);
    }
  });

  it('answers 413 past the streaming limit, pointing to the job route', async () => {
    const res = await get(`/api/v1/exports/posts?${RANGE}&format=csv`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({
      code: 'export_too_large',
      message: expect.stringMatching(/^70 posts match.*POST \/api\/v1\/exports/),
    });
  });
});

describe('topic breakdowns', () => {
  it('one row per topic × bucket × sentiment; a topic’s posts add up to /trends total', async () => {
    const res = await get(`/api/v1/exports/topics?${RANGE}&bucket=week&format=csv`);
    expect(res.statusCode).toBe(200);
    const rows = parse(res.rawPayload, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual([
      'topic',
      'topic_name',
      'bucket',
      'bucket_start',
      'sentiment',
      'posts',
    ]);
    for (const topic of ['pay', 'staffing']) {
      const trends = zTrendsFigures.parse((await get(`/api/v1/trends?${RANGE}&bucket=week&topic=${topic}`)).json());
      const total = trends.buckets.reduce((n, b) => n + b.total, 0);
      const mine = rows.filter((r) => r.topic === topic);
      expect(mine.reduce((n, r) => n + Number(r.posts), 0)).toBe(total);
      expect(mine).toHaveLength(2 * 4);
    }
    expect(rows.filter((r) => r.topic === 'pay').reduce((n, r) => n + Number(r.posts), 0)).toBe(70);
    // Week 2 has a gap (11 March): it is marked and not compared.
    const week2 = rows.find((r) => r.topic === 'pay' && r.bucket_start === '2025-03-10' && r.sentiment === 'negative')!;
    expect(week2).toMatchObject({
      complete_data: 'false',
      index_change: '',
      comparison_note: 'a source has a gap in this bucket',
    });
    const week1 = rows.find((r) => r.topic === 'pay' && r.bucket_start === '2025-03-03' && r.sentiment === 'negative')!;
    expect(week1).toMatchObject({ complete_data: 'true', posts: '14', bucket_posts: '35', partial_bucket: 'false' });
  });

  it('JSON Lines and filters, with a day bucket', async () => {
    const res = await get(`/api/v1/exports/topics?${RANGE}&bucket=day&format=jsonl&topic=staffing&voice=staff`);
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { topic: string; posts: number });
    expect(new Set(lines.map((l) => l.topic))).toEqual(new Set(['staffing']));
    expect(lines).toHaveLength(14 * 4);
    expect(lines.reduce((n, l) => n + l.posts, 0)).toBe(
      SEED.filter((p) => p.topics!.includes('staffing') && p.voice === 'staff').length,
    );
  });
});

describe('background exports', () => {
  it('runs past the limit as a job with progress, the same request joins it, and its file downloads until it expires', async () => {
    const body = { kind: 'posts', format: 'csv', from: '2025-03-03', to: '2025-03-17', filters: {} };
    const [a, b] = await Promise.all([
      injectAs(app, analyst, { method: 'POST', url: '/api/v1/exports', payload: body }),
      injectAs(app, analyst, { method: 'POST', url: '/api/v1/exports', payload: body }),
    ]);
    expect(a.statusCode).toBe(202);
    const job = zExportJobResponse.parse(a.json()).job;
    expect(zExportJobResponse.parse(b.json()).job.id).toBe(job.id);
    let done = job;
    await waitFor(async () => {
      done = zExportJobResponse.parse((await get(`/api/v1/exports/${job.id}`)).json()).job;
      return done.state === 'done';
    }, 'the export job');
    expect(done).toMatchObject({ rows: 70, totalRows: 70, progress: 1, url: `/api/v1/exports/${job.id}/file` });
    const file = await get(done.url!);
    expect(file.statusCode).toBe(200);
    const rows = parse(file.rawPayload, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.id)).toEqual((await stored()).map((r) => r.id));

    // Someone else cannot see or fetch it; a viewer cannot export at all.
    const other = await signInAs(app, 'analyst');
    expect((await get(`/api/v1/exports/${job.id}`, other)).statusCode).toBe(404);
    expect((await get(done.url!, other)).statusCode).toBe(404);

    // History: the job and the direct downloads of this file.
    const history = zExportHistory.parse((await get('/api/v1/exports')).json());
    expect(history.exports[0]).toMatchObject({ id: job.id, state: 'done', rows: 70 });
    expect(history.exports.some((e) => e.state === 'streamed' && e.format === 'xlsx')).toBe(true);

    // Past its time the file is deleted and the link answers 410.
    await db.db.execute(sql`update export_jobs set expires_at = now() - interval '1 second' where id = ${job.id}`);
    await app.exportJobs.sweep();
    expect(readdirSync(dir)).not.toContain(`${job.id}.csv`);
    expect((await get(done.url!)).statusCode).toBe(410);
    expect(zExportJobResponse.parse((await get(`/api/v1/exports/${job.id}`)).json()).job).toMatchObject({
      state: 'expired',
      url: null,
    });

    const audit = await db.db.execute<{ action: string }>(
      sql`select action from audit_log where action like 'export.%' and actor_email = ${analyst.email} order by id`,
    );
    expect(audit.rows.map((r) => r.action)).toContain('export.started');
    expect(audit.rows.filter((r) => r.action === 'export.downloaded').length).toBeGreaterThanOrEqual(5);
  });

  it('an XLSX topic breakdown as a job', async () => {
    const res = await injectAs(app, analyst, {
      method: 'POST',
      url: '/api/v1/exports',
      payload: {
        kind: 'topics',
        format: 'xlsx',
        from: '2025-03-03',
        to: '2025-03-17',
        bucket: 'month',
        filters: { topic: 'pay' },
      },
    });
    const id = zExportJobResponse.parse(res.json()).job.id;
    await waitFor(
      async () => zExportJobResponse.parse((await get(`/api/v1/exports/${id}`)).json()).job.state === 'done',
      'the job',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(`/api/v1/exports/${id}/file`)).rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Topics')!;
    expect(sheet.rowCount).toBe(1 + 4);
    const posts = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(6).value as number);
    expect(posts.reduce((a, b) => a + b, 0)).toBe(70);
  });
});

describe('who may export', () => {
  it('analysts and their tokens; not viewers; the dictionary says what each column is', async () => {
    const dict = zDataDictionary.parse((await get('/api/v1/exports/dictionary?kind=posts')).json());
    expect(dict.columns.map((c) => c.name)).toEqual(POST_COLUMNS.map((c) => c.name));
    expect(dict.modelVersion).toBe('seed');
    const token = zTokenCreated.parse(
      (await injectAs(app, analyst, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'R' } })).json(),
    ).token;
    const viaToken = await app.inject({
      method: 'GET',
      url: `/api/v1/exports/topics?${RANGE}&format=csv`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.statusCode).toBe(200);
    const viewer = await signInAs(app, 'viewer');
    for (const url of [
      `/api/v1/exports/posts?${RANGE}`,
      `/api/v1/exports/topics?${RANGE}`,
      '/api/v1/exports',
      '/api/v1/exports/dictionary',
    ])
      expect((await get(url, viewer)).statusCode).toBe(403);
    expect((await injectAs(app, viewer, { method: 'POST', url: '/api/v1/exports', payload: {} })).statusCode).toBe(403);
    expect((await get(`/api/v1/exports/posts?${RANGE}&format=docx`)).statusCode).toBe(400);
    expect((await get('/api/v1/exports/not-a-uuid')).statusCode).toBe(400);
  });
});
