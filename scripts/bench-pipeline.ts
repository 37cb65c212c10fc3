// npm run bench:pipeline — posts/s through the whole pipeline (poll → Redis → NLP → Postgres) and
// the time from a status being fetched to it showing in the API, each against a baseline measured
// in the same run. Uses its own database (lp_bench) and Redis database 5; takes about a minute.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { createDb } from '@lp/db/client';
import { setOutboundPolicy } from '@lp/outbound/guarded-fetch';
import { migrate } from '@lp/db/migrate';
import { storeTaggedPosts, type TaggedPost } from '@lp/db/queries/tagged-posts';
import { resetDatabase } from '@lp/db/testing/test-env';
import app from '../services/api/src/app';
import { signInAs, UNLIMITED_FOR_TESTS } from '../services/api/src/testing';
import { startIngest, type Ingest } from '../services/ingest/src/app';
import { makeStatus, startMastodonFixture } from '../services/ingest/src/testing/mastodon-fixture';

const ADMIN = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_URL = new URL(ADMIN);
DB_URL.pathname = '/lp_bench';
const REDIS_URL = 'redis://127.0.0.1:6379/5';
const POSTS = Number(process.argv.find((a) => a.startsWith('--posts='))?.split('=')[1] ?? 20_000);
const log = pino({ level: 'silent' });
// The fixture platform is on loopback, which the outbound guard refuses unless told.
setOutboundPolicy({ allowPrivate: true });

const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query('drop database if exists lp_bench with (force)');
await admin.query('create database lp_bench');
await admin.end();
const db = createDb(DB_URL.toString());
await migrate(db.db);

const count = async (q = sql`select count(*)::int as n from posts`) =>
  Number((await db.db.execute<{ n: number }>(q)).rows[0]!.n);
const envFor = (prefix: string) => ({
  DATABASE_URL: DB_URL.toString(),
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef',
  POLL_CONCURRENCY: 4,
  NLP_CONCURRENCY: 1,
  SWEEP_INTERVAL_MS: 1000,
  SWEEP_STALE_SECONDS: 60,
});
async function stop(ingest: Ingest) {
  await Promise.all(ingest.workers.map((w) => w.close()));
  await Promise.all(Object.values(ingest.queues).map((q) => q.obliterate({ force: true })));
  await ingest.close();
}

// 1. Throughput: a demo backlog of POSTS posts drained through the real queue and NLP worker.
const hours = POSTS / 1000;
const t0 = performance.now();
const ingest = await startIngest({
  env: envFor(`bench-${randomUUID().slice(0, 6)}`),
  sources: [
    {
      id: 'demo',
      type: 'demo',
      config: { backfillHours: hours, backfillPostsPerHour: 1000, postsPerHour: 0.0001, pageSize: 500 },
      enabled: true,
      synthetic: true,
      pollEverySeconds: 3600,
    },
  ],
  roles: ['poll', 'nlp', 'sweep'],
  log,
});
const expected = Math.floor(hours * 1000) + 1;
while ((await count()) < expected) await new Promise((r) => setTimeout(r, 50));
const pipelineSeconds = (performance.now() - t0) / 1000;
await stop(ingest);

// Baseline: the same posts written straight through the NLP insert path (no polling, queue or tagging).
const rows = await db.db.execute<{ draft: TaggedPost['draft']; source_id: string; id: number }>(
  sql`select id, source_id, draft from raw_items order by id`,
);
await resetDatabase(db.db);
await db.db.execute(
  sql`insert into sources (id, type, config, poll_every_seconds) values ('demo', 'demo', '{}', 3600)`,
);
const b0 = performance.now();
for (let i = 0; i < rows.rows.length; i += 100) {
  const batch: TaggedPost[] = rows.rows.slice(i, i + 100).map((r) => ({
    rawItemId: Number(r.id),
    sourceId: r.source_id,
    draft: r.draft,
    text: r.draft.text,
    lang: r.draft.lang,
    sentiment: { label: 'neutral', score: 0, confidence: 1, evidence: [] },
    topics: [],
    modelVersion: 'baseline',
    fetchedAt: new Date(),
  }));
  await db.db.transaction((tx) => storeTaggedPosts(tx, batch));
}
const baselineSeconds = (performance.now() - b0) / 1000;

