import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { getSource } from '@lp/db/queries/sources';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { enqueuePollNow } from '@lp/queue/enqueue';
import type { Ingest } from '../../services/ingest/src/app';
import { forgetSession } from '../../services/ingest/src/connectors/bluesky/client';
import { importFileNow } from '../../services/ingest/src/imports/import-file';
import { createPseudonymiser } from '../../services/ingest/src/lib/pseudonym';
import { parseSourcesFile } from '../../services/ingest/src/sources-file';
import { countPending, rollupsVsRecomputed } from '../../services/ingest/src/testing/db-checks';
import {
  startTestIngest,
  stopTestIngest,
  TEST_PSEUDONYM_KEY,
  waitFor,
} from '../../services/ingest/src/testing/harness';
import { ENV, FFT_CSV, key, startWorld, type World } from './all-connectors-world';

const SOURCE_IDS = ['masto', 'x', 'bsky', 'reddit', 'news', 'fb', 'li', 'yt', 'fft', 'demo'];
/** Generous: two cores shared with other test workers, and the first tagging job loads the models. */
const SETTLE_MS = 60_000;

describe('every connector at once, through the real queue into Postgres', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let world: World;
  let ingest: Ingest | null = null;

  beforeEach(async () => {
    await resetDatabase(admin.db);
    forgetSession('bsky');
    world = await startWorld();
  });
  afterEach(async () => {
    if (ingest) await stopTestIngest(ingest);
    ingest = null;
    await world.close();
  });
  afterAll(() => admin.close());

  const idle = async (queue: Ingest['queues'][keyof Ingest['queues']]) => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).every((n) => n === 0);
  };
  /** Nothing left to do: no poll or tagging job queued or running, no raw item waiting for tagging. */
  const settled = (what: string) =>
    waitFor(
      async () =>
        (await idle(ingest!.queues['poll-source'])) &&
        (await idle(ingest!.queues['tag-posts'])) &&
        (await countPending(admin.db)) === 0,
      what,
      SETTLE_MS,
    );
  /** Polls every source at once and waits until each has stored its poll and everything is tagged. */
  const pollAll = async (round: string) => {
    const polledAt = async (id: string) => (await getSource(admin.db, id))?.lastPolledAt?.getTime() ?? 0;
    const before = await Promise.all(SOURCE_IDS.map(polledAt));
    await Promise.all(SOURCE_IDS.map((id) => enqueuePollNow(ingest!.queues['poll-source'], id, { key: round })));
    await waitFor(
      async () => (await Promise.all(SOURCE_IDS.map(polledAt))).every((t, i) => t > before[i]!),
      `every source polled (${round})`,
      SETTLE_MS,
    );
    await settled(`everything tagged (${round})`);
  };
  const importFft = () =>
    importFileNow(
      {
        db: ingest!.handle.db,
        tagQueue: ingest!.queues['tag-posts'],
        pseudonymise: createPseudonymiser(TEST_PSEUDONYM_KEY),
        log: pino({ level: 'silent' }),
      },
      { sourceId: 'fft', fileName: 'fft-january.csv', content: Buffer.from(FFT_CSV) },
    );

  it('stores exactly the posts every platform served, quarantines the malformed ones, fails no job', async () => {
    const file = parseSourcesFile(world.sourcesFile, 'sources.yaml', ENV);
    ingest = await startTestIngest({ sources: file.sources, processEnv: ENV });

    const first = await importFft();
    expect(first.row).toMatchObject({ status: 'done', rowsTotal: 4, rowsStored: 3, rowsFailed: 1 });
    expect(first.row.errors).toEqual([{ row: 4, error: 'no text in column "Comment"' }]);
    await pollAll('round-1');

    // The demo source's timeline starts one hour before its first poll: ten backlog slots six
    // minutes apart, then the first live slot, which falls exactly at that poll (the next is 1,000 h on).
    const demoCursor = (await getSource(admin.db, 'demo'))!.cursor as { epoch: string; seq: number };
    expect(demoCursor.seq).toBe(11);
    for (let seq = 0; seq < 11; seq++)
      world.expected.add(key('demo', `demo/${Date.parse(demoCursor.epoch)}/${seq}`, 'demo'));

    // A second round: one new item on each platform, the same file again, nothing new from the demo.
    world.addMore();
    const again = await importFft();
    expect(again.row).toMatchObject({ status: 'done', rowsStored: 0, rowsDuplicate: 3, rowsFailed: 1 });
    await pollAll('round-2');

    const posts = await admin.db.execute<{ platform: string; external_id: string; source_id: string }>(
      sql`select platform, external_id, source_id from posts`,
    );
    const stored = posts.rows.map((p) => key(p.platform, p.external_id, p.source_id));
    expect(stored).toHaveLength(new Set(stored).size);
    expect(new Set(stored)).toEqual(world.expected);
    // Every post was tagged once: nothing still pending, nothing rejected at the tagging stage.
    expect(await countPending(admin.db)).toBe(0);

    const q = await admin.db.execute<{ source_id: string; external_id: string; stage: string; reason: string }>(
      sql`select source_id, external_id, stage, reason from quarantine order by source_id`,
    );
    expect(q.rows.map((r) => [r.source_id, r.external_id, r.stage])).toEqual(
      world.quarantined.map((e) => [e.sourceId, e.externalId, 'transform']).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    for (const e of world.quarantined)
      expect(q.rows.find((r) => r.source_id === e.sourceId)!.reason, e.sourceId).toMatch(e.reason);

    for (const id of SOURCE_IDS) expect((await getSource(admin.db, id))?.state, id).toBe('ok');
    expect(await ingest.queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    expect(await ingest.queues['tag-posts'].getJobCountByTypes('failed')).toBe(0);
    const rollups = await rollupsVsRecomputed(admin.db);
    expect(rollups.stored.length).toBeGreaterThan(0);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });
});
