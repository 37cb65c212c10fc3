// npm run bench:export [-- --posts N] — exports at scale: N synthetic tagged posts (default one
// million, in its own database lp_bench_export, reused when the seed matches) written as CSV,
// JSON Lines and XLSX by the product's background export (the worker thread, its capped heap and
// the writers the API also streams with), each timed with its peak resident memory, against `COPY (…) TO STDOUT`
// of the same rows and columns into a file, timed in the same run. Each run is a process of its own (this
// script again, with --child), so its peak RSS is that of a process doing only that export.
// Targets: CSV ≤ 2× the COPY time, peak RSS ≤ 200 MB. Never part of `npm test`.
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';

const ADMIN = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'lp_bench_export';
const DB_URL = new URL(ADMIN);
DB_URL.pathname = `/${DB_NAME}`;

function option(name: string): string | undefined {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = process.argv[i]!;
  return a.includes('=') ? a.split('=')[1] : process.argv[i + 1];
}
const POSTS = Math.floor(Number(option('posts') ?? 1_000_000));
if (!Number.isFinite(POSTS) || POSTS <= 0) throw new Error('--posts needs a positive number');

interface Result {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  startMb: number;
  peakMb: number;
}

/** Counts bytes and throws them away, as a fast client would. */
function sink() {
  let bytes = 0;
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { w, bytes: () => bytes };
}

/** The same rows and columns as the posts export, newest first, written by Postgres itself. */
const copySql = (range: { from: string; to: string }) => `copy (
  select p.id, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
    p.source_id, p.platform, p.url, p.text, p.lang, p.voice, p.mentions_org_term is not null as about_us,
    coalesce(s.label, 'unscored'), s.score, coalesce(s.evidence, '[]'::jsonb),
    (select string_agg(t.topic_id || ':' || to_char(t.score, 'FM0.000'), '; ' order by t.score desc, t.topic_id)
       from post_topics t where t.post_id = p.id) as topics,
    (select json_object_agg(t.topic_id, t.evidence order by t.score desc, t.topic_id)
       from post_topics t where t.post_id = p.id) as topic_evidence,
    p.metrics ->> 'reposts', p.metrics ->> 'likes', p.metrics ->> 'replies', p.impact, p.synthetic, s.model_version
  from posts p left join post_sentiments s on s.post_id = p.id
  where p.published_at >= ('${range.from}'::date::timestamp at time zone 'Europe/London')
    and p.published_at < ('${range.to}'::date::timestamp at time zone 'Europe/London')
  order by p.published_at desc nulls last, p.id desc nulls last
) to stdout with (format csv, header)`;

/** One measured run in this process: `copy`, `csv`, `jsonl` or `xlsx`. */
async function child(mode: string, range: { from: string; to: string }): Promise<Result> {
  const start = process.memoryUsage().rss;
  let peak = start;
  let heapPeak = 0;
  let externalPeak = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapTotal);
    externalPeak = Math.max(externalPeak, m.external);
  }, 20);
  const out = sink();
  let rows = 0;
  let fileBytes = 0;
  const t0 = performance.now();
  if (mode === 'copy') {
    const { to } = await import('pg-copy-streams');
    const client = new pg.Client({ connectionString: DB_URL.toString() });
    await client.connect();
    // Into a file, as the export's job writes one: the same rows, columns and disk.
    const { createWriteStream, mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'lp-bench-copy-'));
    try {
      await pipeline(client.query(to(copySql(range))), createWriteStream(join(dir, 'copy.csv')));
      fileBytes = statSync(join(dir, 'copy.csv')).size;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    rows = Number((await client.query<{ n: string }>('select count(*) as n from posts')).rows[0]!.n);
    await client.end();
  } else {
    // The background job's path: a worker thread with its capped heap writing the file.
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeExportFile } = await import('../services/api/src/exports/run-isolated');
    const dir = mkdtempSync(join(tmpdir(), 'lp-bench-export-'));
    const path = join(dir, `posts.${mode}`);
    try {
      rows = await writeExportFile(
        {
          databaseUrl: DB_URL.toString(),
          kind: 'posts',
          format: mode as 'csv' | 'jsonl' | 'xlsx',
          params: { ...range, bucket: 'day' },
          topicNames: [],
          path,
          batchSize: Number(process.env.BENCH_EXPORT_BATCH ?? 0) || undefined,
        },
        () => undefined,
        Number(process.env.BENCH_EXPORT_HEAP_MB ?? 0) || undefined,
      );
      fileBytes = statSync(path).size;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (process.env.BENCH_EXPORT_MEMORY)
    console.error(
      `heap total peak ${(heapPeak / 2 ** 20).toFixed(0)} MB, external peak ${(externalPeak / 2 ** 20).toFixed(0)} MB`,
    );
  return {
    name: mode,
    rows,
    bytes: out.bytes() + fileBytes,
    seconds,
    startMb: start / 2 ** 20,
    peakMb: peak / 2 ** 20,
  };
}

const childMode = option('child');
if (childMode) {
  const range = JSON.parse(option('range')!) as { from: string; to: string };
  process.stdout.write(`${JSON.stringify(await child(childMode, range))}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- the parent: seed, then each run
const { createDb } = await import('@lp/db/client');
const { migrate } = await import('@lp/db/migrate');
const { seedBench } = await import('./bench-api/seed');
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
await handle.close();

const run = (mode: string): Result => {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--child', mode, '--range', JSON.stringify(range)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!) as Result;
  console.log(
    `  ${mode}: ${r.rows.toLocaleString('en-GB')} rows in ${r.seconds.toFixed(1)} s, RSS ${r.startMb.toFixed(0)} MB at start, peak ${r.peakMb.toFixed(0)} MB`,
  );
  return r;
};
console.log(`range ${range.from} to ${range.to}; COPY first and last (the better counts)`);
const copyA = run('copy');
const exports = (['csv', 'jsonl', 'xlsx'] as const).map(run);
const copyB = run('copy');
const copy = copyA.seconds <= copyB.seconds ? copyA : copyB;

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const row = (r: Result, ratio: string, target: string) =>
  `${pad(r.name.toUpperCase(), 7)}${lpad(r.rows.toLocaleString('en-GB'), 11)}${lpad((r.bytes / 2 ** 20).toFixed(0), 8)}${lpad(r.seconds.toFixed(1), 9)}${lpad(ratio, 8)}${lpad(r.startMb.toFixed(0), 10)}${lpad(r.peakMb.toFixed(0), 10)}  ${target}`;
console.log('');
console.log(
  `${pad('run', 7)}${lpad('rows', 11)}${lpad('MB out', 8)}${lpad('seconds', 9)}${lpad('× COPY', 8)}${lpad('RSS start', 10)}${lpad('RSS peak', 10)}  target`,
);
console.log(row(copy, '1.00', 'baseline (the better of 2)'));
let missed = false;
for (const r of exports) {
  const ratio = r.seconds / copy.seconds;
  const ok = r.name === 'csv' ? ratio <= 2 && r.peakMb <= 200 : r.peakMb <= 200;
  if (!ok) missed = true;
  const want = r.name === 'csv' ? '≤ 2× COPY, ≤ 200 MB' : '≤ 200 MB';
  console.log(row(r, ratio.toFixed(2), `${ok ? 'met' : 'MISSED'} (${want})`));
}
process.exit(missed ? 1 : 0);