// 2. Latency: a new status on a Mastodon fixture, polled every second, until the posts API lists it.
await resetDatabase(db.db);
const fixture = await startMastodonFixture();
fixture.add('nhs', [makeStatus(fixture.host, '1000')]);
const live = await startIngest({
  env: { ...envFor(`bench-${randomUUID().slice(0, 6)}`), SWEEP_INTERVAL_MS: 200 },
  sources: [
    {
      id: 'fedi',
      type: 'mastodon',
      config: { instance: fixture.url, hashtags: ['NHS'] },
      enabled: true,
      synthetic: false,
      pollEverySeconds: 1,
    },
  ],
  roles: ['poll', 'nlp', 'sweep'],
  log,
});
const api = Fastify({ logger: false });
await api.register(app, {
  databaseUrl: DB_URL.toString(),
  redisUrl: REDIS_URL,
  webDist: '/nonexistent',
  // The bench polls the posts list as fast as it can: far above any person's rate.
  rateLimits: UNLIMITED_FOR_TESTS,
});
await api.ready();
// The posts list is an analyst's: the bench reads it as one.
const analyst = await signInAs(api, 'analyst');
while ((await count()) < 1) await new Promise((r) => setTimeout(r, 20));
const fetchToApi: number[] = [];
const publishToApi: number[] = [];
for (let i = 1; i <= 10; i++) {
  const id = String(1000 + i);
  const published = Date.now();
  fixture.add('nhs', [makeStatus(fixture.host, id, { created_at: new Date(published).toISOString() })]);
  const day = new Date(published).toISOString().slice(0, 10);
  const next = new Date(published + 2 * 86_400_000).toISOString().slice(0, 10);
  for (;;) {
    const res = await api.inject({
      url: `/api/v1/posts?from=${day}&to=${next}&limit=1`,
      headers: { cookie: analyst.cookie },
    });
    if (res.statusCode !== 200) throw new Error(`posts answered ${res.statusCode}: ${res.body}`);
    const top = res.json().posts[0];
    if (top?.url?.endsWith(`/${id}`)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const seen = Date.now();
  const fetched = fixture.requests.find((r) => r.served.includes(id))!.at;
  fetchToApi.push(seen - fetched);
  publishToApi.push(seen - published);
}
await stop(live);
await api.close();
await fixture.close();
await db.close();

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const pipelineRate = expected / pipelineSeconds;
const baselineRate = expected / baselineSeconds;
console.log(`pipeline throughput (${expected} posts, poll → Redis → NLP → Postgres, 1 NLP worker):`);
console.log(`  pipeline            ${pipelineRate.toFixed(0)} posts/s (${pipelineSeconds.toFixed(2)} s)`);
console.log(`  baseline            ${baselineRate.toFixed(0)} posts/s (insert path only, same posts, same run)`);
console.log(`  ratio               ${(pipelineRate / baselineRate).toFixed(2)}× of the bare insert path`);
console.log(`fetch → visible in /api/v1/posts (10 statuses, source polled every 1 s):`);
console.log(`  fetch → API         p50 ${pct(fetchToApi, 50)} ms, max ${Math.max(...fetchToApi)} ms`);
console.log(
  `  publish → API       p50 ${pct(publishToApi, 50)} ms, max ${Math.max(...publishToApi)} ms (includes waiting for the next poll)`,
);
console.log(`  ratio               fetch → API is ${(pct(fetchToApi, 50) / 1000).toFixed(3)}× the 1 s poll interval`);
process.exit(0);
