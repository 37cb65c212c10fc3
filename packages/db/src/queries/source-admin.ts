import { and, eq, isNull, sql } from 'drizzle-orm';
import { READ_BUDGETS } from '@lp/contracts/source-types';
import type { Db } from '../client';
import { ALL_TOPICS } from '../schema/rollups';
import { sources } from '../schema/sources';
import { removePostsWhere } from './remove-posts';
import { budgetPeriodSql, type Source } from './sources';

/** Admin writes on sources (the dashboard's add, edit, pause, resume) and the health table's numbers. */

export interface NewDashboardSource {
  id: string;
  type: string;
  config: Record<string, unknown>;
  enabled: boolean;
  synthetic: boolean;
  pollEverySeconds: number;
  /** Sealed by @lp/secrets; null when the type needs no credentials. */
  secrets: string | null;
}

/** Inserts a dashboard-managed source; null when the id is taken (by any source, file or dashboard). */
export async function insertDashboardSource(db: Db, s: NewDashboardSource): Promise<Source | null> {
  const [row] = await db
    .insert(sources)
    .values({ ...s, managedBy: 'dashboard', state: s.enabled ? 'new' : 'paused' })
    .onConflictDoNothing({ target: sources.id })
    .returning();
  return row ?? null;
}

export interface DashboardSourcePatch {
  config?: Record<string, unknown>;
  pollEverySeconds?: number;
  secrets?: string | null;
  enabled?: boolean;
}

/**
 * Edits a dashboard-managed source. The cursor is kept even when the config changes: a changed
 * query then continues from where the old one stopped rather than re-reading history.
 */
export async function updateDashboardSource(db: Db, id: string, patch: DashboardSourcePatch): Promise<Source | null> {
  const [row] = await db
    .update(sources)
    .set({
      ...(patch.config !== undefined && { config: patch.config }),
      ...(patch.pollEverySeconds !== undefined && { pollEverySeconds: patch.pollEverySeconds }),
      ...(patch.secrets !== undefined && { secrets: patch.secrets }),
      ...(patch.enabled === false && { enabled: false, state: 'paused' }),
      ...(patch.enabled === true && {
        enabled: true,
        state: sql`case when ${sources.state} in ('paused', 'stopped') then 'new' else ${sources.state} end`,
        notBefore: null,
        lastError: null,
      }),
      updatedAt: sql`now()`,
    })
    .where(and(eq(sources.id, id), eq(sources.managedBy, 'dashboard'), isNull(sources.deletedAt)))
    .returning();
  return row ?? null;
}

/** An operator's pause: the poller skips disabled sources, so it takes effect at the next poll. */
export async function pauseSource(db: Db, id: string): Promise<Source | null> {
  const [row] = await db
    .update(sources)
    .set({ enabled: false, state: 'paused', updatedAt: sql`now()` })
    .where(and(eq(sources.id, id), isNull(sources.deletedAt)))
    .returning();
  return row ?? null;
}

/** Resumes a paused or stopped source, forgetting its last error and any wait, so it polls at once. */
export async function resumeSource(db: Db, id: string): Promise<Source | null> {
  const [row] = await db
    .update(sources)
    .set({
      enabled: true,
      state: sql`case when ${sources.state} in ('paused', 'stopped') then 'new' else ${sources.state} end`,
      notBefore: null,
      lastError: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(sources.id, id), isNull(sources.deletedAt)))
    .returning();
  return row ?? null;
}

export interface SourceHealthRow {
  id: string;
  type: string;
  managedBy: string;
  enabled: boolean;
  state: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
  postsLastHour: number;
  postsLastDay: number;
  itemsWaiting: number;
  budgetLeft: number | null;
  /** When the token stops working, as the platform said (null: unknown or never). */
  credentialExpiresAt: Date | null;
  /** The latest recorded gap of the last 7 days (source_gaps). */
  lastGap: { from: Date; to: Date; reason: string } | null;
}

interface StoredHealthRow {
  id: string;
  type: string;
  managed_by: string;
  enabled: boolean;
  state: string;
  last_success_at: Date | string | null;
  last_error: string | null;
  posts_last_hour: number;
  posts_last_day: number;
  items_waiting: number;
  budget_left: number | null;
  credential_expires_at: Date | string | null;
  gap_from: Date | string | null;
  gap_to: Date | string | null;
  gap_reason: string | null;
  [k: string]: unknown;
}

/**
 * One row per source for the health table. Posts come from the hourly all-topics rollups (never a
 * scan of `posts`), counted by publication time: every hourly bucket that overlaps the last hour
 * (or 24 hours) counts whole, so "last hour" covers up to two buckets and can include up to an
 * hour more than its name says. Items waiting are raw items not yet tagged. Budget left is the
 * type's budget (READ_BUDGETS: the config's figure or the default) minus what this period spent:
 * X's reads this UTC month, YouTube's units this Pacific-time day.
 */
