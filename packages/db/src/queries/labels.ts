// Analysts' labels. A label replaces the model's tags in post_sentiments / post_topics (so every
// figure, list and export uses it) and moves the rollups by exactly the difference, in the same
// transaction; the model's tags are kept in post_labels.model so a label can be taken back.
import { sql } from 'drizzle-orm';
import type { Evidence, PostMetrics, SentimentClass } from '@lp/contracts/api';
import type { Db } from '../client';
import type { ModelTags } from '../schema/labels';
import { applyRollups } from './apply-rollups';
import { labelledTags, type EffectiveTags, type StoredLabel } from './label-tags';
import type { DbOrTx } from './raw-items';
import { impactOf, type Contribution } from './rollup-deltas';

export type { StoredLabel } from './label-tags';

interface LockedPost {
  id: number;
  contribution: Omit<Contribution, 'sign'>;
  metrics: PostMetrics;
  tags: EffectiveTags;
  label: (StoredLabel & { model: ModelTags }) | null;
}

/** The post (locked for this transaction), its current tags and its label, or null. */
async function lockPost(tx: DbOrTx, postId: number): Promise<LockedPost | null> {
  const res = await tx.execute<{
    id: number;
    published_at: string;
    source_id: string;
    voice: string;
    lang: string | null;
    about_us: boolean;
    metrics: PostMetrics | null;
    label: SentimentClass | null;
    score: number | null;
    confidence: number | null;
    evidence: Evidence[] | null;
    model_version: string | null;
    topics: Array<{ id: string; score: number; evidence: Evidence[] }> | null;
    l_sentiment: StoredLabel['sentiment'] | null;
    l_topics: string[] | null;
    l_model: ModelTags | null;
  }>(sql`
    select p.id, p.published_at, p.source_id, p.voice, p.lang, p.mentions_org_term is not null as about_us, p.metrics,
           s.label, s.score, s.confidence, s.evidence, s.model_version,
           (select json_agg(json_build_object('id', t.topic_id, 'score', t.score, 'evidence', t.evidence) order by t.topic_id)
              from post_topics t where t.post_id = p.id) as topics,
           l.sentiment as l_sentiment, l.topics as l_topics, l.model as l_model
    from posts p
    left join post_sentiments s on s.post_id = p.id
    left join post_labels l on l.post_id = p.id
    where p.id = ${postId}
    for update of p`);
  const r = res.rows[0];
  if (!r) return null;
  const topics = r.topics ?? [];
  const tags: EffectiveTags = {
    sentiment: {
      label: r.label ?? 'unscored',
      score: r.score === null ? null : Number(r.score),
      confidence: r.confidence === null ? null : Number(r.confidence),
      evidence: r.evidence ?? [],
    },
    topics,
    modelVersion: r.model_version ?? '',
  };
  return {
    id: Number(r.id),
    contribution: {
      publishedAt: r.published_at,
      sourceId: r.source_id,
      label: tags.sentiment.label,
      score: tags.sentiment.score,
      topics: topics.map((t) => t.id),
      voice: r.voice,
      lang: r.lang,
      aboutUs: r.about_us,
    },
    metrics: r.metrics ?? {},
    tags,
    label:
      r.l_sentiment && r.l_topics && r.l_model
        ? { sentiment: r.l_sentiment, topics: r.l_topics, model: r.l_model }
        : null,
  };
}

/** Replaces the post's tags with `tags` and moves the rollups from its old tags to the new. */
async function retag(tx: DbOrTx, post: LockedPost, tags: EffectiveTags): Promise<void> {
  await tx.execute(sql`
    insert into post_sentiments (post_id, label, score, confidence, evidence, model_version)
    values (${post.id}, ${tags.sentiment.label}, ${tags.sentiment.score}, ${tags.sentiment.confidence},
            ${JSON.stringify(tags.sentiment.evidence)}::jsonb, ${tags.modelVersion})
    on conflict (post_id) do update set label = excluded.label, score = excluded.score, confidence = excluded.confidence,
      evidence = excluded.evidence, model_version = excluded.model_version`);
  await tx.execute(sql`delete from post_topics where post_id = ${post.id}`);
  for (const t of tags.topics)
    await tx.execute(sql`
      insert into post_topics (post_id, topic_id, score, evidence, model_version)
      values (${post.id}, ${t.id}, ${t.score}, ${JSON.stringify(t.evidence)}::jsonb, ${tags.modelVersion})`);
  await tx.execute(
    sql`update posts set impact = ${impactOf(tags.sentiment.label, tags.sentiment.score, post.metrics)} where id = ${post.id}`,
  );
  await applyRollups(tx, [
    { ...post.contribution, sign: -1 },
    {
      ...post.contribution,
      label: tags.sentiment.label,
      score: tags.sentiment.score,
      topics: tags.topics.map((t) => t.id),
      sign: 1,
    },
  ]);
}

