import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { labelPost } from '@lp/db/queries/labels';
import {
  activateModelVersion,
  activeModelVersion,
  claimRetrain,
  getModelVersion,
  requestRetrain,
} from '@lp/db/queries/model-versions';
import { latestRetagRun } from '@lp/db/queries/retag-runs';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import type { HeldOutFigures } from '@lp/nlp/model/retrain';
import { createActiveTagger, type ActiveTagger } from './active-tagger';
import { trainOnce } from './model-trainer';
import { startRetagRunner } from './retag-runner';
import { waitFor } from './testing/harness';
import { flipSentiment as flip, STAFF_POST_OPENINGS as OPENINGS } from '@lp/nlp/testing/staff-posts';

const handle = createDb(testDatabaseUrl(), { max: 4 });
const db = handle.db;
const log = pino({ level: 'silent' });
let taggers: ActiveTagger;
beforeAll(async () => {
  taggers = await createActiveTagger({ db, log, detectLanguage: () => 'en', refreshMs: 0 });
});
afterAll(() => handle.close());

type Class = 'negative' | 'neutral' | 'positive';
/** 60 posts a week apart; what the shipped model says of each. */
const POSTS = Array.from({ length: 60 }, (_, i) => ({
  externalId: `p${i}`,
  publishedAt: new Date(Date.UTC(2025, 0, 6, 9) + i * 7 * 86_400_000).toISOString(),
  text: `${OPENINGS[i % OPENINGS.length]} (week ${i})`,
}));
let said: Class[] = [];

async function postIds(): Promise<number[]> {
  const res = await db.execute<{ id: number }>(sql`select id from posts order by published_at`);
  return res.rows.map((r) => Number(r.id));
}

/** Labels the first `n` posts (by time) with `labelOf(i)`. */
async function label(n: number, labelOf: (i: number) => Class) {
  const ids = await postIds();
  for (let i = 0; i < n; i++) await labelPost(db, { postId: ids[i]!, sentiment: labelOf(i), topics: [], userId: null });
}

const opts = (owner: string, leaseMs = 30_000) => ({ db, taggers, log, owner, leaseMs });

async function retagToTheEnd() {
  const runner = startRetagRunner({ db, tagger: (force) => taggers.get(force), log, intervalMs: 50, batchSize: 25 });
  try {
    await waitFor(async () => (await latestRetagRun(db))?.state === 'done', 're-tagging to finish', 60_000);
  } finally {
    await runner.stop();
  }
}

async function expectRollupsExact() {
  const { stored, recomputed } = await rollupsAgainstPosts(db);
  expect(stored).toEqual(recomputed);
}

beforeEach(async () => {
  await resetDatabase(db);
  await taggers.get(true);
  const shipped = taggers.make(null);
  said = shipped
    .tagBatch(POSTS.map((p, i) => ({ id: i, text: p.text, lang: 'en' })))
    .map((r) => r.sentiment!.label as Class);
  await seedPosts(
    db,
    POSTS.map((p, i) => ({ ...p, label: said[i]!, score: 0, topics: [], lang: 'en' })),
  );
});

