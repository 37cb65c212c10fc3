import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverageByDay } from '@lp/db/queries/coverage';
import { getSource } from '@lp/db/queries/sources';
import { sourceHealth } from '@lp/db/queries/source-admin';
import { describeSourceHealth } from '@lp/contracts/source-health-words';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { count, rollupsVsRecomputed } from '../../testing/db-checks';
import { TEST_PSEUDONYM_KEY, waitFor } from '../../testing/harness';
import { sourcesFromYaml, usePipeline } from '../../testing/pipeline-test';
import { startJetstreamFixture, type JetstreamFixture } from './jetstream-fixture';
import { createJetstreamConnector } from './connector';
import { testConnectorDeps } from '../../testing/connector-deps';
import { listScheduledSourceIds } from '@lp/queue/enqueue';
import { setOutboundPolicy } from '@lp/outbound/guarded-fetch';

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const HOUR_US = 3_600_000_000;
const NURSE = 'did:plc:nurse0000000000000000000';
const TRUST = 'did:plc:trust0000000000000000000';
const PUBLIC = 'did:plc:public000000000000000000';

function yaml(f: JetstreamFixture, extra = ''): string {
  return `
sources:
  - id: bsky-live
    type: jetstream
    endpoint: ${f.endpoint}
    appview: ${f.appview}
    keywords: ["Royal Free"]
    hashtags: [NHSStaff]
    keywordsOnly: true
    backfillHours: 0
    every: 1m
${extra}`;
}

const storedIds = async (db: Parameters<typeof count>[0]) =>
  (
    await db.execute<{ external_id: string }>(
      sql`select external_id from raw_items where kind = 'upsert' order by external_id`,
    )
  ).rows.map((r) => r.external_id);

