import { sql } from 'drizzle-orm';
import type { Evidence, SentimentClass } from '@lp/contracts/api';
import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import { posts, postSentiments, postTopics } from '../schema/posts';
import { resolveAuthorVoices } from './author-voices';
import { londonDay } from './london-day';
import type { DbOrTx } from './raw-items';
import { applyRollups } from './apply-rollups';
import { labelledTags, type StoredLabel } from './label-tags';
import { impactOf, type Contribution } from './rollup-deltas';

export type { Contribution } from './rollup-deltas';

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
  /** The watch-list term the post mentions ("about us"), if any. */
  mentionsOrgTerm?: string | null;
}

const contributionOf = (p: TaggedPost, voice: string): Contribution => ({
  publishedAt: p.draft.publishedAt,
  sourceId: p.sourceId,
  label: p.sentiment.label,
  score: p.sentiment.score,
  topics: p.topics.map((t) => t.id),
  voice,
  lang: p.lang,
  aboutUs: Boolean(p.mentionsOrgTerm),
  sign: 1,
});

const keyOf = (platform: string, externalId: string) => `${platform}\u0000${externalId}`;

async function insertTags(tx: DbOrTx, rows: Array<TaggedPost & { postId: number }>): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(postSentiments).values(
    rows.map((p) => ({
      postId: p.postId,
      label: p.sentiment.label,
      score: p.sentiment.score,
      confidence: p.sentiment.confidence,
      evidence: p.sentiment.evidence,
      modelVersion: p.modelVersion,
    })),
  );
  const topicRows = rows.flatMap((p) =>
    p.topics.map((t) => ({
      postId: p.postId,
      topicId: t.id,
      score: t.score,
      evidence: t.evidence,
      modelVersion: p.modelVersion,
    })),
  );
  if (topicRows.length > 0) await tx.insert(postTopics).values(topicRows).onConflictDoNothing();
}

/** Stored posts (locked for this transaction) with what they contribute to the rollups. */
async function lockStored(tx: DbOrTx, keys: Array<{ platform: string; externalId: string }>) {
  if (keys.length === 0) return new Map<string, { id: number; version: string; contribution: Contribution }>();
  const res = await tx.execute<{
    id: number;
    platform: string;
    external_id: string;
    version: string;
    published_at: string;
    source_id: string;
    label: string | null;
    score: number | null;
    topics: string[] | null;
    voice: string;
    lang: string | null;
    mentions_org_term: string | null;
  }>(sql`
    select p.id, p.platform, p.external_id, p.version, p.published_at, p.source_id, s.label, s.score,
           p.voice, p.lang, p.mentions_org_term,
           (select array_agg(t.topic_id) from post_topics t where t.post_id = p.id) as topics
    from posts p left join post_sentiments s on s.post_id = p.id
    where (p.platform, p.external_id) in (${sql.join(
      keys.map((k) => sql`(${k.platform}, ${k.externalId})`),
      sql`, `,
    )})
    order by p.id
    for update of p`);
  return new Map(
    res.rows.map((r) => [
      keyOf(r.platform, r.external_id),
      {
        id: Number(r.id),
        version: r.version,
        contribution: {
          publishedAt: r.published_at,
          sourceId: r.source_id,
          label: r.label ?? 'unscored',
          score: r.score === null ? null : Number(r.score),
          topics: r.topics ?? [],
          voice: r.voice,
          lang: r.lang,
          aboutUs: r.mentions_org_term !== null,
          sign: -1 as const,
        },
      },
    ]),
  );
}

