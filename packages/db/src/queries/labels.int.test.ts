import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../client';
import { ALL_TOPICS } from '../schema/rollups';
import { seedPosts } from '../testing/seed';
import { resetDatabase, testDatabaseUrl } from '../testing/test-env';
import { labelPost, nextSamplePost, removeLabel, sampleStats } from './labels';
import { getPostById } from './posts';
import { rollupsAgainstPosts } from './rollup-checks';
import { storeTaggedPosts, type TaggedPost } from './tagged-posts';

const handle = createDb(testDatabaseUrl(), { max: 2 });
const db = handle.db;
afterAll(() => handle.close());

let x1 = 0;
beforeEach(async () => {
  await resetDatabase(db);
  await seedPosts(db, [
    { externalId: 'x1', publishedAt: '2025-01-06T09:10:00Z', label: 'negative', score: -0.5, topics: ['staffing'] },
    { externalId: 'x2', publishedAt: '2025-01-06T09:20:00Z', label: 'positive', score: 0.5, topics: ['compassion'] },
  ]);
  x1 = Number((await db.execute<{ id: number }>(sql`select id from posts where external_id = 'x1'`)).rows[0]!.id);
});

async function expectRollupsExact() {
  const { stored, recomputed } = await rollupsAgainstPosts(db);
  expect(stored).toEqual(recomputed);
}
/** Posts per sentiment over all topics, and per topic, as the dashboard's figures read them. */
async function figures() {
  const bySentiment = await db.execute<{ sentiment: string; n: number }>(sql`
    select sentiment, sum(post_count)::int as n from sentiment_rollups_daily where topic_id = ${ALL_TOPICS}
    group by 1 having sum(post_count) <> 0 order by 1`);
  const byTopic = await db.execute<{ topic_id: string; n: number }>(sql`
    select topic_id, sum(post_count)::int as n from sentiment_rollups_daily where topic_id <> ${ALL_TOPICS}
    group by 1 having sum(post_count) <> 0 order by 1`);
  return {
    sentiment: Object.fromEntries(bySentiment.rows.map((r) => [r.sentiment, r.n])),
    topics: Object.fromEntries(byTopic.rows.map((r) => [r.topic_id, r.n])),
  };
}

function retagged(version: string, label: 'positive' | 'negative', topics: string[]): TaggedPost {
  return {
    rawItemId: 99,
    sourceId: 'seed',
    draft: {
      platform: 'seed',
      externalId: 'x1',
      url: null,
      publishedAt: '2025-01-06T09:10:00Z',
      text: 'Edited text',
      lang: 'en',
      authorPseudonym: 'a_seed',
      metrics: {},
      synthetic: false,
      version,
    },
    text: 'Edited text',
    lang: 'en',
    sentiment: { label, score: label === 'positive' ? 0.8 : -0.8, confidence: 0.9, evidence: [] },
    topics: topics.map((id) => ({ id, score: 0.7, evidence: [] })),
    modelVersion: 'model-v9',
    fetchedAt: new Date(),
  };
}