describe('Bluesky Jetstream consumer (stream role)', () => {
  let fixture: JetstreamFixture;
  beforeEach(async () => {
    fixture = await startJetstreamFixture();
    fixture.setProfile({
      did: NURSE,
      handle: 'sam.bsky.social',
      displayName: 'Sam',
      description: 'Staff nurse on a surgical ward. Views my own.',
    });
    fixture.setProfile({
      did: TRUST,
      handle: 'royalfree.nhs.uk',
      displayName: 'Royal Free London NHS Foundation Trust',
    });
    fixture.setProfile({ did: PUBLIC, handle: 'pat.bsky.social', displayName: 'Pat' });
  });
  afterEach(() => fixture.close());
  const { db, start, stop, allTagged } = usePipeline();
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = null;
  });

  it('keeps matched posts once, skips other collections, quarantines malformed frames, and resumes after a disconnect', async () => {
    await start({ sources: sourcesFromYaml(yaml(fixture), {}), roles: ['stream', 'nlp'] });
    await waitFor(async () => fixture.connected() === 1, 'the consumer connected');
    expect(fixture.subscriptions).toEqual([null]); // a new source with no history asked: the live stream

    const a = fixture.post(NURSE, 'a1', 'Long shift at the Royal Free today, proud of the team');
    fixture.post(PUBLIC, 'b1', 'Nothing to do with us at all');
    fixture.like(PUBLIC);
    fixture.identity(PUBLIC);
    const c = fixture.post(TRUST, 'c1', 'Our nurses are brilliant', { tags: ['NHSStaff'] });
    fixture.raw('{not json');
    fixture.raw(
      JSON.stringify({
        did: PUBLIC,
        time_us: Date.now() * 1000,
        kind: 'commit',
        commit: {
          rev: 'r',
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey: 'bad1',
          cid: 'bafybad',
          record: { $type: 'app.bsky.feed.post', text: 'Royal Free again', createdAt: 'last tuesday' },
        },
      }),
    );
    await allTagged().catch(() => undefined);
    await waitFor(async () => (await count(db, sql`select count(*)::int as n from posts`)) === 2, 'two posts stored');
    await waitFor(
      async () => (await count(db, sql`select count(*)::int as n from quarantine`)) === 2,
      'two frames quarantined',
    );
    const reasons = (
      await db.execute<{ reason: string; external_id: string | null }>(
        sql`select reason, external_id from quarantine order by id`,
      )
    ).rows;
    expect(reasons.map((r) => r.external_id)).toEqual(
      expect.arrayContaining([null, `at://${PUBLIC}/app.bsky.feed.post/bad1`]),
    );
    expect(reasons.find((r) => r.external_id === null)?.reason).toBe('not JSON');
    expect(await storedIds(db)).toEqual([a.uri, c.uri].sort());

    // Voice judged from the AppView's profile: the nurse's bio, the trust's domain handle.
    const voices = (
      await db.execute<{ external_id: string; voice: string }>(
        sql`select external_id, voice from posts order by external_id`,
      )
    ).rows;
    expect(Object.fromEntries(voices.map((v) => [v.external_id, v.voice]))).toEqual({
      [a.uri]: 'staff',
      [c.uri]: 'org',
    });
    // The cursor is the last event's time, committed with the items.
    const cursorAfter = (await getSource(db, 'bsky-live'))?.cursor as { timeUs: number };
    expect(cursorAfter.timeUs).toBeGreaterThanOrEqual(c.timeUs);

    // A network blip: the consumer reconnects a few seconds before its cursor; what was published
    // meanwhile arrives, and the replayed overlap is not stored twice.
    fixture.dropClients();
    const d = fixture.post(NURSE, 'd1', 'Royal Free night shift again');
    await waitFor(async () => (await storedIds(db)).includes(d.uri), 'the post from the outage stored');
    const resumedFrom = fixture.subscriptions[1];
    expect(resumedFrom).not.toBeNull();
    expect(resumedFrom!).toBeLessThan(cursorAfter.timeUs);
    expect(cursorAfter.timeUs - resumedFrom!).toBeLessThanOrEqual(10_000_000);
    expect(await storedIds(db)).toEqual([a.uri, c.uri, d.uri].sort());
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(3);
    // Text Postgres cannot keep (a NUL, a lone surrogate) from some client does not stop the stream.
    const odd = fixture.post(NURSE, 'e1', 'Royal Free \u0000odd client \uD800 text');
    const next = fixture.post(NURSE, 'f1', 'Royal Free after the odd one');
    await waitFor(async () => (await storedIds(db)).includes(next.uri), 'the post after the odd one stored');
    expect(await storedIds(db)).toContain(odd.uri);
    fixture.dropClients();
    await waitFor(async () => fixture.connected() === 1, 'reconnected');
    // One profile call per new author, in batches of at most 25: the nurse was looked up once.
    expect(fixture.profileCalls.every((c) => c.length <= 25)).toBe(true);
    expect(fixture.profileCalls.flat().filter((x) => x === NURSE)).toHaveLength(1);
  });

  it('deletes correct the rollups; deletions of posts it never kept store nothing', async () => {
    await start({ sources: sourcesFromYaml(yaml(fixture), {}), roles: ['stream', 'nlp'] });
    await waitFor(async () => fixture.connected() === 1, 'the consumer connected');
    const a = fixture.post(NURSE, 'a1', 'Royal Free staff are exhausted and angry about pay');
    fixture.post(PUBLIC, 'b1', 'Royal Free car park was fine, good care');
    await waitFor(async () => (await count(db, sql`select count(*)::int as n from posts`)) === 2, 'two posts');
    await allTagged();
    fixture.deletePost(NURSE, 'a1');
    fixture.deletePost(PUBLIC, 'never-seen');
    await waitFor(async () => (await count(db, sql`select count(*)::int as n from posts`)) === 1, 'the post deleted');
    await allTagged();
    expect(await count(db, sql`select count(*)::int as n from posts where external_id = ${a.uri}`)).toBe(0);
    expect(await count(db, sql`select count(*)::int as n from raw_items where kind = 'delete'`)).toBe(1);
    const { stored, recomputed } = await rollupsVsRecomputed(db);
    expect(stored).toEqual(recomputed);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('an outage longer than the replay is recorded as a coverage gap, not hidden', async () => {
    const now = Date.now() * 1000;
    const spec = sourcesFromYaml(yaml(fixture).replace('backfillHours: 0', 'backfillHours: 0\n    replayHours: 2'), {});
    await start({ sources: spec, roles: ['stream', 'nlp'] });
    await waitFor(async () => fixture.connected() === 1, 'the consumer connected');
    const before = fixture.post(NURSE, 'a1', 'Royal Free morning', { timeUs: now - 5 * HOUR_US });
    await waitFor(async () => (await storedIds(db)).includes(before.uri), 'the first post stored');
    await stop();

    // Five hours away; the instance now holds only the last hour.
    fixture.retainFrom(now - HOUR_US);
    const lost = fixture.post(NURSE, 'b1', 'Royal Free lunchtime', { timeUs: now - 4 * HOUR_US });
    const after = fixture.post(NURSE, 'c1', 'Royal Free evening', { timeUs: now - 30 * 60_000_000 });
    await start({ sources: spec, roles: ['stream', 'nlp'] });
    await waitFor(async () => (await storedIds(db)).includes(after.uri), 'the post after the outage stored');
    expect(await storedIds(db)).not.toContain(lost.uri);

    const gaps = (
      await db.execute<{ from_at: string; to_at: string; reason: string }>(
        sql`select from_at, to_at, reason from source_gaps where source_id = 'bsky-live'`,
      )
    ).rows;
    expect(gaps).toHaveLength(1);
    expect(new Date(gaps[0]!.from_at).getTime()).toBe(Math.floor(before.timeUs / 1000));
    expect(new Date(gaps[0]!.to_at).getTime()).toBe(Math.floor(after.timeUs / 1000));
    expect(gaps[0]!.reason).toMatch(/longer than the 2 h the instance replays/);
    // Every hour the gap touches is uncovered, so the dashboard's and the report's coverage say so.
    const hours = (
      await db.execute<{ hour: string; covered: boolean }>(
        sql`select hour, covered from source_coverage where source_id = 'bsky-live' order by hour`,
      )
    ).rows;
    const gapHours = hours.filter(
      (h) =>
        new Date(h.hour).getTime() * 1000 >= Math.floor(before.timeUs / HOUR_US) * HOUR_US &&
        new Date(h.hour).getTime() * 1000 <= after.timeUs,
    );
    expect(gapHours.length).toBeGreaterThanOrEqual(5);
    expect(gapHours.every((h) => !h.covered)).toBe(true);
    const day = new Date(Math.floor(after.timeUs / 1000)).toISOString().slice(0, 10);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const prev = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    const coverage = await coverageByDay(db, { from: prev, to: next }, ['bsky-live']);
    const uncovered = coverage.reduce((n, d) => n + (d.hours - d.coveredHours), 0);
    expect(uncovered).toBeGreaterThanOrEqual(5);
    // The health table names it, in the words every view uses.
    const row = (await sourceHealth(db)).find((r) => r.id === 'bsky-live')!;
    expect(row.lastGap?.from.getTime()).toBe(Math.floor(before.timeUs / 1000));
    const words = describeSourceHealth(
      {
        ...row,
        managedBy: 'file',
        lastSuccessAt: row.lastSuccessAt!.toISOString(),
        credentialExpiresAt: null,
        lastGap: {
          from: row.lastGap!.from.toISOString(),
          to: row.lastGap!.to.toISOString(),
          reason: row.lastGap!.reason,
        },
      },
      new Date(),
    );
    expect(words.tone).toBe('warn');
    expect(words.summary).toMatch(/were missed \(the stream was away 5 h, longer than the 2 h the instance replays\)/);
  });

  it('"check now" shows what the filter keeps from the live stream; a stream source never gets a poll schedule', async () => {
    const ingest = await start({ sources: sourcesFromYaml(yaml(fixture), {}), roles: ['poll', 'sweep'] });
    // Schedules are reconciled as the sweep role starts: none for the stream source.
    expect(await listScheduledSourceIds(ingest.queues['poll-source'])).not.toContain('bsky-live');
    // A poll asked for by hand is skipped: it neither connects nor keeps the source's lease.
    const job = await ingest.queues['poll-source'].add('poll', { sourceId: 'bsky-live' }, { jobId: 'by-hand' });
    await waitFor(async () => (await job.isCompleted()) || undefined, 'the poll job done');
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue ?? (await ingest.queues['poll-source'].getJob('by-hand'))?.returnvalue).toEqual({
      outcome: 'skipped',
    });
    const after = await getSource(db, 'bsky-live');
    expect(after?.leaseOwner).toBeNull();
    expect(after?.lastPolledAt).toBeNull();
    expect(fixture.connected()).toBe(0);

    const connector = createJetstreamConnector(
      { id: 'bsky-live', config: { endpoint: fixture.endpoint, appview: fixture.appview, keywords: ['Royal Free'] } },
      testConnectorDeps(),
    );
    const pending = connector.fetchPage(null);
    await waitFor(async () => fixture.connected() === 1, 'the preview listening');
    fixture.post(PUBLIC, 'x0', 'Nothing about us');
    for (let i = 0; i < 20; i++) fixture.post(NURSE, `p${i}`, `Royal Free preview ${i}`);
    const page = await pending;
    expect(page.items).toHaveLength(20);
    expect(page.items.every((i) => i.draft.text.startsWith('Royal Free preview'))).toBe(true);
    expect(page.nextCursor).toBeNull();
    // Stores nothing.
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(0);
    await waitFor(async () => fixture.connected() === 0, 'the preview closed its socket');
  });

  it('a stream address inside the network is refused: the source stops with the reason, nothing connects', async () => {
    setOutboundPolicy({ allowPrivate: false });
    try {
      await start({ sources: sourcesFromYaml(yaml(fixture), {}), roles: ['stream'] });
      const stopped = await waitFor(async () => {
        const s = await getSource(db, 'bsky-live');
        return s?.state === 'stopped' ? s : undefined;
      }, 'the source stopped');
      expect(stopped.lastError).toMatch(/127\.0\.0\.1 is a loopback, private or link-local address/);
      expect(stopped.leaseOwner).toBeNull();
      expect(fixture.subscriptions).toEqual([]);
    } finally {
      setOutboundPolicy({ allowPrivate: true });
    }
  });

  it('a consumer killed mid-stream is taken over from its cursor, and a restart resumes: every post exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-jetstream-'));
    const file = join(dir, 'sources.yaml');
    writeFileSync(file, yaml(fixture));
    const first = await start({ sources: [], roles: ['nlp'] });
    child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: first.prefix,
        PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
        INGEST_ROLES: 'stream',
        SOURCES_FILE: file,
        STREAM_LEASE_SECONDS: '2',
        STREAM_FLUSH_MS: '100',
        ALLOW_PRIVATE_SOURCE_URLS: 'true',
        METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor(async () => fixture.connected() === 1, 'the child consumer connected', 60_000);
    const uris: string[] = [];
    for (let i = 0; i < 20; i++) uris.push(fixture.post(NURSE, `k${i}`, `Royal Free update ${i}`).uri);
    await waitFor(async () => (await storedIds(db)).length >= 10, 'some posts stored by the child');
    // Killed while posts are still arriving: whatever it had not committed is asked for again.
    for (let i = 20; i < 30; i++) uris.push(fixture.post(NURSE, `k${i}`, `Royal Free update ${i}`).uri);
    child.kill('SIGKILL');
    await new Promise<void>((r) => child!.once('exit', () => r()));
    child = null;
    for (let i = 30; i < 40; i++) uris.push(fixture.post(NURSE, `k${i}`, `Royal Free update ${i}`).uri);

    // Another process with the stream role takes the source over once the dead one's lease runs out.
    await stop();
    // With the sweeper: tag jobs the earlier queues held are gone with them, and the stored items are re-enqueued.
    await start({
      sources: sourcesFromYaml(yaml(fixture), {}),
      roles: ['stream', 'nlp', 'sweep'],
      streamLeaseSeconds: 2,
      staleSeconds: 5,
    });
    await waitFor(async () => (await storedIds(db)).length === 40, 'all 40 posts stored', 60_000);

    // A clean restart: nothing lost, nothing twice.
    await stop();
    for (let i = 40; i < 45; i++) uris.push(fixture.post(NURSE, `k${i}`, `Royal Free update ${i}`).uri);
    await start({ sources: sourcesFromYaml(yaml(fixture), {}), roles: ['stream', 'nlp', 'sweep'], staleSeconds: 5 });
    await waitFor(async () => (await storedIds(db)).length === 45, 'all 45 posts stored', 60_000);
    await allTagged();
    expect(await storedIds(db)).toEqual([...uris].sort());
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(45);
    expect(await count(db, sql`select count(*)::int as n from posts`)).toBe(45);
    // Every reconnection after the first asked from a cursor, never the live stream (which would skip).
    expect(fixture.subscriptions.slice(1).every((s) => s !== null)).toBe(true);
  }, 180_000);
});
