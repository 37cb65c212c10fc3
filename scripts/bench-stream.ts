// npm run bench:stream — events/s through the Bluesky stream consumer (Jetstream frames → filter →
// profiles → raw items + cursor in Postgres), replaying a recorded-shape hour from the local fixture,
// against a baseline measured in the same run: a bare WebSocket client that only receives and parses
// the same frames. Uses its own database (lp_bench_stream) and Redis database 5; takes under a minute.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import WebSocket from 'ws';
import { createDb } from '@lp/db/client';
import { migrate } from '@lp/db/migrate';
import { setOutboundPolicy } from '@lp/outbound/guarded-fetch';
import { startIngest } from '../services/ingest/src/app';
import { startJetstreamFixture } from '../services/ingest/src/connectors/jetstream/jetstream-fixture';
import { jetstreamUrl } from '../services/ingest/src/connectors/jetstream/url';

const EVENTS = Number(process.argv.find((a) => a.startsWith('--events='))?.split('=')[1] ?? 50_000);
/** About one post in fifty names the trust or its hashtag: a busy organisation's share of the network. */
const MATCH_EVERY = 50;
const ADMIN = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_URL = new URL(ADMIN);
DB_URL.pathname = '/lp_bench_stream';
setOutboundPolicy({ allowPrivate: true });

const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query('drop database if exists lp_bench_stream with (force)');
await admin.query('create database lp_bench_stream');
await admin.end();
const db = createDb(DB_URL.toString());
await migrate(db.db);

// A recorded-shape hour: EVENTS post creates over the last 50 minutes (a few deletions among them),
// from 2,000 authors, every MATCH_EVERY-th naming the trust.
const fixture = await startJetstreamFixture();
const start = (Date.now() - 50 * 60_000) * 1000;
const step = Math.floor((45 * 60_000_000) / EVENTS);
let lastUs = 0;
for (let i = 0; i < EVENTS; i++) {
  const did = `did:plc:author${String(i % 2000).padStart(20, '0')}`;
  if (i % MATCH_EVERY === 0 && i % 2000 < 500)
    fixture.setProfile({ did, handle: `a${i % 2000}.bsky.social`, description: 'Staff nurse' });
  const text =
    i % MATCH_EVERY === 0
      ? `Long day at the Royal Free, proud of the team #NHSStaff (${i})`
      : `Just an ordinary post about the weather and football, number ${i}`;
  lastUs = i % 997 === 0 ? fixture.deletePost(did, `r${i - 1}`, { timeUs: start + i * step }) : 0;
  lastUs = fixture.post(did, `r${i}`, text, { timeUs: start + i * step + 1 }).timeUs;
}

// Baseline: receive and parse every frame, nothing else.
const t0 = performance.now();
await new Promise<void>((resolve, reject) => {
  const ws = new WebSocket(jetstreamUrl(fixture.endpoint, start - 1));
  ws.on('message', (data: WebSocket.RawData) => {
    const ev = JSON.parse(String(data)) as { time_us: number };
    if (ev.time_us >= lastUs) {
      ws.terminate();
      resolve();
    }
  });
  ws.on('error', reject);
});
const baselineMs = performance.now() - t0;

// The consumer: a new source replaying the hour (backfillHours: 1), storing raw items with the cursor.
const ingest = await startIngest({
  env: {
    DATABASE_URL: DB_URL.toString(),
    REDIS_URL: 'redis://127.0.0.1:6379/5',
    QUEUE_PREFIX: `bench-${randomUUID().slice(0, 6)}`,
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef',
    POLL_CONCURRENCY: 1,
    NLP_CONCURRENCY: 1,
    SWEEP_INTERVAL_MS: 60_000,
    SWEEP_STALE_SECONDS: 600,
    STREAM_LEASE_SECONDS: 30,
    STREAM_FLUSH_MS: 1_000,
  },
  sources: [
    {
      id: 'bench-live',
      type: 'jetstream',
      config: {
        endpoint: fixture.endpoint,
        appview: fixture.appview,
        keywords: ['Royal Free'],
        hashtags: ['NHSStaff'],
        keywordsOnly: true,
        backfillHours: 1,
      },
      enabled: true,
      synthetic: false,
      pollEverySeconds: 60,
    },
  ],
  roles: ['stream'],
  log: pino({ level: 'silent' }),
});
const t1 = performance.now();
for (;;) {
  const res = await db.db.execute<{ t: string | null }>(
    sql`select (cursor ->> 'timeUs') as t from sources where id = 'bench-live'`,
  );
  if (Number(res.rows[0]?.t ?? 0) >= lastUs) break;
  await new Promise((r) => setTimeout(r, 50));
}
const consumerMs = performance.now() - t1;
const stored = Number(
  (await db.db.execute<{ n: number }>(sql`select count(*)::int as n from raw_items where kind = 'upsert'`)).rows[0]!.n,
);
await Promise.all(Object.values(ingest.queues).map((q) => q.obliterate({ force: true })));
await ingest.close();
await fixture.close();
await db.close();

const rate = (ms: number) => Math.round((EVENTS / ms) * 1000);
console.log(`events replayed: ${EVENTS} (${Math.ceil(EVENTS / MATCH_EVERY)} matching; ${stored} stored)`);
console.log(`baseline (receive + parse only): ${rate(baselineMs).toLocaleString('en-GB')} events/s`);
console.log(`stream consumer (filter, profiles, store + cursor): ${rate(consumerMs).toLocaleString('en-GB')} events/s`);
console.log(`ratio consumer / baseline: ${(baselineMs / consumerMs).toFixed(2)}`);
console.log(
  `headroom over a live firehose of ~500 post events/s: ${(rate(consumerMs) / 500).toFixed(1)}×; an hour of replay (~1.8M events at that rate) in ~${Math.round(1_800_000 / rate(consumerMs))} s`,
);
