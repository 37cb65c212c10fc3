// Re-tagging history: one active run at a time, leased by an NLP process, its cursor advanced in
// the same transaction as each batch's tags (see retagStoredPosts), so it resumes after any crash.
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { DbOrTx } from './raw-items';

export interface RetagRun {
  id: number;
  modelVersion: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  cursor: number;
  total: number;
  done: number;
  changed: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

type Row = {
  id: number;
  model_version: string;
  state: RetagRun['state'];
  cursor: number;
  total: number;
  done: number;
  changed: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
};
const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
const columns = sql`id, model_version, state, cursor, total, done, changed, ${iso('created_at')} as created_at,
  ${iso('started_at')} as started_at, ${iso('finished_at')} as finished_at, error`;
const toRun = (r: Row): RetagRun => ({
  id: Number(r.id),
  modelVersion: r.model_version,
  state: r.state,
  cursor: Number(r.cursor),
  total: Number(r.total),
  done: Number(r.done),
  changed: Number(r.changed),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
});

/** Posts a run goes through: every post that still has its text (purged posts keep their tags). */
const RETAGGABLE = sql`p.text is not null`;

/** Starts a run for `modelVersion`, or answers the run already active (one at a time). */
export async function startRetagRun(
  db: DbOrTx,
  input: { modelVersion: string; userId: number | null },
): Promise<{ run: RetagRun; created: boolean }> {
  const inserted = await db.execute<Row>(sql`
    insert into retag_runs (model_version, state, total, requested_by)
    select ${input.modelVersion}, 'queued', (select count(*) from posts p where ${RETAGGABLE})::int, ${input.userId}
    on conflict do nothing
    returning ${columns}`);
  if (inserted.rows[0]) return { run: toRun(inserted.rows[0]), created: true };
  const active = await db.execute<Row>(sql`select ${columns} from retag_runs where state in ('queued', 'running')`);
  return { run: toRun(active.rows[0]!), created: false };
}

export async function latestRetagRun(db: Db): Promise<RetagRun | null> {
  const res = await db.execute<Row>(sql`select ${columns} from retag_runs order by id desc limit 1`);
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

/**
 * Takes (or renews) the lease on the active run: a queued run, a run this owner already holds,
 * or a run whose holder stopped renewing (crashed) — which is how a run resumes elsewhere.
 */
export async function claimRetagRun(db: Db, owner: string, leaseMs: number): Promise<RetagRun | null> {
  const res = await db.execute<Row>(sql`
    update retag_runs set state = 'running', lease_owner = ${owner},
      lease_until = now() + ${`${leaseMs} milliseconds`}::interval, started_at = coalesce(started_at, now())
    where state in ('queued', 'running')
      and (state = 'queued' or lease_owner = ${owner} or lease_until is null or lease_until < now())
    returning ${columns}`);
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

export interface RetagItem {
  id: number;
  text: string;
  lang: string | null;
  question: string | null;
}

/** The next posts after the run's cursor, in id order. */
export async function nextRetagBatch(db: Db, cursor: number, limit: number): Promise<RetagItem[]> {
  const res = await db.execute<{ id: number; text: string; lang: string | null; question: string | null }>(sql`
    select p.id, p.text, p.lang, r.draft->>'question' as question
    from posts p left join raw_items r on r.id = p.raw_item_id
    where p.id > ${cursor} and ${RETAGGABLE}
    order by p.id limit ${limit}`);
  return res.rows.map((r) => ({ id: Number(r.id), text: r.text, lang: r.lang, question: r.question }));
}

/**
 * Moves the run past a batch, in the batch's transaction. Refused (false) when this owner no
 * longer holds the lease, so two processes never both apply a batch.
 */
export async function advanceRetagRun(
  tx: DbOrTx,
  input: { runId: number; owner: string; cursor: number; processed: number; changed: number; leaseMs: number },
): Promise<boolean> {
  const res = await tx.execute(sql`
    update retag_runs set cursor = ${input.cursor}, done = done + ${input.processed}, changed = changed + ${input.changed},
      lease_until = now() + ${`${input.leaseMs} milliseconds`}::interval
    where id = ${input.runId} and state = 'running' and lease_owner = ${input.owner} and cursor < ${input.cursor}`);
  return (res.rowCount ?? 0) === 1;
}

export async function finishRetagRun(db: Db, runId: number, owner: string, error?: string): Promise<void> {
  await db.execute(sql`
    update retag_runs set state = ${error ? 'failed' : 'done'}, finished_at = now(), error = ${error ?? null},
      lease_owner = null, lease_until = null
    where id = ${runId} and lease_owner = ${owner}`);
}

/** Stops the active run (a newer model superseded it): its batches so far stay, exact; the new run re-tags everything. */
export async function supersedeRetagRuns(db: DbOrTx, reason: string): Promise<void> {
  await db.execute(sql`
    update retag_runs set state = 'failed', finished_at = now(), error = ${reason}, lease_owner = null, lease_until = null
    where state in ('queued', 'running')`);
}
