import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { applyRollups } from './apply-rollups';
import { storedContribution } from './rollup-deltas';

/**
 * Removes the posts `where` picks (a condition on `posts p`), in batches: each batch's posts (with
 * their tags and labels, which cascade) and the rollup changes that take them out are one
 * transaction, so the figures stay exact even if it stops half-way (running it again finishes the
 * job). Returns the number of posts removed and how many labels went with them.
 */
export async function removePostsWhere(
  db: Db,
  where: SQL,
  batchSize = 500,
): Promise<{ posts: number; labels: number }> {
  let posts = 0;
  let labels = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const res = await tx.execute<{
        id: number;
        source_id: string;
        published_at: string;
        voice: string;
        lang: string | null;
        about_us: boolean;
        label: string | null;
        score: number | null;
        topics: string[] | null;
        labels: number;
      }>(sql`
        select p.id, p.source_id, p.published_at, p.voice, p.lang, p.mentions_org_term is not null as about_us, s.label, s.score,
          (select array_agg(t.topic_id) from post_topics t where t.post_id = p.id) as topics,
          (select count(*)::int from post_labels l where l.post_id = p.id) as labels
        from posts p left join post_sentiments s on s.post_id = p.id
        where ${where}
        order by p.id limit ${batchSize}
        for update of p`);
      if (res.rows.length === 0) return 0;
      const contributions = res.rows.map((r) => storedContribution(r, r.about_us, -1));
      await tx.execute(
        sql`delete from posts where id in (${sql.join(
          res.rows.map((r) => sql`${r.id}`),
          sql`, `,
        )})`,
      );
      await applyRollups(tx, contributions);
      labels += res.rows.reduce((sum, r) => sum + Number(r.labels), 0);
      return res.rows.length;
    });
    posts += n;
    if (n < batchSize) break;
  }
  return { posts, labels };
}
