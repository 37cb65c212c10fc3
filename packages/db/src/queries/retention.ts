import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export interface PurgeOutcome {
  /** Posts whose text, link and author pseudonym were removed. */
  posts: number;
  /** Alerts older than the period whose distinctive words were removed. */
  alertTerms: number;
  /** Raw items (the fetched drafts) emptied the same way. */
  rawItems: number;
  /** Quarantined payloads deleted (they are the platform's own item, author and all). */
  quarantined: number;
  /** Author voice records deleted (the pseudonym has no kept post left). */
  authorVoices: number;
}

/**
 * Retention: every post published before `cutoff` keeps its platform key, time, source, voice,
 * tags, labels and its place in every rollup, and loses its text, link and author pseudonym (and
 * the evidence spans, which are words of its text). The key stays, so a re-fetch of the post adds
 * nothing and a later edit of it is ignored (see applyEdits). The fetched drafts behind them are
 * emptied too, quarantined items older than the cutoff deleted, and voice records of pseudonyms
 * with nothing left removed. Batched; rollups are not touched because no tag changes.
 */
export async function purgePastRetention(db: Db, cutoff: Date, batchSize = 1000): Promise<PurgeOutcome> {
  let posts = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const res = await tx.execute<{ id: number }>(sql`
        with batch as (
          select id from posts where published_at < ${cutoff.toISOString()} and purged_at is null
          order by id limit ${batchSize} for update skip locked
        )
        update posts p set text = null, url = null, author_pseudonym = null, purged_at = now()
        from batch where p.id = batch.id
        returning p.id`);
      if (res.rows.length === 0) return 0;
      const ids = sql.join(
        res.rows.map((r) => sql`${r.id}`),
        sql`, `,
      );
      await tx.execute(sql`update post_sentiments set evidence = '[]'::jsonb where post_id in (${ids})`);
      await tx.execute(sql`update post_topics set evidence = '[]'::jsonb where post_id in (${ids})`);
      // A label keeps the model's own tags beside it, evidence words included.
      await tx.execute(sql`
        update post_labels set model = jsonb_set(
          jsonb_set(model, '{sentiment,evidence}', '[]'::jsonb),
          '{topics}',
          coalesce((select jsonb_agg(t || '{"evidence": []}'::jsonb) from jsonb_array_elements(model->'topics') t), '[]'::jsonb)
        )
        where post_id in (${ids})`);
      return res.rows.length;
    });
    posts += n;
    if (n < batchSize) break;
  }
  // Drafts still waiting to be tagged are left alone: they are purged once stored as posts.
  const raw = await db.execute(sql`
    update raw_items set draft = (draft - 'authorVoice' - 'question') || '{"text": "", "url": null, "authorPseudonym": null}'::jsonb
    where kind = 'upsert' and status <> 'pending'
      and (draft->>'publishedAt')::timestamptz < ${cutoff.toISOString()}
      and (draft->>'text' <> '' or draft->>'authorPseudonym' is not null or draft->>'url' is not null)`);
  const quarantined = await db.execute(sql`delete from quarantine where created_at < ${cutoff.toISOString()}`);
  const voices = await db.execute(sql`
    delete from author_voices v where v.updated_at < ${cutoff.toISOString()}
      and not exists (select 1 from posts p where p.author_pseudonym = v.author_pseudonym)`);
  // An alert keeps its posts by id (their text goes with the posts); the words that stood out go too.
  const alertTerms = await db.execute(sql`
    update alert_firings set explanation = jsonb_set(explanation, '{terms}', '[]'::jsonb)
    where window_to < ${cutoff.toISOString()} and explanation->'terms' <> '[]'::jsonb`);
  return {
    posts,
    alertTerms: alertTerms.rowCount ?? 0,
    rawItems: raw.rowCount ?? 0,
    quarantined: quarantined.rowCount ?? 0,
    authorVoices: voices.rowCount ?? 0,
  };
}
