import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export interface AuthorFootprint {
  pseudonym: string;
  posts: number;
  firstAt: string | null;
  lastAt: string | null;
}

/**
 * What is stored under each of an author's pseudonyms (one per key version): how a subject access
 * request is answered, and what an erasure would remove. Pseudonyms with nothing stored are listed too.
 */
export async function authorFootprint(db: Db, pseudonyms: readonly string[]): Promise<AuthorFootprint[]> {
  if (pseudonyms.length === 0) return [];
  const res = await db.execute<{ pseudonym: string; posts: number; first_at: Date | null; last_at: Date | null }>(sql`
    select p.pseudonym, count(posts.id)::int as posts, min(posts.published_at) as first_at, max(posts.published_at) as last_at
    from unnest(array[${sql.join(
      pseudonyms.map((p) => sql`${p}`),
      sql`, `,
    )}]::text[]) as p(pseudonym)
    left join posts on posts.author_pseudonym = p.pseudonym
    group by p.pseudonym`);
  return res.rows.map((r) => ({
    pseudonym: r.pseudonym,
    posts: Number(r.posts),
    firstAt: r.first_at ? new Date(r.first_at).toISOString() : null,
    lastAt: r.last_at ? new Date(r.last_at).toISOString() : null,
  }));
}
