import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { labelPost } from '@lp/db/queries/labels';
import { claimRetagRun, latestRetagRun, startRetagRun } from '@lp/db/queries/retag-runs';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { createTagger } from '@lp/nlp/tagger';
import { retagBatch, startRetagRunner } from './retag-runner';
import { waitFor } from './testing/harness';

const handle = createDb(testDatabaseUrl(), { max: 4 });
const db = handle.db;
afterAll(() => handle.close());
const tagger = createTagger();
const log = pino({ level: 'silent' });

const TEXTS = [
  'Cried in the car park after a 10-hour shift. Burnout is real',
  'Staff were lovely and caring and explained everything',
  'BMA announces new strike dates for resident doctors',
  'Waited eleven hours in A&E on a trolley',
  'CQC inspection next week, everyone is anxious',
  'Spoke up about a near miss and was thanked, not blamed. A just culture works.',
];

beforeEach(async () => {
  await resetDatabase(db);
  // 30 posts tagged by an older "model" (the seed's tags, all neutral with made-up topics).
  await seedPosts(
    db,
    Array.from({ length: 30 }, (_, i) => ({
      externalId: `p${i}`,
      publishedAt: new Date(Date.UTC(2025, 0, 6, 8) + i * 3_600_000).toISOString(),
      text: TEXTS[i % TEXTS.length]!,
      label: 'neutral' as const,
      score: 0,
      topics: ['digital'],
    })),
  );
});

async function expectRollupsExact() {
  const { stored, recomputed } = await rollupsAgainstPosts(db);
  expect(stored).toEqual(recomputed);
}

describe('re-tagging history', () => {
  it('resumes a run interrupted half-way and leaves the rollups equal to a recomputation; labels stand', async () => {
    const labelled = Number(
      (await db.execute<{ id: number }>(sql`select id from posts where external_id = 'p0'`)).rows[0]!.id,
    );
    await labelPost(db, { postId: labelled, sentiment: 'positive', topics: ['culture'], userId: null });
    const { run, created } = await startRetagRun(db, { modelVersion: tagger.modelVersion, userId: null });
    expect(created).toBe(true);
    expect(run.total).toBe(30);
    // A second request while it is active gets the same run.
    expect((await startRetagRun(db, { modelVersion: tagger.modelVersion, userId: null })).run.id).toBe(run.id);

    // Process A takes the run, does one batch of 10, and dies (it never finishes or renews its lease).
    const a = { db, tagger, batchSize: 10, leaseMs: 3_000, owner: 'A' };
    // Its lease is long enough to outlast the batch on a loaded machine, so the check below is not a race.
    const claimed = (await claimRetagRun(db, 'A', 3_000))!;
    expect(await retagBatch(a, claimed)).toBe(true);
    expect(await latestRetagRun(db)).toMatchObject({ state: 'running', done: 10 });
    await expectRollupsExact();
    // While A's lease holds, nobody else can take the run.
    expect(await claimRetagRun(db, 'B', 300)).toBeNull();

    // Process B picks it up once A's lease lapses, and finishes it.
    const b = startRetagRunner({ db, tagger, log, intervalMs: 50, leaseMs: 300, batchSize: 7, owner: 'B' });
    try {
      await waitFor(async () => (await latestRetagRun(db))?.state === 'done', 'the run to finish', 30_000);
    } finally {
      await b.stop();
    }
    const done = (await latestRetagRun(db))!;
    expect(done).toMatchObject({ state: 'done', done: 30, total: 30, error: null });
    expect(done.changed).toBe(30);
    await expectRollupsExact();

    // Every post now carries the current model's tags; the labelled one keeps its label, with the
    // new model's tags beside it.
    const versions = await db.execute<{ v: string; n: number }>(
      sql`select model_version as v, count(*)::int as n from post_sentiments group by 1 order by 1`,
    );
    expect(versions.rows).toEqual([
      { v: 'label', n: 1 },
      { v: tagger.modelVersion, n: 29 },
    ]);
    const label = (
      await db.execute<{ sentiment: string; model_version: string; tags: string }>(sql`
        select l.sentiment, l.model->>'modelVersion' as model_version,
               (select string_agg(topic_id, ',') from post_topics where post_id = l.post_id) as tags
        from post_labels l`)
    ).rows[0]!;
    expect(label).toEqual({ sentiment: 'positive', model_version: tagger.modelVersion, tags: 'culture' });
    // The new model's reading of the text, not the seed's: burnout is wellbeing, strike dates are pay.
    const topicsOf = async (externalId: string) =>
      (
        await db.execute<{ t: string | null }>(sql`
          select string_agg(topic_id, ',' order by topic_id) as t from post_topics pt join posts p on p.id = pt.post_id
          where p.external_id = ${externalId}`)
      ).rows[0]!.t;
    expect(await topicsOf('p6')).toContain('wellbeing');
    expect(await topicsOf('p2')).toContain('pay');

    // A second run finds nothing to change.
    await startRetagRun(db, { modelVersion: tagger.modelVersion, userId: null });
    const again = startRetagRunner({ db, tagger, log, intervalMs: 50, leaseMs: 300, owner: 'C' });
    try {
      await waitFor(async () => (await latestRetagRun(db))?.state === 'done', 'the second run', 30_000);
    } finally {
      await again.stop();
    }
    expect(await latestRetagRun(db)).toMatchObject({ done: 30, changed: 0 });
    await expectRollupsExact();
  });
});