describe('retraining from the team’s labels', () => {
  it('promotes a correction that is better on the newest labels, stores the figures, re-tags history; one click rolls back', async () => {
    expect(new Set(said).size).toBeGreaterThanOrEqual(2);
    // A team that reads this model's positives as negatives: 50 of the 60 posts labelled.
    await label(50, (i) => flip(said[i]!));
    const { version: requested, created } = await requestRetrain(db, {
      baseVersion: taggers.baseVersion,
      userId: null,
    });
    expect(created).toBe(true);
    // A second request while one is pending gets the same one.
    expect((await requestRetrain(db, { baseVersion: taggers.baseVersion, userId: null })).version.id).toBe(
      requested.id,
    );

    expect(await trainOnce(opts('A'))).toBe(true);
    const row = (await getModelVersion(db, requested.id))!;
    expect(row).toMatchObject({ state: 'promoted', active: true, progress: 1, error: null });
    expect(row.trainedOn).toMatchObject({ labels: 35 });
    expect(row.heldOut).toMatchObject({ labels: 15 });
    const figures = row.figures as { candidate: HeldOutFigures; current: HeldOutFigures };
    expect(figures.candidate.sentiment.macroF1).toBeGreaterThan(figures.current.sentiment.macroF1);
    expect(figures.current.version).toBe(taggers.make(null).modelVersion);
    expect(row.version).toBe(figures.candidate.version);
    expect(row.version).toContain(`+c${row.id}+rules-`);
    expect(row.decision).toMatch(/^Promoted/);

    // The NLP worker now tags with it, and a re-tagging run for it was started in the same transaction.
    expect((await taggers.get(true)).modelVersion).toBe(row.version);
    expect(await latestRetagRun(db)).toMatchObject({ modelVersion: row.version, state: 'queued', total: 60 });
    await retagToTheEnd();
    const byVersion = await db.execute<{ model_version: string; n: number }>(sql`
      select model_version, count(*)::int as n from post_sentiments group by 1 order by 1`);
    expect(byVersion.rows).toEqual([
      { model_version: 'label', n: 50 },
      { model_version: row.version, n: 10 },
    ]);
    // Labels stand; the new model's own tags are kept beside them.
    const kept = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from post_labels where model->>'modelVersion' = ${row.version}`);
    expect(kept.rows[0]!.n).toBe(50);
    // The 10 unlabelled (newest) posts now read as the team reads: opposite to the shipped model.
    const newest = await db.execute<{ label: string; external_id: string }>(sql`
      select s.label, p.external_id from post_sentiments s join posts p on p.id = s.post_id
      where s.model_version = ${row.version} order by p.published_at`);
    expect(newest.rows.map((r) => r.label)).toEqual(said.slice(50).map(flip));
    await expectRollupsExact();

    // One click back to the shipped model: the workers switch and history is re-tagged with it.
    const shippedVersion = taggers.make(null).modelVersion;
    const run = await activateModelVersion(db, { id: null, taggerVersion: shippedVersion, userId: null });
    expect(run).toMatchObject({ modelVersion: shippedVersion, state: 'queued' });
    expect(await activeModelVersion(db)).toBeNull();
    expect((await taggers.get(true)).modelVersion).toBe(shippedVersion);
    await retagToTheEnd();
    const back = await db.execute<{ label: string }>(sql`
      select s.label from post_sentiments s join posts p on p.id = s.post_id
      where s.model_version = ${shippedVersion} order by p.published_at`);
    expect(back.rows.map((r) => r.label)).toEqual(said.slice(50));
    await expectRollupsExact();
    // And forward again: the promoted version can be put back in use.
    await activateModelVersion(db, { id: row.id, taggerVersion: row.version!, userId: null });
    expect((await taggers.get(true)).modelVersion).toBe(row.version);
    // A refused or unknown version cannot be put in use.
    expect(await activateModelVersion(db, { id: 9999, taggerVersion: 'x', userId: null })).toBeNull();
  });

  it('refuses a correction that is worse on the newest labels; the model in use stays and nothing is re-tagged', async () => {
    // The team's older labels disagree with the model, its newest 30% agree: a correction fitted
    // on the older ones is worse on the newer.
    await label(60, (i) => (i < 42 ? flip(said[i]!) : said[i]!));
    const { version } = await requestRetrain(db, { baseVersion: taggers.baseVersion, userId: null });
    await trainOnce(opts('A'));
    const row = (await getModelVersion(db, version.id))!;
    expect(row).toMatchObject({ state: 'refused', active: false });
    const figures = row.figures as { candidate: HeldOutFigures; current: HeldOutFigures };
    expect(figures.candidate.sentiment.macroF1).toBeLessThan(figures.current.sentiment.macroF1);
    expect(row.decision).toMatch(/^Refused: worse than the model in use on sentiment/);
    expect(await activeModelVersion(db)).toBeNull();
    expect(await latestRetagRun(db)).toBeNull();
    expect((await taggers.get(true)).modelVersion).toBe(taggers.make(null).modelVersion);
    // A refused version cannot be put in use.
    expect(await activateModelVersion(db, { id: row.id, taggerVersion: row.version!, userId: null })).toBeNull();
  });

  it('fails with the reason when there are too few labels', async () => {
    await label(12, (i) => said[i]!);
    const { version } = await requestRetrain(db, { baseVersion: taggers.baseVersion, userId: null });
    await trainOnce(opts('A'));
    expect(await getModelVersion(db, version.id)).toMatchObject({
      state: 'failed',
      active: false,
      error: expect.stringContaining('at least 30 labelled posts that still have their text; there are 12'),
    });
  });

  it('a retraining whose worker died is taken over once its lease lapses', async () => {
    await label(40, (i) => flip(said[i]!));
    const { version } = await requestRetrain(db, { baseVersion: taggers.baseVersion, userId: null });
    // Worker A claims it and dies before doing anything.
    expect(await claimRetrain(db, 'A', 60_000)).toMatchObject({ id: version.id, state: 'training' });
    // While A's lease holds, B finds nothing to do.
    expect(await trainOnce(opts('B'))).toBe(false);
    // A's lease lapses (it never renews): B takes over and finishes.
    await db.execute(sql`update model_versions set lease_until = now() - interval '1 second'`);
    expect(await trainOnce(opts('B'))).toBe(true);
    expect(await getModelVersion(db, version.id)).toMatchObject({ state: 'promoted', active: true });
  });
});
