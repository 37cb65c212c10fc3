import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../client';
import { seedPosts } from '../testing/seed';
import { resetDatabase, testDatabaseUrl } from '../testing/test-env';
import { rollupsAgainstPosts } from './rollup-checks';
import { storeTaggedPosts, type TaggedPost } from './tagged-posts';

const handle = createDb(testDatabaseUrl(), { max: 2 });
const db = handle.db;
afterAll(() => handle.close());
beforeEach(async () => {
  await resetDatabase(db);
  await seedPosts(db, [
    { externalId: 'x1', publishedAt: '2025-01-06T09:10:00Z', label: 'negative', score: -0.5, topics: ['staffing'] },
    { externalId: 'x2', publishedAt: '2025-01-06T09:20:00Z', label: 'positive', score: 0.5, topics: ['compassion'] },
  ]);
});

function edit(
  externalId: string,
  version: string,
  label: 'positive' | 'negative',
  score: number,
  topics: string[],
  text: string,
): TaggedPost {
  return {
    rawItemId: 99,
    sourceId: 'seed',
    draft: {
      platform: 'seed',
      externalId,
      url: null,
      publishedAt: '2025-01-06T09:10:00Z',
      text,
      lang: 'en',
      authorPseudonym: 'a_seed',
      metrics: {},
      synthetic: false,
      version,
    },
    text,
    lang: 'en',
    sentiment: { label, score, confidence: 0.9, evidence: [] },
    topics: topics.map((id) => ({ id, score: 0.7, evidence: [] })),
    modelVersion: 'test',
    fetchedAt: new Date(),
  };
}

async function expectRollupsExact() {
  const { stored, recomputed } = await rollupsAgainstPosts(db);
  expect(stored).toEqual(recomputed);
}

describe('edits and deletions keep posts and rollups exact', () => {
  it('applies a newer edit, ignores a stale one and a repeat', async () => {
    const newer = edit('x1', '2025-01-06T10:00:00.000Z', 'positive', 0.6, ['pay'], 'Edited: the pay offer is fair');
    expect(await db.transaction((tx) => storeTaggedPosts(tx, [newer]))).toEqual({
      inserted: 0,
      updated: 1,
      deleted: 0,
    });
    const row = (
      await db.execute<{ text: string; version: string; label: string; topics: string[] }>(sql`
      select p.text, p.version, s.label, array(select topic_id from post_topics t where t.post_id = p.id) as topics
      from posts p join post_sentiments s on s.post_id = p.id where external_id = 'x1'`)
    ).rows[0]!;
    expect(row).toEqual({
      text: 'Edited: the pay offer is fair',
      version: '2025-01-06T10:00:00.000Z',
      label: 'positive',
      topics: ['pay'],
    });
    await expectRollupsExact();
    const staffing = await db.execute<{ n: number }>(
      sql`select coalesce(sum(post_count), 0)::int as n from sentiment_rollups_hourly where topic_id = 'staffing'`,
    );
    expect(Number(staffing.rows[0]!.n)).toBe(0);

    const stale = edit('x1', '2025-01-06T09:30:00.000Z', 'negative', -0.9, ['staffing'], 'older text');
    expect(await db.transaction((tx) => storeTaggedPosts(tx, [stale, newer]))).toEqual({
      inserted: 0,
      updated: 0,
      deleted: 0,
    });
    await expectRollupsExact();
  });

  it('removes a deleted post and takes it out of the rollups', async () => {
    const res = await db.transaction((tx) =>
      storeTaggedPosts(
        tx,
        [],
        [
          { platform: 'seed', externalId: 'x2' },
          { platform: 'seed', externalId: 'never-stored' },
        ],
      ),
    );
    expect(res).toEqual({ inserted: 0, updated: 0, deleted: 1 });
    const left = await db.execute<{ external_id: string }>(sql`select external_id from posts`);
    expect(left.rows.map((r) => r.external_id)).toEqual(['x1']);
    expect(
      await db.execute(sql`select 1 from post_topics where topic_id = 'compassion'`).then((r) => r.rows.length),
    ).toBe(0);
    await expectRollupsExact();
    const total = await db.execute<{ n: number }>(
      sql`select sum(post_count)::int as n from sentiment_rollups_hourly where topic_id = '*'`,
    );
    expect(Number(total.rows[0]!.n)).toBe(1);
  });
});