export async function sourceHealth(db: Db): Promise<SourceHealthRow[]> {
  // The type's budget (READ_BUDGETS): the config's own figure, or the type's default when left out.
  const budgetLeftSql = sql`case ${sql.join(
    Object.entries(READ_BUDGETS).map(
      ([type, b]) =>
        sql`when s.type = ${type} then coalesce(case when jsonb_typeof(s.config -> ${b.key}) = 'number' then floor((s.config ->> ${b.key})::numeric)::int end, ${b.default}) - coalesce(r.reads, 0)`,
    ),
    sql` `,
  )} end`;
  const res = await db.execute<StoredHealthRow>(sql`
    with posts as (
      select source_id,
             coalesce(sum(post_count) filter (where hour >= date_trunc('hour', now() - interval '1 hour')), 0)::int as last_hour,
             coalesce(sum(post_count), 0)::int as last_day
      from sentiment_rollups_hourly
      where topic_id = ${ALL_TOPICS} and hour >= date_trunc('hour', now() - interval '24 hours')
      group by source_id
    ),
    waiting as (
      select source_id, count(*)::int as n from raw_items where status = 'pending' group by source_id
    ),
    reads as (
      select b.source_id, b.reads from source_read_budgets b join sources bs on bs.id = b.source_id
      where b.period = ${budgetPeriodSql(sql`bs.type`)}
    )
    select s.id, s.type, s.managed_by, s.enabled, s.state, s.last_success_at, s.last_error,
           coalesce(p.last_hour, 0) as posts_last_hour,
           coalesce(p.last_day, 0) as posts_last_day,
           coalesce(w.n, 0) as items_waiting,
           ${budgetLeftSql} as budget_left,
           s.credential_expires_at,
           g.from_at as gap_from, g.to_at as gap_to, g.reason as gap_reason
    from sources s
    left join lateral (
      select from_at, to_at, reason from source_gaps
      where source_id = s.id and recorded_at > now() - interval '7 days'
      order by to_at desc, id desc limit 1
    ) g on true
    left join posts p on p.source_id = s.id
    left join waiting w on w.source_id = s.id
    left join reads r on r.source_id = s.id
    where s.deleted_at is null
    order by s.id`);
  return res.rows.map((r) => ({
    id: r.id,
    type: r.type,
    managedBy: r.managed_by,
    enabled: r.enabled,
    state: r.state,
    lastSuccessAt: r.last_success_at === null ? null : new Date(r.last_success_at),
    lastError: r.last_error,
    postsLastHour: Number(r.posts_last_hour),
    postsLastDay: Number(r.posts_last_day),
    itemsWaiting: Number(r.items_waiting),
    budgetLeft: r.budget_left === null ? null : Number(r.budget_left),
    credentialExpiresAt: r.credential_expires_at === null ? null : new Date(r.credential_expires_at),
    lastGap:
      r.gap_from === null || r.gap_to === null
        ? null
        : { from: new Date(r.gap_from), to: new Date(r.gap_to), reason: r.gap_reason ?? '' },
  }));
}

/**
 * Deletes a dashboard source as a tombstone: never polled or listed again, its id not reused, its
 * posts left as they are (see removeSourcePosts). A source already deleted is answered as it is
 * (so a removal that stopped half-way can be asked again). `file`: it belongs to the sources file.
 */
export async function tombstoneSource(db: Db, id: string): Promise<Source | 'file' | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(sources).where(eq(sources.id, id)).for('update');
    if (!row) return null;
    if (row.managedBy !== 'dashboard') return 'file' as const;
    if (row.deletedAt) return row;
    const [done] = await tx
      .update(sources)
      .set({
        deletedAt: sql`now()`,
        enabled: false,
        state: 'paused',
        secrets: null,
        notBefore: null,
        updatedAt: sql`now()`,
      })
      .where(eq(sources.id, id))
      .returning();
    return done!;
  });
}

/**
 * Removes every post of a source (see removePostsWhere: batched, rollups exact, resumable), then its
 * raw items, quarantined items and coverage. Returns the number of posts removed.
 */
export async function removeSourcePosts(db: Db, sourceId: string, batchSize = 500): Promise<number> {
  const { posts: removed } = await removePostsWhere(db, sql`p.source_id = ${sourceId}`, batchSize);
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from raw_items where source_id = ${sourceId}`);
    await tx.execute(sql`delete from quarantine where source_id = ${sourceId}`);
    await tx.execute(sql`delete from source_coverage where source_id = ${sourceId}`);
  });
  return removed;
}
