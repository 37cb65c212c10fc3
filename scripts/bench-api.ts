// npm run bench:api [-- --posts N] [--duration S] — dashboard API latency at scale.
// Seeds N synthetic tagged posts over two years into its own database (lp_bench_api; reused when
// the stored seed parameters match), drives overview / trends / topics / drill-down / search with
// autocannon (20 connections), times the same figures by plain GROUP BY over `posts` in the same
// run, measures the dashboard's first load in Chromium and the gzipped JS bundle, and prints a
// table of targets met or missed. Never part of `npm test`.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- autocannon ships no types
/// <reference path="./bench-api/autocannon.d.ts" />
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { createDb } from '@lp/db/client';
import { migrate } from '@lp/db/migrate';
import app from '../services/api/src/app';
import { seedBench } from './bench-api/seed';

const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'lp_bench_api';
const DB_URL = new URL(ADMIN);
DB_URL.pathname = `/${DB_NAME}`;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/6';

function arg(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i]!;
  const v = a.includes('=') ? a.split('=')[1] : process.argv[i + 1];
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number, got ${v}`);
  return n;
}
const POSTS = Math.floor(arg('posts', 10_000_000));
const DURATION = arg('duration', 10);
const BASELINE_RUNS = Math.floor(arg('baseline-runs', 20));

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '—');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

// ---------------------------------------------------------------- 1. database and seed
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
const exists = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
if (exists.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
await admin.end();
// The overview baseline runs five GROUP BYs at once, each seconds long at 10M posts.
const handle = createDb(DB_URL.toString(), { max: 8, applicationName: 'bench-api' });
await migrate(handle.db);
const seed = await seedBench(handle.pool, POSTS);
console.log(
  seed.reused
    ? `seed: reused ${DB_NAME} (${seed.posts.toLocaleString('en-GB')} posts, seeded ${seed.seededAt}, ending ${seed.end})`
    : `seed: ${seed.posts.toLocaleString('en-GB')} posts in ${seed.seconds.toFixed(1)} s ` +
        `(${Math.round(seed.posts / seed.seconds).toLocaleString('en-GB')} posts/s; generate+load ${seed.phases.load.toFixed(1)} s, ` +
        `posts/tags ${seed.phases.insert.toFixed(1)} s, rollups ${seed.phases.rollups.toFixed(1)} s, ` +
        `${seed.rollupRows.toLocaleString('en-GB')} rollup rows, ${seed.topicRows.toLocaleString('en-GB')} topic tags)`,
);
console.log(`seed check: ${seed.checkedDays} sampled days — rollups equal a recount from posts`);

// Ranges relative to the last seeded day (London dates; "to" is exclusive).
const day = (d: Date) => d.toISOString().slice(0, 10);
const endDay = new Date(`${seed.end}T00:00:00Z`); // the day after the last seeded hour
const minus = (n: number) => day(new Date(endDay.getTime() - n * 86_400_000));
const TO = day(endDay);
const RANGES = {
  '7d': { from: minus(7), to: TO },
  '30d': { from: minus(30), to: TO },
  quarter: { from: minus(91), to: TO },
};

// ---------------------------------------------------------------- 2. API under autocannon
const api = Fastify({ logger: false });
await api.register(app, {
  databaseUrl: DB_URL.toString(),
  redisUrl: REDIS_URL,
  webDist: path.join(ROOT, 'web/dist'),
  queuePrefix: 'bench-api',
  // Measures speed, not the limits: autocannon sends thousands of requests a second from one address.
  rateLimits: { ipPerMinute: 1e9, anonymousPerMinute: 1e9, userPerMinute: 1e9, heavyPerMinute: 1e9 },
});
const base = await api.listen({ host: '127.0.0.1', port: 0 });

// The drill-down target: the day with most negative pay posts in the last 30 days.
const worst = await handle.pool.query<{ d: string }>(
  `select to_char((hour at time zone 'Europe/London')::date, 'YYYY-MM-DD') as d
   from sentiment_rollups_hourly
   where topic_id = 'pay' and sentiment = 'negative' and hour >= $1::date and hour < $2::date
   group by 1 order by sum(post_count) desc, 1 limit 1`,
  [RANGES['30d'].from, TO],
);
const drillDay = worst.rows[0]?.d ?? minus(3);
const drillNext = day(new Date(Date.parse(`${drillDay}T00:00:00Z`) + 86_400_000));
const q = (r: { from: string; to: string }) => `from=${r.from}&to=${r.to}`;

interface Endpoint {
  name: string;
  kind: 'aggregate' | 'rows';
  path: string;
}
const endpoints: Endpoint[] = [
  ...(['7d', '30d', 'quarter'] as const).map((r) => ({
    name: `overview ${r}`,
    kind: 'aggregate' as const,
    path: `/api/v1/overview?${q(RANGES[r])}`,
  })),
  { name: 'trends day 30d', kind: 'aggregate', path: `/api/v1/trends?${q(RANGES['30d'])}&bucket=day` },
  { name: 'trends day quarter', kind: 'aggregate', path: `/api/v1/trends?${q(RANGES.quarter)}&bucket=day` },
  { name: 'trends week quarter', kind: 'aggregate', path: `/api/v1/trends?${q(RANGES.quarter)}&bucket=week` },
  ...(['7d', '30d', 'quarter'] as const).map((r) => ({
    name: `topics ${r}`,
    kind: 'aggregate' as const,
    path: `/api/v1/topics?${q(RANGES[r])}`,
  })),
  {
    name: 'overview 30d staff',
    kind: 'aggregate',
    path: `/api/v1/overview?${q(RANGES['30d'])}&voice=staff`,
  },
  {
    name: 'overview 30d 1 source',
    kind: 'aggregate',
    path: `/api/v1/overview?${q(RANGES['30d'])}&source=bench-bluesky&aboutUs=true`,
  },
  {
    name: 'trends 2 topics qtr',
    kind: 'aggregate',
    path: `/api/v1/trends?${q(RANGES.quarter)}&bucket=week&topic=staffing,pay&voice=staff`,
  },
  { name: 'movers 30d', kind: 'rows', path: `/api/v1/movers?${q(RANGES['30d'])}` },
  { name: 'movers quarter', kind: 'rows', path: `/api/v1/movers?${q(RANGES.quarter)}` },
  {
    name: 'posts drill-down',
    kind: 'rows',
    path: `/api/v1/posts?from=${drillDay}&to=${drillNext}&topic=pay&sentiment=negative&limit=25`,
  },
  { name: 'search word 30d', kind: 'rows', path: `/api/v1/search?${q(RANGES['30d'])}&q=staff` },
  {
    name: 'search phrase 30d',
    kind: 'rows',
    path: `/api/v1/search?${q(RANGES['30d'])}&q=${encodeURIComponent('"waiting list"')}`,
  },
];

interface Measured {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}
/** Asks the API to compute the answer rather than serve it from its response cache. */
const UNCACHED = { 'cache-control': 'no-cache' };
async function drive(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Measured> {
  const times: number[] = [];
  let errors = 0;
  const instance = autocannon({ url, connections: 20, duration: seconds, headers });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) times.push(responseTime);
    else errors++;
  });
  const result = await instance;
  return {
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    rps: result.requests.average,
    requests: times.length,
    errors: errors + result.errors + result.timeouts,
  };
}

// Like-for-like with the baseline: the same request, one at a time (BASELINE_RUNS runs after a warm-up).
// Uncached, since the baseline has no cache either.
async function sequential(url: string): Promise<{ p50: number; p95: number }> {
  await (await fetch(url, { headers: UNCACHED })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < BASELINE_RUNS; i++) {
    const t = performance.now();
    await (await fetch(url, { headers: UNCACHED })).arrayBuffer();
    times.push(performance.now() - t);
  }
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

const apiResults = new Map<string, Measured>();
const apiUncached = new Map<string, Measured>();
const apiSequential = new Map<string, { p50: number; p95: number }>();
for (const e of endpoints) {
  const check = await fetch(base + e.path);
  if (!check.ok) throw new Error(`${e.path} answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
  await drive(base + e.path, Math.min(2, DURATION), UNCACHED); // warm-up
  const u = await drive(base + e.path, DURATION, UNCACHED);
  apiUncached.set(e.name, u);
  const m = await drive(base + e.path, DURATION);
  apiResults.set(e.name, m);
  apiSequential.set(e.name, await sequential(base + e.path));
  process.stderr.write(`  ${e.name}: p95 ${ms(m.p95)} ms cached, ${ms(u.p95)} ms computed\n`);
}