/** Labels of these posts (their rows are locked by the caller, so the labels cannot change under it). */
async function storedLabels(tx: DbOrTx, postIds: number[]): Promise<Map<number, StoredLabel>> {
  if (postIds.length === 0) return new Map();
  const res = await tx.execute<{ post_id: number; sentiment: StoredLabel['sentiment']; topics: string[] }>(sql`
    select post_id, sentiment, topics from post_labels where post_id in (${sql.join(
      postIds.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  return new Map(res.rows.map((r) => [Number(r.post_id), { sentiment: r.sentiment, topics: r.topics }]));
}

/**
 * Inserts new posts, applies newer edits of stored ones and removes deleted ones, keeping the
 * rollups exact: an insert adds, an edit subtracts the old tags and adds the new, a deletion
 * subtracts. Run inside the NLP transaction; a retried batch changes nothing.
 */
export async function storeTaggedPosts(
  tx: DbOrTx,
  batch: TaggedPost[],
  deletions: PostDeletion[] = [],
): Promise<{ inserted: number; updated: number; deleted: number }> {
  // One post seen through two sources in the same batch is one post: keep its highest version.
  const unique = new Map<string, TaggedPost>();
  for (const p of batch) {
    const key = keyOf(p.draft.platform, p.draft.externalId);
    const cur = unique.get(key);
    if (!cur || p.draft.version > cur.draft.version) unique.set(key, p);
  }
  const contributions: Contribution[] = [];
  let inserted = 0;
  let updated = 0;
  const rows = [...unique.values()];
  if (rows.length > 0) {
    const voices = await resolveAuthorVoices(
      tx,
      rows.map((p) => p.draft),
    );
    const voiceOf = (p: TaggedPost) =>
      (p.draft.authorPseudonym ? voices.get(p.draft.authorPseudonym) : undefined) ??
      p.draft.authorVoice?.voice ??
      'public';
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
          version: p.draft.version,
          mentionsOrgTerm: p.mentionsOrgTerm ?? null,
          voice: voiceOf(p),
          day: londonDay(p.draft.publishedAt),
          impact: impactOf(p.sentiment.label, p.sentiment.score, p.draft.metrics),
        })),
      )
      .onConflictDoNothing({ target: [posts.platform, posts.externalId] })
      .returning({ id: posts.id, platform: posts.platform, externalId: posts.externalId });
    const newIds = new Map(ids.map((r) => [keyOf(r.platform, r.externalId), r.id]));
    const fresh = rows.flatMap((p) => {
      const postId = newIds.get(keyOf(p.draft.platform, p.draft.externalId));
      return postId === undefined ? [] : [{ ...p, postId }];
    });
    await insertTags(tx, fresh);
    contributions.push(...fresh.map((p) => contributionOf(p, voiceOf(p))));
    inserted = fresh.length;

    // Posts already stored: a newer version is an edit.
    const edits = rows.filter(
      (p) => !newIds.has(keyOf(p.draft.platform, p.draft.externalId)) && p.draft.version !== '',
    );
    const stored = await lockStored(
      tx,
      edits.map((p) => p.draft),
    );
    const applied: Array<TaggedPost & { postId: number }> = [];
    const labels = await storedLabels(
      tx,
      [...stored.values()].map((s) => s.id),
    );
    for (const p of edits) {
      const old = stored.get(keyOf(p.draft.platform, p.draft.externalId));
      if (!old || old.version >= p.draft.version) continue;
      // The post keeps the source that first stored it, so its rollup row stays put.
      let edited = { ...p, sourceId: old.contribution.sourceId, postId: old.id };
      const label = labels.get(old.id);
      if (label) {
        // A label is the truth for the post: re-tagging refreshes what the model says beside it,
        // never the tags the figures use.
        const model = { sentiment: p.sentiment, topics: p.topics, modelVersion: p.modelVersion };
        await tx.execute(sql`update post_labels set model = ${JSON.stringify(model)}::jsonb where post_id = ${old.id}`);
        const tags = labelledTags(model, label);
        edited = { ...edited, sentiment: tags.sentiment, topics: tags.topics, modelVersion: tags.modelVersion };
      }
      const p2 = edited;
      await tx.execute(sql`
        update posts set text = ${p.text}, url = ${p.draft.url}, lang = ${p.lang}, metrics = ${JSON.stringify(p.draft.metrics)}::jsonb,
          published_at = ${p.draft.publishedAt}, version = ${p.draft.version}, author_pseudonym = ${p.draft.authorPseudonym},
          mentions_org_term = ${p.mentionsOrgTerm ?? null}, voice = ${voiceOf(p)}, day = ${londonDay(p.draft.publishedAt)},
          impact = ${impactOf(p2.sentiment.label, p2.sentiment.score, p.draft.metrics)}
        where id = ${old.id}`);
      await tx.execute(sql`delete from post_sentiments where post_id = ${old.id}`);
      await tx.execute(sql`delete from post_topics where post_id = ${old.id}`);
      contributions.push(old.contribution, contributionOf(edited, voiceOf(p)));
      applied.push(edited);
    }
    await insertTags(tx, applied);
    updated = applied.length;
  }

  let deleted = 0;
  if (deletions.length > 0) {
    const stored = await lockStored(tx, deletions);
    const ids = [...stored.values()].map((s) => s.id);
    if (ids.length > 0) {
      await tx.execute(
        sql`delete from posts where id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      );
      contributions.push(...[...stored.values()].map((s) => s.contribution));
      deleted = ids.length;
    }
  }
  await applyRollups(tx, contributions);
  return { inserted, updated, deleted };
}
