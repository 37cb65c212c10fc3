import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { postColumns, postFilters, toPostRow, type PostColumnsRow, type PostListParams, type PostRow } from './posts';

export interface SearchParams extends PostListParams {
  /** What a person typed: web-search syntax ("quoted phrase", `or`, `-word`), English stemming. */
  q: string;
}

/** Where a search word sits in the stored text: `text.slice(start, end)`. */
export interface SearchMatch {
  start: number;
  end: number;
}

export type SearchRow = PostRow & { matches: SearchMatch[] };

/**
 * How Postgres reads a query: `empty` when nothing is left to look for (only stop words such as
 * "the", or only punctuation), `exclude-only` when it has words but only to exclude (`-pay`,
 * `nurse or -pay`), which would match nearly every post and cannot use the index.
 */
export type SearchQueryKind = 'ok' | 'empty' | 'exclude-only';

const tsquery = (q: string) => sql`websearch_to_tsquery('english', ${q})`;

export async function classifySearchQuery(db: Db, q: string): Promise<SearchQueryKind> {
  const res = await db.execute<{ nodes: number; tree: string }>(
    sql`select numnode(${tsquery(q)}) as nodes, querytree(${tsquery(q)}) as tree`,
  );
  const row = res.rows[0];
  if (!row || Number(row.nodes) === 0) return 'empty';
  // querytree() keeps only what the index can look up; 'T' means "no positive term at all".
  return row.tree === 'T' ? 'exclude-only' : 'ok';
}

// Private-use code points: they never appear in real posts (and if one does, the check in
// headlineMatches drops that post's highlights rather than misplace them).
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';
// HighlightAll returns the whole text, not fragments, so the marks can be mapped back onto it.
const HEADLINE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", HighlightAll=true`;

// How many of the newest posts in range are tested against the query before asking the GIN index
// instead. Walking the time index finds common words at once but would read every post in range
// for a rare one; the index finds rare words at once but would sort millions of hits for a common
// one. Past this many posts with fewer hits than a page, the hits are rare (under limit/5000 of
// posts), so sorting all of them is cheap.
const DEFAULT_SCAN_LIMIT = 5_000;

/**
 * Posts whose text matches `q`, newest first, keyset-paginated like `listPosts`. Ordering by time
 * (not rank) keeps deep pages as cheap as the first. `ts_headline` runs on the page only.
 */
export async function searchPosts(db: Db, p: SearchParams & { scanLimit?: number }): Promise<SearchRow[]> {
  const ids = await matchingIds(db, p, p.scanLimit ?? DEFAULT_SCAN_LIMIT);
  if (ids.length === 0) return [];
  const res = await db.execute<PostColumnsRow & { headline: string | null }>(sql`
    select page.*, ts_headline('english', page.text, ${tsquery(p.q)}, ${HEADLINE_OPTIONS}) as headline
    from (
      select ${postColumns}
      from posts p
      left join post_sentiments s on s.post_id = p.id
      where p.id = any(${`{${ids.join(',')}}`}::bigint[])
    ) page
    -- published_at is fixed-width ISO UTC text, so text order is time order.
    order by page.published_at desc, page.id desc`);
  return res.rows.map((r) => {
    const row = toPostRow(r);
    return { ...row, matches: row.text === null ? [] : headlineMatches(row.text, r.headline) };
  });
}

/** The ids of the page, newest first: the newest `scanLimit` posts in range first, then the GIN index. */
async function matchingIds(db: Db, p: SearchParams, scanLimit: number): Promise<number[]> {
  // Walks the time index newest first and stops at a page of hits: a common word costs a few
  // dozen rows, not the whole window. The order matches posts_published_idx (nulls last), so
  // neither select sorts.
  const newest = await db.execute<{ id: number }>(sql`
    select n.id from (
      select p.id, p.published_at, p.search
      from posts p
      left join post_sentiments s on s.post_id = p.id
      where ${postFilters(p)}
      order by p.published_at desc nulls last, p.id desc nulls last
      limit ${scanLimit}
    ) n
    where n.search @@ ${tsquery(p.q)}
    order by n.published_at desc nulls last, n.id desc nulls last
    limit ${p.limit}`);
  const hits = newest.rows.map((r) => Number(r.id));
  if (hits.length >= p.limit) return hits;

  // Fewer hits than a page among the newest scanLimit posts: the rest come from the GIN index,
  // after the last post that walk read (none when the range holds fewer posts than that).
  const edge = await db.execute<{ id: number; published_at: string }>(sql`
    select p.id, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at
    from posts p
    left join post_sentiments s on s.post_id = p.id
    where ${postFilters(p)}
    order by p.published_at desc nulls last, p.id desc nulls last
    offset ${scanLimit - 1} limit 1`);
  const last = edge.rows[0];
  if (!last) return hits;

  const rest = await db.execute<{ id: number }>(sql`
    select id from (
      select p.id, p.published_at
      from posts p
      left join post_sentiments s on s.post_id = p.id
      where p.search @@ ${tsquery(p.q)}
        and ${postFilters({ ...p, after: { publishedAt: last.published_at, id: Number(last.id) } })}
      -- offset 0 keeps this a set of index hits: without it the planner may walk the time index again.
      offset 0
    ) m
    order by published_at desc, id desc
    limit ${p.limit - hits.length}`);
  return [...hits, ...rest.rows.map((r) => Number(r.id))];
}

/**
 * Turns `ts_headline`'s marks into offsets (UTF-16 code units, like evidence) in the stored text.
 * If removing the marks does not give back exactly `text`, the highlights are dropped: no marks
 * is better than marks on the wrong words.
 */
export function headlineMatches(text: string, headline: string | null): SearchMatch[] {
  if (headline === null) return [];
  const matches: SearchMatch[] = [];
  const plain: string[] = [];
  let length = 0;
  let open: number | null = null;
  let from = 0;
  for (let i = 0; i < headline.length; i++) {
    const c = headline[i];
    if (c !== MATCH_START && c !== MATCH_END) continue;
    plain.push(headline.slice(from, i));
    length += i - from;
    from = i + 1;
    if (c === MATCH_START) {
      if (open !== null) return [];
      open = length;
    } else {
      if (open === null) return [];
      if (length > open) matches.push({ start: open, end: length });
      open = null;
    }
  }
  plain.push(headline.slice(from));
  if (open !== null || plain.join('') !== text) return [];
  return matches;
}