// ---------------------------------------------------------------- 3. plain GROUP BY baseline
const LONDON = `'Europe/London'`;
const inRange = `p.published_at >= ($1::timestamp at time zone ${LONDON}) and p.published_at < ($2::timestamp at time zone ${LONDON})`;
const trendSql = (bucket: 'day' | 'week') => `
  select date_trunc('${bucket}', p.published_at at time zone ${LONDON}) as start, s.label,
         count(*)::int as n, sum(coalesce(s.score, 0)) as score_sum
  from posts p join post_sentiments s on s.post_id = p.id
  where ${inRange} group by 1, 2 order by 1, 2`;
const topicSql = `
  select t.topic_id, s.label, count(*)::int as n, sum(coalesce(s.score, 0)) as score_sum
  from posts p join post_sentiments s on s.post_id = p.id join post_topics t on t.post_id = p.id
  where ${inRange} group by 1, 2`;
const totalSql = `
  select s.label, count(*)::int as n, sum(coalesce(s.score, 0)) as score_sum
  from posts p join post_sentiments s on s.post_id = p.id where ${inRange} group by 1`;
const sourceSql = `
  select p.source_id, s.label, count(*)::int as n
  from posts p join post_sentiments s on s.post_id = p.id where ${inRange} group by 1, 2`;
