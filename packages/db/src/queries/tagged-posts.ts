import { sql } from 'drizzle-orm';
import type { Evidence, SentimentClass } from '@lp/contracts/api';
import type { PostDraft } from '@lp/contracts/post';
import { posts, postSentiments, postTopics } from '../schema/posts';
import { ALL_TOPICS, sentimentRollupsHourly } from '../schema/rollups';
import type { DbOrTx } from './raw-items';

export interface TaggedPost {
  rawItemId: number;
  sourceId: string;
  draft: PostDraft;
  /** Redacted text: evidence offsets index into it. */
  text: string;
  lang: string | null;
  sentiment: { label: SentimentClass; score: number | null; confidence: number | null; evidence: Evidence[] };
  topics: Array<{ id: string; score: number; evidence: Evidence[] }>;
  modelVersion: string;
  fetchedAt: Date;
}

interface RollupDelta {
  hour: Date;
  sourceId: string;
  topicId: string;
  sentiment: string;
  postCount: number;
  scoreSum: number;
}

function hourOf(iso: string): Date {
  const d = new Date(iso);
  d.setUTCMinutes(0, 0, 0);
  return d;
}

/** Rollup increments for the posts actually inserted, in one fixed key order so concurrent workers never deadlock. */
export function rollupDeltas(inserted: TaggedPost[]): RollupDelta[] {
  const acc = new Map<string, RollupDelta>();
  const add = (hour: Date, sourceId: string, topicId: string, sentiment: string, score: number) => {
    const key = `${hour.toISOString()}\u0000${sourceId}\u0000${topicId}\u0000${sentiment}`;
    const cur = acc.get(key);
    if (cur) {
      cur.postCount += 1;
      cur.scoreSum += score;
    } else acc.set(key, { hour, sourceId, topicId, sentiment, postCount: 1, scoreSum: score });
  };
  for (const p of inserted) {
    const hour = hourOf(p.draft.publishedAt);
    const score = p.sentiment.score ?? 0;
    add(hour, p.sourceId, ALL_TOPICS, p.sentiment.label, score);
    for (const t of new Set(p.topics.map((x) => x.id))) add(hour, p.sourceId, t, p.sentiment.label, score);
  }
  return [...acc.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * Inserts posts and their tags, skipping any already stored (platform + external id), and adds
 * exactly those inserted to the rollups. Run inside the NLP transaction: a retried batch inserts
 * nothing and so changes no count.
 */
export async function insertTaggedPosts(tx: DbOrTx, batch: TaggedPost[]): Promise<{ inserted: number }> {
  // One post seen through two sources in the same batch is one post: keep the first.
  const unique = new Map<string, TaggedPost>();
  for (const p of batch) {
    const key = `${p.draft.platform}\u0000${p.draft.externalId}`;
    if (!unique.has(key)) unique.set(key, p);
  }
  const rows = [...unique.values()];
  if (rows.length === 0) return { inserted: 0 };

  const ids = await tx
    .insert(posts)
    .values(
      rows.map((p) => ({
        platform: p.draft.platform,
        externalId: p.draft.externalId,
        sourceId: p.sourceId,
        rawItemId: p.rawItemId,
        authorPseudonym: p.draft.authorPseudonym,
        text: p.text,
        url: p.draft.url,
        publishedAt: new Date(p.draft.publishedAt),
        fetchedAt: p.fetchedAt,
        lang: p.lang,
        metrics: p.draft.metrics,
        synthetic: p.draft.synthetic,
      })),
    )
    .onConflictDoNothing({ target: [posts.platform, posts.externalId] })
    .returning({ id: posts.id, platform: posts.platform, externalId: posts.externalId });
  if (ids.length === 0) return { inserted: 0 };

  const byKey = new Map(ids.map((r) => [`${r.platform}\u0000${r.externalId}`, r.id]));
  const inserted: Array<TaggedPost & { postId: number }> = [];
  for (const [key, p] of unique) {
    const postId = byKey.get(key);
    if (postId !== undefined) inserted.push({ ...p, postId });
  }

  await tx.insert(postSentiments).values(
    inserted.map((p) => ({
      postId: p.postId,
      label: p.sentiment.label,
      score: p.sentiment.score,
      confidence: p.sentiment.confidence,
      evidence: p.sentiment.evidence,
      modelVersion: p.modelVersion,
    })),
  );
  const topicRows = inserted.flatMap((p) =>
    p.topics.map((t) => ({
      postId: p.postId,
      topicId: t.id,
      score: t.score,
      evidence: t.evidence,
      modelVersion: p.modelVersion,
    })),
  );
  if (topicRows.length > 0) await tx.insert(postTopics).values(topicRows).onConflictDoNothing();

  const deltas = rollupDeltas(inserted);
  await tx
    .insert(sentimentRollupsHourly)
    .values(deltas)
    .onConflictDoUpdate({
      target: [
        sentimentRollupsHourly.hour,
        sentimentRollupsHourly.sourceId,
        sentimentRollupsHourly.topicId,
        sentimentRollupsHourly.sentiment,
      ],
      set: {
        postCount: sql`${sentimentRollupsHourly.postCount} + excluded.post_count`,
        scoreSum: sql`${sentimentRollupsHourly.scoreSum} + excluded.score_sum`,
      },
    });
  return { inserted: inserted.length };
}