export type LabelOutcome =
  { found: false } | { found: true; before: { sentiment: SentimentClass; topics: string[] }; model: ModelTags };

/**
 * Sets an analyst's label on a post: the post's tags become the label's, the rollups move by the
 * difference, and the model's own tags are kept beside it (the first label keeps the tags the
 * model gave; a re-label keeps those too).
 */
export async function labelPost(
  db: Db,
  input: StoredLabel & { postId: number; userId: number | null },
): Promise<LabelOutcome> {
  return db.transaction(async (tx) => {
    const post = await lockPost(tx, input.postId);
    if (!post) return { found: false as const };
    const model: ModelTags = post.label?.model ?? {
      sentiment: post.tags.sentiment,
      topics: post.tags.topics,
      modelVersion: post.tags.modelVersion,
    };
    const label: StoredLabel = { sentiment: input.sentiment, topics: [...new Set(input.topics)].sort() };
    await tx.execute(sql`
      insert into post_labels (post_id, sentiment, topics, user_id, labelled_at, model)
      values (${post.id}, ${label.sentiment}, ${sql`array[${sql.join(
        label.topics.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}, ${input.userId}, now(), ${JSON.stringify(model)}::jsonb)
      on conflict (post_id) do update set sentiment = excluded.sentiment, topics = excluded.topics,
        user_id = excluded.user_id, labelled_at = excluded.labelled_at`);
    await retag(tx, post, labelledTags(model, label));
    // Setting the label settles any disagreement a review raised about this post.
    await tx.execute(
      sql`update label_reviews set settled_at = now() where post_id = ${post.id} and settled_at is null`,
    );
    return {
      found: true as const,
      before: { sentiment: post.tags.sentiment.label, topics: post.contribution.topics },
      model,
    };
  });
}

/** Takes a label back: the model's latest tags return, and the rollups with them. */
export async function removeLabel(db: Db, postId: number): Promise<{ found: boolean }> {
  return db.transaction(async (tx) => {
    const post = await lockPost(tx, postId);
    if (!post?.label) return { found: false };
    await tx.execute(sql`delete from post_labels where post_id = ${post.id}`);
    await tx.execute(sql`delete from label_reviews where post_id = ${post.id}`);
    await retag(tx, post, post.label.model as EffectiveTags);
    return { found: true };
  });
}

/** `and p.id not in (…)` for ids passed over this session, or nothing. */
const notSkipped = (skip: number[]) =>
  skip.length
    ? sql`and p.id not in (${sql.join(
        skip.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;

export interface SamplePick {
  postId: number;
  confidence: number | null;
  voice: string;
  /** The post's first topic, or '' for none: with the voice, the stratum it stands for. */
  topic: string;
  /** Labels the team already has in that stratum. */
  stratumLabels: number;
}

export interface SampleStats {
  teamLabels: number;
  myLabels: number;
  /** Scored posts with text that nobody has labelled yet. */
  unlabelled: number;
}

/**
 * The most useful post to label next: from the voice × topic group the team has labelled least,
 * the post the model was least sure of (calibrated confidence), over all history, not only the
 * newest. Posts without text (purged) or without a sentiment (other languages) are left out, and
 * so are the ids in `skip` (what the analyst passed over this session).
 */
export async function nextSamplePost(db: Db, skip: number[]): Promise<SamplePick | null> {
  const res = await db.execute<{
    id: number;
    confidence: number | null;
    voice: string;
    topic: string;
    done: number;
  }>(sql`
    with strata_done as (
      select p.voice, coalesce((select min(t.topic_id) from post_topics t where t.post_id = p.id), '') as topic, count(*) as n
      from post_labels l join posts p on p.id = l.post_id
      group by 1, 2
    ), candidates as (
      select p.id, p.voice, s.confidence,
             coalesce((select min(t.topic_id) from post_topics t where t.post_id = p.id), '') as topic
      from posts p join post_sentiments s on s.post_id = p.id
      where s.label <> 'unscored' and p.text is not null
        and not exists (select 1 from post_labels l where l.post_id = p.id)
        ${notSkipped(skip)}
    )
    select c.id, c.confidence, c.voice, c.topic, coalesce(d.n, 0)::int as done
    from candidates c left join strata_done d on d.voice = c.voice and d.topic = c.topic
    order by coalesce(d.n, 0), c.confidence asc nulls last, c.id
    limit 1`);
  const r = res.rows[0];
  if (!r) return null;
  return {
    postId: Number(r.id),
    confidence: r.confidence === null ? null : Number(r.confidence),
    voice: r.voice,
    topic: r.topic,
    stratumLabels: Number(r.done),
  };
}

export async function sampleStats(db: Db, userId: number): Promise<SampleStats> {
  const res = await db.execute<{ team: number; mine: number; unlabelled: number }>(sql`
    select (select count(*) from post_labels)::int as team,
           (select count(*) from post_labels where user_id = ${userId})::int as mine,
           (select count(*) from posts p join post_sentiments s on s.post_id = p.id
             where s.label <> 'unscored' and p.text is not null
               and not exists (select 1 from post_labels l where l.post_id = p.id))::int as unlabelled`);
  const r = res.rows[0]!;
  return { teamLabels: Number(r.team), myLabels: Number(r.mine), unlabelled: Number(r.unlabelled) };
}

export interface ConfusionCell {
  version: string;
  truth: string;
  predicted: string;
  n: number;
}
export interface TopicAgreement {
  version: string;
  topicId: string;
  /** Labelled with the topic and tagged with it by the model. */
  tp: number;
  /** Tagged by the model, not in the label. */
  fp: number;
  /** In the label, missed by the model. */
  fn: number;
}

/**
 * How the model's own tags (kept beside every label, refreshed by re-tagging) compare with the
 * team's labels, per model version: the sentiment confusion counts and, per topic, agreements and
 * misses. Only labelled posts count, so these are figures on the team's own conversation.
 */
export async function modelAgreement(db: Db): Promise<{
  confusion: ConfusionCell[];
  topics: TopicAgreement[];
  labelled: Array<{ version: string; n: number; from: string | null; to: string | null }>;
}> {
  const confusion = await db.execute<{ version: string; truth: string; predicted: string; n: number }>(sql`
    select l.model->>'modelVersion' as version, l.sentiment as truth, l.model->'sentiment'->>'label' as predicted, count(*)::int as n
    from post_labels l group by 1, 2, 3 order by 1, 2, 3`);
  const topics = await db.execute<{ version: string; topic_id: string; tp: number; fp: number; fn: number }>(sql`
    with pairs as (
      select l.model->>'modelVersion' as version, l.topics as truth,
             coalesce(array(select x->>'id' from jsonb_array_elements(l.model->'topics') x), '{}') as predicted
      from post_labels l
    ), ids as (
      select distinct version, t as topic_id from pairs, unnest(truth || predicted) t
    )
    select i.version, i.topic_id,
           count(*) filter (where i.topic_id = any(p.truth) and i.topic_id = any(p.predicted))::int as tp,
           count(*) filter (where i.topic_id <> all(p.truth) and i.topic_id = any(p.predicted))::int as fp,
           count(*) filter (where i.topic_id = any(p.truth) and i.topic_id <> all(p.predicted))::int as fn
    from ids i join pairs p on p.version = i.version
    group by 1, 2 order by 1, 2`);
  const labelled = await db.execute<{ version: string; n: number; from: string | null; to: string | null }>(sql`
    select l.model->>'modelVersion' as version, count(*)::int as n,
           to_char(min(p.published_at) at time zone 'UTC', 'YYYY-MM-DD') as "from",
           to_char(max(p.published_at) at time zone 'UTC', 'YYYY-MM-DD') as "to"
    from post_labels l join posts p on p.id = l.post_id group by 1 order by 1`);
  return {
    confusion: confusion.rows.map((r) => ({ ...r, n: Number(r.n) })),
    topics: topics.rows.map((r) => ({
      version: r.version,
      topicId: r.topic_id,
      tp: Number(r.tp),
      fp: Number(r.fp),
      fn: Number(r.fn),
    })),
    labelled: labelled.rows.map((r) => ({ ...r, n: Number(r.n) })),
  };
}

/** Posts per model version behind the tags now stored (labels count as 'label'). */
export async function taggedByVersion(db: Db): Promise<Array<{ version: string; posts: number }>> {
  const res = await db.execute<{ version: string; posts: number }>(sql`
    select model_version as version, count(*)::int as posts from post_sentiments group by 1 order by 2 desc, 1`);
  return res.rows.map((r) => ({ version: r.version, posts: Number(r.posts) }));
}

export interface ReviewPost {
  id: number;
  text: string;
  publishedAt: string;
  platform: string;
  synthetic: boolean;
}

/** A post someone else labelled that this analyst has not reviewed, oldest label first (skipped ids left out). */
export async function nextReviewPost(db: Db, userId: number, skip: number[]): Promise<ReviewPost | null> {
  const res = await db.execute<{
    id: number;
    text: string;
    published_at: string;
    platform: string;
    synthetic: boolean;
  }>(sql`
    select p.id, p.text, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as published_at,
           p.platform, p.synthetic
    from post_labels l join posts p on p.id = l.post_id
    where l.user_id is distinct from ${userId} and p.text is not null
      and not exists (select 1 from label_reviews r where r.post_id = l.post_id and r.user_id = ${userId})
      ${notSkipped(skip)}
    order by l.labelled_at, p.id limit 1`);
  const r = res.rows[0];
  return r
    ? { id: Number(r.id), text: r.text, publishedAt: r.published_at, platform: r.platform, synthetic: r.synthetic }
    : null;
}

const sameTopics = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export type ReviewOutcome =
  { found: false; reason: 'no_label' | 'own_label' } | { found: true; agrees: boolean; label: StoredLabel };

/** Records a second analyst's blind reading of a labelled post and says whether it agrees with the label. */
export async function reviewLabel(
  db: Db,
  input: StoredLabel & { postId: number; userId: number },
): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const res = await tx.execute<{ sentiment: StoredLabel['sentiment']; topics: string[]; user_id: number | null }>(
      sql`select sentiment, topics, user_id from post_labels where post_id = ${input.postId} for update`,
    );
    const label = res.rows[0];
    if (!label) return { found: false as const, reason: 'no_label' as const };
    if (label.user_id === input.userId) return { found: false as const, reason: 'own_label' as const };
    const topics = [...new Set(input.topics)].sort();
    const agrees = label.sentiment === input.sentiment && sameTopics(label.topics, topics);
    await tx.execute(sql`
      insert into label_reviews (post_id, user_id, sentiment, topics, reviewed_at, settled_at)
      values (${input.postId}, ${input.userId}, ${input.sentiment}, ${sql`array[${sql.join(
        topics.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}, now(), ${agrees ? sql`now()` : sql`null`})
      on conflict (post_id, user_id) do update set sentiment = excluded.sentiment, topics = excluded.topics,
        reviewed_at = excluded.reviewed_at, settled_at = excluded.settled_at`);
    return { found: true as const, agrees, label: { sentiment: label.sentiment, topics: label.topics } };
  });
}

export interface Disagreement {
  postId: number;
  review: StoredLabel & { reviewedAt: string };
}

/** Reviews that differ from the label and that no one has settled since (newest first). */
export async function listDisagreements(db: Db, limit = 50): Promise<Disagreement[]> {
  const res = await db.execute<{
    post_id: number;
    sentiment: StoredLabel['sentiment'];
    topics: string[];
    reviewed_at: string;
  }>(sql`
    select r.post_id, r.sentiment, r.topics,
           to_char(r.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reviewed_at
    from label_reviews r join post_labels l on l.post_id = r.post_id
    where r.settled_at is null
    order by r.reviewed_at desc, r.post_id limit ${limit}`);
  return res.rows.map((r) => ({
    postId: Number(r.post_id),
    review: { sentiment: r.sentiment, topics: r.topics, reviewedAt: r.reviewed_at },
  }));
}

export async function reviewStats(db: Db, userId: number): Promise<{ toReview: number; disagreements: number }> {
  const res = await db.execute<{ to_review: number; disagreements: number }>(sql`
    select (select count(*) from post_labels l join posts p on p.id = l.post_id
             where l.user_id is distinct from ${userId} and p.text is not null
               and not exists (select 1 from label_reviews r where r.post_id = l.post_id and r.user_id = ${userId}))::int as to_review,
           (select count(*) from label_reviews r where r.settled_at is null)::int as disagreements`);
  return { toReview: Number(res.rows[0]!.to_review), disagreements: Number(res.rows[0]!.disagreements) };
}
