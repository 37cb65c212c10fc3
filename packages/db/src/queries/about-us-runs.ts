// "About us" recomputed for history after a watch-list edit: one run at a time, leased by an NLP
// process, each batch's posts, rollup changes and cursor in one transaction (resumes after a crash).
import { sql } from 'drizzle-orm';
import type { Watchlist } from '@lp/contracts/watchlist';
import type { Db } from '../client';
import { applyRollups } from './apply-rollups';
import type { DbOrTx } from './raw-items';
import { storedContribution, type Contribution } from './rollup-deltas';

export interface AboutUsRun {
  id: number;
  state: 'queued' | 'running' | 'done' | 'failed';
  watchlist: Watchlist;
  cursor: number;
  total: number;
  done: number;
  changed: number;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

type Row = Omit<AboutUsRun, 'createdAt' | 'finishedAt'> & { created_at: string; finished_at: string | null };
const columns = sql`id, state, watchlist, cursor, total, done, changed,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
  to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as finished_at, error`;
const toRun = (r: Row): AboutUsRun => ({
  id: Number(r.id),
  state: r.state,
  watchlist: r.watchlist,
  cursor: Number(r.cursor),
  total: Number(r.total),
  done: Number(r.done),
  changed: Number(r.changed),
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  error: r.error,
});

/** Starts a run for this watch list; a run still going for an older list is stopped (its batches stay exact). */
export async function startAboutUsRun(
  db: DbOrTx,
  input: { watchlist: Watchlist; userId: number | null },
): Promise<AboutUsRun> {
  await db.execute(sql`
    update about_us_runs set state = 'failed', finished_at = now(), error = 'superseded by a newer watch list',
      lease_owner = null, lease_until = null
    where state in ('queued', 'running')`);
  const res = await db.execute<Row>(sql`
    insert into about_us_runs (state, watchlist, total, requested_by)
    values ('queued', ${JSON.stringify(input.watchlist)}::jsonb, (select count(*) from posts where text is not null)::int, ${input.userId})
    returning ${columns}`);
  return toRun(res.rows[0]!);
}

export async function latestAboutUsRun(db: Db): Promise<AboutUsRun | null> {
  const res = await db.execute<Row>(sql`select ${columns} from about_us_runs order by id desc limit 1`);
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

/** Takes (or renews) the lease on the active run, or takes over one whose holder stopped renewing. */
export async function claimAboutUsRun(db: Db, owner: string, leaseMs: number): Promise<AboutUsRun | null> {
  const res = await db.execute<Row>(sql`
    update about_us_runs set state = 'running', lease_owner = ${owner},
      lease_until = now() + ${`${leaseMs} milliseconds`}::interval, started_at = coalesce(started_at, now())
    where state in ('queued', 'running')
      and (state = 'queued' or lease_owner = ${owner} or lease_until is null or lease_until < now())
    returning ${columns}`);
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

export async function finishAboutUsRun(db: Db, runId: number, owner: string): Promise<void> {
  await db.execute(sql`
    update about_us_runs set state = 'done', finished_at = now(), lease_owner = null, lease_until = null
    where id = ${runId} and lease_owner = ${owner} and state = 'running'`);
}

/**
 * One batch: the next posts after the cursor get `match(text)` as their watch-list term; where
 * that turns "about us" on or off, the rollups move by exactly the difference. Cursor, posts and
 * rollups commit together; false with nothing written when the lease was lost; null at the end.
 */
export async function aboutUsBatch(
  db: Db,
  input: { run: AboutUsRun; owner: string; leaseMs: number; limit: number; match: (text: string) => string | null },
): Promise<{ processed: number; changed: number } | null | false> {
  return db
    .transaction(async (tx) => {
      const res = await tx.execute<{
        id: number;
        text: string;
        term: string | null;
        published_at: string;
        source_id: string;
        voice: string;
        lang: string | null;
        label: string | null;
        score: number | null;
        topics: string[] | null;
      }>(sql`
      select p.id, p.text, p.mentions_org_term as term, p.published_at, p.source_id, p.voice, p.lang, s.label, s.score,
        (select array_agg(t.topic_id) from post_topics t where t.post_id = p.id) as topics
      from posts p left join post_sentiments s on s.post_id = p.id
      where p.id > ${input.run.cursor} and p.text is not null
      order by p.id limit ${input.limit}
      for update of p`);
      if (res.rows.length === 0) return null;
      const contributions: Contribution[] = [];
      let changed = 0;
      for (const r of res.rows) {
        const term = input.match(r.text);
        if (term === r.term) continue;
        await tx.execute(sql`update posts set mentions_org_term = ${term} where id = ${r.id}`);
        if ((term === null) === (r.term === null)) continue;
        changed++;
        contributions.push(storedContribution(r, r.term !== null, -1), storedContribution(r, term !== null, 1));
      }
      await applyRollups(tx, contributions);
      const cursor = Number(res.rows[res.rows.length - 1]!.id);
      const moved = await tx.execute(sql`
      update about_us_runs set cursor = ${cursor}, done = done + ${res.rows.length}, changed = changed + ${changed},
        lease_until = now() + ${`${input.leaseMs} milliseconds`}::interval
      where id = ${input.run.id} and state = 'running' and lease_owner = ${input.owner} and cursor < ${cursor}`);
      if ((moved.rowCount ?? 0) !== 1) throw new LeaseLost();
      input.run.cursor = cursor;
      return { processed: res.rows.length, changed };
    })
    .catch((err: unknown) => {
      if (err instanceof LeaseLost) return false as const;
      throw err;
    });
}

class LeaseLost extends Error {}
