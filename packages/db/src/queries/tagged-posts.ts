import { sql } from 'drizzle-orm';
import type { Evidence, SentimentClass } from '@lp/contracts/api';
import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import { posts, postSentiments, postTopics } from '../schema/posts';
import { resolveAuthorVoices } from './author-voices';
import { londonDay } from './london-day';
import { suppressedAmong } from './authors';
import type { DbOrTx } from './raw-items';
import { applyRollups } from './apply-rollups';
import { labelledTags, type StoredLabel } from './label-tags';
import { impactOf, storedContribution, type Contribution } from './rollup-deltas';

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
  if (keys.length === 0)
    return new Map<string, { id: number; version: string; purged: boolean; contribution: Contribution }>();
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
    purged: boolean;
  }>(sql`
    select p.id, p.platform, p.external_id, p.version, p.published_at, p.source_id, s.label, s.score,
           p.voice, p.lang, p.mentions_org_term, p.purged_at is not null as purged,
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
        purged: r.purged,
        contribution: storedContribution(r, r.mentions_org_term !== null, -1),
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

type ModelTags = Pick<TaggedPost, 'sentiment' | 'topics' | 'modelVersion'>;

/**
 * The tags a stored post gets from a model run: the model's, or, where an analyst labelled the
 * post, the label's (the model's tags are then kept beside the label, never used by the figures).
 */
async function tagsToStore<T extends ModelTags>(
  tx: DbOrTx,
  postId: number,
  p: T,
  label: StoredLabel | undefined,
): Promise<T> {
  if (!label) return p;
  const model = { sentiment: p.sentiment, topics: p.topics, modelVersion: p.modelVersion };
  await tx.execute(sql`update post_labels set model = ${JSON.stringify(model)}::jsonb where post_id = ${postId}`);
  const tags = labelledTags(model, label);
  return { ...p, sentiment: tags.sentiment, topics: tags.topics, modelVersion: tags.modelVersion };
}

interface Part {
  /** What the part adds to (sign 1) and takes from (sign -1) the rollups. */
  contributions: Contribution[];
  count: number;
}

type VoiceOf = (p: TaggedPost) => string;

/** The insert part: posts not stored yet, with their tags. Returns their rollup deltas and which keys were new. */
async function insertNew(tx: DbOrTx, rows: TaggedPost[], voiceOf: VoiceOf): Promise<Part & { newKeys: Set<string> }> {
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
  return {
    contributions: fresh.map((p) => contributionOf(p, voiceOf(p))),
    count: fresh.length,
    newKeys: new Set(newIds.keys()),
  };
}

/** The edit part: newer versions of stored posts replace text, metadata and tags (labels kept). */
async function applyEdits(tx: DbOrTx, edits: TaggedPost[], voiceOf: VoiceOf): Promise<Part> {
  const stored = await lockStored(
    tx,
    edits.map((p) => p.draft),
  );
  const labels = await storedLabels(
    tx,
    [...stored.values()].map((s) => s.id),
  );
  const contributions: Contribution[] = [];
  const applied: Array<TaggedPost & { postId: number }> = [];
  for (const p of edits) {
    const old = stored.get(keyOf(p.draft.platform, p.draft.externalId));
    // A purged post (past retention, see purgePastRetention) stays purged: a later edit brings nothing back.
    if (!old || old.purged || old.version >= p.draft.version) continue;
    // The post keeps the source that first stored it, so its rollup row stays put.
    const edited = await tagsToStore(
      tx,
      old.id,
      { ...p, sourceId: old.contribution.sourceId, postId: old.id },
      labels.get(old.id),
    );
    await tx.execute(sql`
      update posts set text = ${p.text}, url = ${p.draft.url}, lang = ${p.lang}, metrics = ${JSON.stringify(p.draft.metrics)}::jsonb,
        published_at = ${p.draft.publishedAt}, version = ${p.draft.version}, author_pseudonym = ${p.draft.authorPseudonym},
        mentions_org_term = ${p.mentionsOrgTerm ?? null}, voice = ${voiceOf(p)}, day = ${londonDay(p.draft.publishedAt)},
        impact = ${impactOf(edited.sentiment.label, edited.sentiment.score, p.draft.metrics)}
      where id = ${old.id}`);
    await tx.execute(sql`delete from post_sentiments where post_id = ${old.id}`);
    await tx.execute(sql`delete from post_topics where post_id = ${old.id}`);
    contributions.push(old.contribution, contributionOf(edited, voiceOf(p)));
    applied.push(edited);
  }
  await insertTags(tx, applied);
  return { contributions, count: applied.length };
}

/** The delete part: posts their platform deleted leave, with their tags and rollup counts. */
async function removeDeleted(tx: DbOrTx, deletions: PostDeletion[]): Promise<Part> {
  if (deletions.length === 0) return { contributions: [], count: 0 };
  const stored = await lockStored(tx, deletions);
  const ids = [...stored.values()].map((s) => s.id);
  if (ids.length === 0) return { contributions: [], count: 0 };
  await tx.execute(
    sql`delete from posts where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  return { contributions: [...stored.values()].map((s) => s.contribution), count: ids.length };
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
  // An erased author's posts still in the pipeline are dropped here too (see eraseAuthor).
  const suppressed = await suppressedAmong(
    tx,
    [...unique.values()].map((p) => p.draft.authorPseudonym),
  );
  const rows = [...unique.values()].filter((p) => !p.draft.authorPseudonym || !suppressed.has(p.draft.authorPseudonym));
  let inserted: Part = { contributions: [], count: 0 };
  let updated: Part = { contributions: [], count: 0 };
  if (rows.length > 0) {
    const voices = await resolveAuthorVoices(
      tx,
      rows.map((p) => p.draft),
    );
    const voiceOf: VoiceOf = (p) =>
      (p.draft.authorPseudonym ? voices.get(p.draft.authorPseudonym) : undefined) ??
      p.draft.authorVoice?.voice ??
      'public';
    const fresh = await insertNew(tx, rows, voiceOf);
    inserted = fresh;
    // Posts already stored: a newer version is an edit.
    updated = await applyEdits(
      tx,
      rows.filter((p) => !fresh.newKeys.has(keyOf(p.draft.platform, p.draft.externalId)) && p.draft.version !== ''),
      voiceOf,
    );
  }
  const deleted = await removeDeleted(tx, deletions);
  await applyRollups(tx, [...inserted.contributions, ...updated.contributions, ...deleted.contributions]);
  return { inserted: inserted.count, updated: updated.count, deleted: deleted.count };
}