const previous = (r: { from: string; to: string }) => {
  const len = Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`);
  return { from: day(new Date(Date.parse(`${r.from}T00:00:00Z`) - len)), to: r.from };
};
const run = (text: string, r: { from: string; to: string }) => handle.pool.query(text, [r.from, r.to]);
const baselines: Record<string, () => Promise<unknown>> = {};
for (const r of ['7d', '30d', 'quarter'] as const) {
  const range = RANGES[r];
  // The overview's reads, as the API makes them (in parallel): totals and topics for both periods, sources.
  baselines[`overview ${r}`] = () =>
    Promise.all([
      run(totalSql, range),
      run(totalSql, previous(range)),
      run(topicSql, range),
      run(topicSql, previous(range)),
      run(sourceSql, range),
    ]);
  baselines[`topics ${r}`] = () => run(topicSql, range);
}
baselines['trends day 30d'] = () => run(trendSql('day'), RANGES['30d']);
const moversSql = `
  select p.id from posts p join post_sentiments s on s.post_id = p.id
  where ${inRange} and s.label = 'negative'
  order by (1 + (p.metrics->>'reposts')::int + (p.metrics->>'likes')::int + (p.metrics->>'replies')::int) * -s.score desc, p.id
  limit 10`;
baselines['movers 30d'] = () => run(moversSql, RANGES['30d']);
baselines['movers quarter'] = () => run(moversSql, RANGES.quarter);
baselines['trends day quarter'] = () => run(trendSql('day'), RANGES.quarter);
baselines['trends week quarter'] = () => run(trendSql('week'), RANGES.quarter);

const baseResults = new Map<string, { p50: number; p95: number }>();
for (const [name, fn] of Object.entries(baselines)) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < BASELINE_RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  baseResults.set(name, { p50: pct(times, 50), p95: pct(times, 95) });
  process.stderr.write(`  baseline ${name}: p50 ${ms(pct(times, 50))} ms\n`);
}

// ---------------------------------------------------------------- 4. dashboard first load + bundle
const loads: number[] = [];
let loadError: string | null = null;
try {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext(); // cold cache each time
    const page = await context.newPage();
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.locator('.chart-box svg').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('li.post').first().waitFor({ state: 'visible', timeout: 30_000 });
    // performance.now() in the page counts from its navigation start.
    loads.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  await browser.close();
} catch (err) {
  loadError = (err as Error).message.split('\n')[0]!;
}
const assetsDir = path.join(ROOT, 'web/dist/assets');
const jsFiles = readdirSync(assetsDir).filter((f) => f.endsWith('.js'));
const bundle = jsFiles.map((f) => ({ f, gz: gzipSync(readFileSync(path.join(assetsDir, f)), { level: 9 }).length }));
const bundleKb = bundle.reduce((a, b) => a + b.gz, 0) / 1000;

await api.close();
await handle.close();

// ---------------------------------------------------------------- 5. report
console.log('');
console.log(
  `API latency, ${seed.posts.toLocaleString('en-GB')} posts, autocannon 20 connections × ${DURATION} s per endpoint after a warm-up;`,
);
console.log('percentiles computed from every 2xx response time (autocannon "response" events), not its histogram.');
console.log(`ranges end ${TO} (exclusive); drill-down: ${drillDay}, topic pay, negative.`);
console.log(
  'cached = as the dashboard is served (answers kept until Postgres announces a data change); computed = every request',
);
console.log('sent with Cache-Control: no-cache, so each one reads the rollups or posts afresh.');
console.log(`${pad('', 22)}${pad('  ---------- cached ----------', 36)}${pad('  --------- computed ---------', 36)}`);
console.log(
  `${pad('endpoint', 22)}${lpad('p50', 9)}${lpad('p95', 9)}${lpad('p99', 9)}${lpad('req/s', 9)}` +
    `${lpad('p50', 9)}${lpad('p95', 9)}${lpad('p99', 9)}${lpad('req/s', 9)}${lpad('errors', 8)}` +
    `${lpad('1-conn p50', 12)}${lpad('GROUP BY p50', 14)}${lpad('p95', 9)}${lpad('speed-up', 10)}`,
);
const speedups: number[] = [];
for (const e of endpoints) {
  const m = apiResults.get(e.name)!;
  const u = apiUncached.get(e.name)!;
  const b = baseResults.get(e.name);
  const one = apiSequential.get(e.name)!;
  const up = b ? b.p50 / one.p50 : NaN;
  if (b) speedups.push(up);
  console.log(
    `${pad(e.name, 22)}${lpad(ms(m.p50), 9)}${lpad(ms(m.p95), 9)}${lpad(ms(m.p99), 9)}${lpad(m.rps.toFixed(0), 9)}` +
      `${lpad(ms(u.p50), 9)}${lpad(ms(u.p95), 9)}${lpad(ms(u.p99), 9)}${lpad(u.rps.toFixed(0), 9)}${lpad(String(m.errors + u.errors), 8)}` +
      `${lpad(ms(one.p50), 12)}${lpad(b ? ms(b.p50) : '', 14)}${lpad(b ? ms(b.p95) : '', 9)}${lpad(b ? `${up.toFixed(1)}×` : '', 10)}`,
  );
}
console.log(
  `(milliseconds; GROUP BY = the same figures by plain GROUP BY over posts ⨝ post_sentiments/post_topics, date_trunc in Europe/London,` +
    ` ${BASELINE_RUNS} sequential runs; 1-conn = the API endpoint computed one request at a time, ${BASELINE_RUNS} runs; speed-up = GROUP BY p50 ÷ API 1-conn p50, like for like)`,
);
console.log(
  `dashboard first load (navigation start → trend chart SVG and first post visible, cold context): ` +
    (loadError ? `FAILED: ${loadError}` : loads.map((l) => `${l.toFixed(0)} ms`).join(', ')),
);
console.log(
  `JS bundle: ${bundleKb.toFixed(1)} kB gzipped (${bundle.map((b) => `${b.f} ${(b.gz / 1000).toFixed(1)}`).join(', ')})`,
);

const worstP95 = (kind: Endpoint['kind'], from: Map<string, Measured>) =>
  // An endpoint with no answer finished within the run has no percentile: count it as infinite.
  Math.max(...endpoints.filter((e) => e.kind === kind).map((e) => from.get(e.name)!.p95 || Infinity));
const worstText = (kind: Endpoint['kind'], from: Map<string, Measured>) =>
  Number.isFinite(worstP95(kind, from))
    ? `${ms(worstP95(kind, from))} ms (worst)`
    : 'no response finished within the run (worst)';
const anyErrors = [...apiResults.values(), ...apiUncached.values()].reduce(
  (a, m) => a + m.errors + (m.requests === 0 ? 1 : 0),
  0,
);
const minUp = Math.min(...speedups);
const medianLoad = loads.length ? pct(loads, 50) : NaN;
const rows: Array<[string, string, string, boolean]> = [
  [
    'p95 overview/trends/topics, cached',
    '≤ 50 ms',
    worstText('aggregate', apiResults),
    worstP95('aggregate', apiResults) <= 50,
  ],
  ['p95 drill-down and search, cached', '≤ 150 ms', worstText('rows', apiResults), worstP95('rows', apiResults) <= 150],
  [
    'p95 overview/trends/topics, computed',
    '≤ 50 ms',
    worstText('aggregate', apiUncached),
    worstP95('aggregate', apiUncached) <= 50,
  ],
  [
    'p95 drill-down and search, computed',
    '≤ 150 ms',
    worstText('rows', apiUncached),
    worstP95('rows', apiUncached) <= 150,
  ],
  ['speed-up vs plain GROUP BY', '≥ 50×', `${minUp.toFixed(1)}× (smallest)`, minUp >= 50],
  [
    'dashboard first load',
    '≤ 2 s',
    loadError ? 'failed' : `${(medianLoad / 1000).toFixed(2)} s (median of 3)`,
    medianLoad <= 2000,
  ],
  ['JS bundle gzipped', '≤ 300 kB', `${bundleKb.toFixed(1)} kB`, bundleKb <= 300],
  ['non-2xx, errors, silent endpoints', '0', String(anyErrors), anyErrors === 0],
];
console.log('');
console.log(`${pad('target', 40)}${pad('goal', 11)}${pad('measured', 46)}result`);
for (const [name, goal, got, ok] of rows)
  console.log(`${pad(name, 40)}${pad(goal, 11)}${pad(got, 46)}${ok ? 'met' : 'MISSED'}`);
const missed = rows.filter((r) => !r[3]).map((r) => r[0]);
console.log(missed.length === 0 ? 'all targets met.' : `missed: ${missed.join('; ')}.`);
process.exit(0);
