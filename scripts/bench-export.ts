// npm run bench:export [-- --posts N] — exports at scale: N synthetic tagged posts (default one
// million, in its own database lp_bench_export, reused when the seed matches) written as CSV,
// XLSX and JSON Lines by the product's export code (the same generator and writers the API streams
// and the background job runs), each timed with its peak resident memory, against `COPY (…) TO
// STDOUT` of the same rows and columns timed in the same run. Targets: CSV ≤ 2× the COPY time,
// peak RSS ≤ 200 MB. Never part of `npm test`.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { ExportFormat } from '@lp/contracts/exports';
import { createDb } from '@lp/db/client';
import { migrate } from '@lp/db/migrate';
import { modelVersionsIn } from '@lp/db/queries/exports';
import { dictionaryFor } from '../services/api/src/exports/dictionary';
import { postRecords } from '../services/api/src/exports/records';
import { writeExport } from '../services/api/src/exports/write';
import { seedBench } from './bench-api/seed';

const ADMIN = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'lp_bench_export';
const DB_URL = new URL(ADMIN);
DB_URL.pathname = `/${DB_NAME}`;

function arg(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i]!;
  const n = Number(a.includes('=') ? a.split('=')[1] : process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
  return n;
}
const POSTS = Math.floor(arg('posts', 1_000_000));

const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
if ((await admin.query('select 1 from pg_database where datname = $1', [DB_NAME])).rowCount === 0)
  await admin.query(`create database ${DB_NAME}`);
await admin.end();
const handle = createDb(DB_URL.toString(), { max: 4, applicationName: 'bench-export' });
await migrate(handle.db);
const seed = await seedBench(handle.pool, POSTS);
console.log(
  seed.reused
    ? `seed: reused ${DB_NAME} (${seed.posts.toLocaleString('en-GB')} posts)`
    : `seed: ${seed.posts.toLocaleString('en-GB')} posts in ${seed.seconds.toFixed(1)} s`,
);
const range = (
  await handle.pool.query<{ from: string; to: string }>(
    `select to_char(min(day), 'YYYY-MM-DD') as from, to_char(max(day) + 1, 'YYYY-MM-DD') as to from posts`,
  )
).rows[0]!;

/** Counts bytes and throws them away, as a fast client would. */
const sink = () => {
  let bytes = 0;
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { w, bytes: () => bytes };
};

/** Runs `fn`, sampling this process's RSS every 20 ms: seconds taken and the peak above the start. */
async function measure(fn: () => Promise<number>) {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const rows = await fn();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { rows, seconds, peakMb: peak / 2 ** 20, startMb: start / 2 ** 20 };
}

// The baseline: Postgres writing the same rows and columns as CSV by itself.
const COPY_SQL = `copy (
  select p.id, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
    p.source_id, p.platform, p.url, p.text, p.lang, p.voice, p.mentions_org_term is not null as about_us,
    s.label, s.score, s.evidence,
    (select json_agg(json_build_object('id', t.topic_id, 'score', t.score, 'evidence', t.evidence) order by t.score desc, t.topic_id)
       from post_topics t where t.post_id = p.id) as topics,
    p.metrics, p.impact, p.synthetic, s.model_version
  from posts p left join post_sentiments s on s.post_id = p.id
  where p.published_at >= ('${range.from}'::date::timestamp at time zone 'Europe/London')
    and p.published_at < ('${range.to}'::date::timestamp at time zone 'Europe/London')
  order by p.published_at desc nulls last, p.id desc nulls last
) to stdout with (format csv, header)`;

async function copyBaseline() {
  const client = await handle.pool.connect();
  try {
    const out = sink();
    await pipeline(client.query(copyTo(COPY_SQL)), out.w);
    return out.bytes();
  } finally {
    client.release();
  }
}

const app = { db: handle.db, topicNames: new Map<string, string>() } as unknown as FastifyInstance;
const dictionary = dictionaryFor('posts', await modelVersionsIn(handle.db));
async function exportAs(format: ExportFormat) {
  const out = sink();
  const rows = await writeExport({
    format,
    dictionary,
    records: postRecords(app, range),
    out: out.w,
    sheetName: 'Posts',
  });
  return { rows, bytes: out.bytes() };
}

console.log(`range ${range.from} to ${range.to}; each measured once, COPY first and last`);
let copyBytes = 0;
const copy1 = await measure(async () => {
  copyBytes = await copyBaseline();
  return POSTS;
});
const results: Array<{ name: string; seconds: number; peakMb: number; bytes: number; rows: number }> = [];
for (const format of ['csv', 'jsonl', 'xlsx'] as const) {
  let bytes = 0;
  const m = await measure(async () => {
    const r = await exportAs(format);
    bytes = r.bytes;
    return r.rows;
  });
  results.push({ name: format.toUpperCase(), seconds: m.seconds, peakMb: m.peakMb, bytes, rows: m.rows });
  console.log(
    `  ${format}: ${m.rows.toLocaleString('en-GB')} rows in ${m.seconds.toFixed(1)} s, peak RSS ${m.peakMb.toFixed(0)} MB`,
  );
}
const copy2 = await measure(async () => {
  await copyBaseline();
  return POSTS;
});
const copySeconds = Math.min(copy1.seconds, copy2.seconds);

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
console.log('');
console.log(
  `${pad('export', 8)}${lpad('rows', 12)}${lpad('MB out', 9)}${lpad('seconds', 9)}${lpad('× COPY', 8)}${lpad('peak RSS MB', 13)}  target`,
);
console.log(
  `${pad('COPY', 8)}${lpad(POSTS.toLocaleString('en-GB'), 12)}${lpad((copyBytes / 2 ** 20).toFixed(0), 9)}${lpad(copySeconds.toFixed(1), 9)}${lpad('1.00', 8)}${lpad(Math.max(copy1.peakMb, copy2.peakMb).toFixed(0), 13)}  baseline (best of 2)`,
);
let failed = false;
for (const r of results) {
  const ratio = r.seconds / copySeconds;
  const target =
    r.name === 'CSV'
      ? ratio <= 2 && r.peakMb <= 200
        ? 'met (≤ 2× COPY, ≤ 200 MB)'
        : 'MISSED (≤ 2× COPY, ≤ 200 MB)'
      : r.peakMb <= 200
        ? 'met (≤ 200 MB)'
        : 'MISSED (≤ 200 MB)';
  if (target.startsWith('MISSED')) failed = true;
  console.log(
    `${pad(r.name, 8)}${lpad(r.rows.toLocaleString('en-GB'), 12)}${lpad((r.bytes / 2 ** 20).toFixed(0), 9)}${lpad(r.seconds.toFixed(1), 9)}${lpad(ratio.toFixed(2), 8)}${lpad(r.peakMb.toFixed(0), 13)}  ${target}`,
  );
}
await handle.close();
process.exit(failed ? 1 : 0);