describe('analysts’ labels', () => {
  it('changes the figures by exactly the label, in the same transaction as the tags', async () => {
    expect(await figures()).toEqual({
      sentiment: { negative: 1, positive: 1 },
      topics: { compassion: 1, staffing: 1 },
    });
    const outcome = await labelPost(db, {
      postId: x1,
      sentiment: 'positive',
      topics: ['pay', 'compassion'],
      userId: null,
    });
    expect(outcome).toMatchObject({ found: true, before: { sentiment: 'negative', topics: ['staffing'] } });
    expect(await figures()).toEqual({ sentiment: { positive: 2 }, topics: { compassion: 2, pay: 1 } });
    await expectRollupsExact();

    const post = await getPostById(db, x1);
    expect(post).toMatchObject({
      sentiment: { label: 'positive', score: 1 },
      topics: [
        { id: 'compassion', score: 1 },
        { id: 'pay', score: 1 },
      ],
      label: { model: { sentiment: 'negative', topics: ['staffing'] } },
    });
    // A positive post pulls nothing down: it leaves the movers.
    expect(
      Number((await db.execute<{ impact: number }>(sql`select impact from posts where id = ${x1}`)).rows[0]!.impact),
    ).toBe(0);
  });

  it('survives re-tagging: the model’s new tags are kept beside the label, the figures keep the label', async () => {
    await labelPost(db, { postId: x1, sentiment: 'positive', topics: ['pay'], userId: null });
    const stats = await db.transaction((tx) =>
      storeTaggedPosts(tx, [retagged('2025-01-07T00:00:00.000Z', 'negative', ['staffing', 'wellbeing'])]),
    );
    expect(stats.updated).toBe(1);
    const post = await getPostById(db, x1);
    expect(post).toMatchObject({
      text: 'Edited text',
      sentiment: { label: 'positive', score: 1 },
      topics: [{ id: 'pay' }],
      label: { model: { sentiment: 'negative', topics: ['staffing', 'wellbeing'] } },
    });
    expect(await figures()).toEqual({ sentiment: { positive: 2 }, topics: { compassion: 1, pay: 1 } });
    await expectRollupsExact();

    // Taking the label back brings the model's latest tags, not the ones it had when labelled.
    expect(await removeLabel(db, x1)).toEqual({ found: true });
    expect(await getPostById(db, x1)).toMatchObject({
      sentiment: { label: 'negative', score: -0.8 },
      topics: [{ id: 'staffing' }, { id: 'wellbeing' }],
      label: null,
    });
    expect(await figures()).toEqual({
      sentiment: { negative: 1, positive: 1 },
      topics: { compassion: 1, staffing: 1, wellbeing: 1 },
    });
    await expectRollupsExact();
  });

  it('keeps what the model first said across re-labels, and answers not found for unknown posts', async () => {
    await labelPost(db, { postId: x1, sentiment: 'neutral', topics: [], userId: null });
    await labelPost(db, { postId: x1, sentiment: 'positive', topics: ['pay'], userId: null });
    const row = (
      await db.execute<{ sentiment: string; model: { sentiment: { label: string } } }>(
        sql`select sentiment, model from post_labels where post_id = ${x1}`,
      )
    ).rows[0]!;
    expect(row.sentiment).toBe('positive');
    expect(row.model.sentiment.label).toBe('negative');
    await expectRollupsExact();
    expect(await labelPost(db, { postId: 999_999, sentiment: 'positive', topics: [], userId: null })).toEqual({
      found: false,
    });
    expect(await removeLabel(db, x1 + 1)).toEqual({ found: false });
  });
});

describe('"label a sample" order', () => {
  it('serves the least-labelled voice × topic group first, the least sure post within it, over all history', async () => {
    await resetDatabase(db);
    await seedPosts(db, [
      // Staff on staffing: one old and unsure, one recent and sure.
      {
        externalId: 'old-unsure',
        publishedAt: '2024-03-01T09:00:00Z',
        label: 'negative',
        score: -0.1,
        topics: ['staffing'],
        voice: 'staff',
        confidence: 0.4,
      },
      {
        externalId: 'new-sure',
        publishedAt: '2025-01-06T09:00:00Z',
        label: 'negative',
        score: -0.9,
        topics: ['staffing'],
        voice: 'staff',
        confidence: 0.95,
      },
      // The public on pay: fairly unsure.
      {
        externalId: 'pay',
        publishedAt: '2025-01-05T09:00:00Z',
        label: 'positive',
        score: 0.2,
        topics: ['pay'],
        voice: 'public',
        confidence: 0.5,
      },
      // Not servable: no sentiment (Welsh).
      {
        externalId: 'welsh',
        publishedAt: '2025-01-05T10:00:00Z',
        label: 'unscored',
        lang: 'cy',
        topics: ['pay'],
        voice: 'public',
      },
    ]);
    const id = async (externalId: string) =>
      Number(
        (await db.execute<{ id: number }>(sql`select id from posts where external_id = ${externalId}`)).rows[0]!.id,
      );
    const next = async (skip: number[] = []) => (await nextSamplePost(db, skip))?.postId ?? null;

    // No labels anywhere: the least sure post of all, however old.
    expect(await next()).toBe(await id('old-unsure'));
    await labelPost(db, { postId: await id('old-unsure'), sentiment: 'negative', topics: ['staffing'], userId: null });
    // Staff × staffing now has a label: the public × pay group, with none, goes first.
    expect(await next()).toBe(await id('pay'));
    expect(await nextSamplePost(db, [await id('pay')])).toMatchObject({
      postId: await id('new-sure'),
      stratumLabels: 1,
    });
    await labelPost(db, { postId: await id('pay'), sentiment: 'positive', topics: ['pay'], userId: null });
    await labelPost(db, { postId: await id('new-sure'), sentiment: 'negative', topics: ['staffing'], userId: null });
    // Everything scored is labelled; the Welsh post is never served.
    expect(await next()).toBeNull();
    expect(await sampleStats(db, 1)).toEqual({ teamLabels: 3, myLabels: 0, unlabelled: 0 });
  });
});