/** A stored post's new tags from a re-tagging run. */
export interface Retag extends ModelTags {
  postId: number;
  /** The language the tagger resolved (a newer language gate may score a post the old one left out). */
  lang: string | null;
}

/**
 * Re-tagging part: stored posts get a newer model's tags (labels kept, the model's tags beside
 * them), their language and impact, and the rollups move by exactly the difference. A post whose
 * tags are already this model's is left alone, so a repeated batch changes nothing.
 */
export async function retagStoredPosts(tx: DbOrTx, items: Retag[]): Promise<{ retagged: number }> {
  if (items.length === 0) return { retagged: 0 };
  const ids = items.map((i) => i.postId);
  const res = await tx.execute<{
    id: number;
    published_at: string;
    source_id: string;
    voice: string;
    lang: string | null;
    about_us: boolean;
    metrics: Record<string, number> | null;
    label: string | null;
    score: number | null;
    model_version: string | null;
    topics: string[] | null;
  }>(sql`
    select p.id, p.published_at, p.source_id, p.voice, p.lang, p.mentions_org_term is not null as about_us, p.metrics,
           s.label, s.score, s.model_version,
           (select array_agg(t.topic_id) from post_topics t where t.post_id = p.id) as topics
    from posts p left join post_sentiments s on s.post_id = p.id
    where p.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})
    order by p.id
    for update of p`);
  const stored = new Map(res.rows.map((r) => [Number(r.id), r]));
  const labels = await storedLabels(tx, [...stored.keys()]);
  const contributions: Contribution[] = [];
  let retagged = 0;
  for (const item of items) {
    const r = stored.get(item.postId);
    if (!r) continue;
    const label = labels.get(item.postId);
    // Already this model's tags (or a label's over them): nothing to do.
    const current = await currentModelVersion(tx, item.postId, label);
    if (current === item.modelVersion && r.lang === item.lang) continue;
    const base = {
      publishedAt: r.published_at,
      sourceId: r.source_id,
      voice: r.voice,
      aboutUs: r.about_us,
    };
    const next = await tagsToStore(tx, item.postId, item, label);
    await tx.execute(sql`delete from post_sentiments where post_id = ${item.postId}`);
    await tx.execute(sql`delete from post_topics where post_id = ${item.postId}`);
    await insertTags(tx, [{ ...next, postId: item.postId } as TaggedPost & { postId: number }]);
    await tx.execute(sql`
      update posts set lang = ${item.lang}, impact = ${impactOf(next.sentiment.label, next.sentiment.score, r.metrics ?? {})}
      where id = ${item.postId}`);
    contributions.push(
      {
        ...base,
        label: r.label ?? 'unscored',
        score: r.score === null ? null : Number(r.score),
        topics: r.topics ?? [],
        lang: r.lang,
        sign: -1,
      },
      {
        ...base,
        label: next.sentiment.label,
        score: next.sentiment.score,
        topics: next.topics.map((t) => t.id),
        lang: item.lang,
        sign: 1,
      },
    );
    retagged++;
  }
  await applyRollups(tx, contributions);
  return { retagged };
}

/** The model version behind a post's tags: the label's model tags when labelled, else the stored tags'. */
async function currentModelVersion(tx: DbOrTx, postId: number, label: StoredLabel | undefined): Promise<string | null> {
  const res = label
    ? await tx.execute<{ v: string | null }>(
        sql`select model->>'modelVersion' as v from post_labels where post_id = ${postId}`,
      )
    : await tx.execute<{ v: string | null }>(
        sql`select model_version as v from post_sentiments where post_id = ${postId}`,
      );
  return res.rows[0]?.v ?? null;
}
