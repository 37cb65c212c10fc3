import { and, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { READ_BUDGETS } from '@lp/contracts/source-types';
import type { Db } from '../client';
import { sources } from '../schema/sources';
import { recordUncoveredPoll } from './coverage';

export type Source = typeof sources.$inferSelect;

export interface SourceSpec {
  id: string;
  type: string;
  config: Record<string, unknown>;
  enabled: boolean;
  synthetic: boolean;
  pollEverySeconds: number;
}

/**
 * Makes the file-managed sources in Postgres match the sources file. A source whose type changes
 * starts again from the newest page; one removed from the file is disabled, not deleted, so its
 * posts keep their source.
 */
export async function syncFileSources(db: Db, specs: SourceSpec[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const s of specs) {
      await tx
        .insert(sources)
        .values({ ...s, managedBy: 'file' })
        .onConflictDoUpdate({
          target: sources.id,
          set: {
            type: s.type,
            config: s.config,
            enabled: s.enabled,
            synthetic: s.synthetic,
            pollEverySeconds: s.pollEverySeconds,
            managedBy: 'file',
            cursor: sql`case when ${sources.type} = ${s.type} then ${sources.cursor} else null end`,
            state: sql`case when ${s.enabled} then (case when ${sources.state} = 'paused' then 'new' else ${sources.state} end) else 'paused' end`,
            updatedAt: sql`now()`,
          },
        });
    }
    const ids = specs.map((s) => s.id);
    await tx
      .update(sources)
      .set({ enabled: false, state: 'paused', updatedAt: sql`now()` })
      .where(and(eq(sources.managedBy, 'file'), ids.length ? notInArray(sources.id, ids) : undefined));
  });
}

/** Every source not deleted (a deleted source is a tombstone for the posts it kept). */
export async function listSources(db: Db): Promise<Source[]> {
  return db.select().from(sources).where(isNull(sources.deletedAt)).orderBy(sources.id);
}

export async function getSource(db: Db, id: string): Promise<Source | undefined> {
  const [row] = await db
    .select()
    .from(sources)
    .where(and(eq(sources.id, id), isNull(sources.deletedAt)));
  return row;
}

/**
 * The per-source poll lock. Returns the source when this owner now holds its lease, or null when
 * another poll holds it, the source is disabled, or it must not be polled yet (rate limit, backoff).
 */
export async function acquireSourceLease(
  db: Db,
  id: string,
  owner: string,
  ttlSeconds: number,
): Promise<Source | null> {
  const [row] = await db
    .update(sources)
    .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${ttlSeconds})` })
    .where(
      and(
        eq(sources.id, id),
        eq(sources.enabled, true),
        sql`(${sources.leaseUntil} is null or ${sources.leaseUntil} < now())`,
        sql`(${sources.notBefore} is null or ${sources.notBefore} <= now())`,
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Extends a held lease (a stream consumer holds its source's for as long as it runs). Null when the
 * lease is no longer this owner's, or the source was paused, stopped or deleted: the holder stops.
 */
export async function renewSourceLease(db: Db, id: string, owner: string, ttlSeconds: number): Promise<Source | null> {
  const [row] = await db
    .update(sources)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${ttlSeconds})` })
    .where(and(eq(sources.id, id), eq(sources.leaseOwner, owner), eq(sources.enabled, true), isNull(sources.deletedAt)))
    .returning();
  return row ?? null;
}

/** Enabled, not deleted sources of these types (the stream role's candidates). */
export async function listEnabledSourcesOfTypes(db: Db, types: readonly string[]): Promise<Source[]> {
  if (types.length === 0) return [];
  return db
    .select()
    .from(sources)
    .where(and(inArray(sources.type, [...types]), eq(sources.enabled, true), isNull(sources.deletedAt)));
}

export async function releaseSourceLease(db: Db, id: string, owner: string): Promise<void> {
  await db
    .update(sources)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(sources.id, id), eq(sources.leaseOwner, owner)));
}

export interface PollProblem {
  state: 'rate_limited' | 'backoff' | 'error' | 'budget_spent';
  error: string;
  /** When the source may be polled again; null leaves it to the normal schedule. */
  notBefore: Date | null;
}

export async function recordPollProblem(db: Db, id: string, problem: PollProblem): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(sources)
      .set({
        state: problem.state,
        lastError: problem.error.slice(0, 2000),
        lastPolledAt: sql`now()`,
        notBefore: problem.notBefore,
        updatedAt: sql`now()`,
      })
      .where(eq(sources.id, id));
    // The hour's coverage record says a poll was tried and fetched nothing.
    await recordUncoveredPoll(tx, id, problem.state === 'budget_spent' ? 'budget_spent' : 'failed');
  });
}

/**
 * The budget period a source's reads are charged to, from its type (READ_BUDGETS): a day in Pacific
 * time for YouTube, whose quota Google resets at midnight there; the calendar month in UTC for X.
 * `type` is the SQL of a source type.
 */
export const budgetPeriodSql = (type: SQL) => {
  const daily = Object.entries(READ_BUDGETS)
    .filter(([, b]) => b.period === 'pacific-day')
    .map(([t]) => t);
  return sql`case
  when ${type} in (${sql.join(
    daily.map((t) => sql`${t}`),
    sql`, `,
  )})
    then to_char(now() at time zone 'America/Los_Angeles', 'YYYY-MM-DD')
  else to_char(now() at time zone 'UTC', 'YYYY-MM') end`;
};

/** Reads (or quota units) already charged to the source in its current budget period. */
export async function readsThisPeriod(db: Db, id: string): Promise<number> {
  const res = await db.execute<{ reads: number }>(
    sql`select b.reads from source_read_budgets b join sources s on s.id = b.source_id
        where b.source_id = ${id} and b.period = ${budgetPeriodSql(sql`s.type`)}`,
  );
  return Number(res.rows[0]?.reads ?? 0);
}

/** Charges reads (or quota units) spent outside a poll (a "check now" preview) to the current period. */
export async function chargeReads(db: Db, id: string, reads: number): Promise<void> {
  if (reads <= 0) return;
  await db.execute(sql`
    insert into source_read_budgets (source_id, period, reads)
    select id, ${budgetPeriodSql(sql`type`)}, ${reads} from sources where id = ${id}
    on conflict (source_id, period) do update set reads = source_read_budgets.reads + excluded.reads`);
}

/** Stops polling a source until someone fixes it (bad credentials, a feed that is gone). */
export async function stopSource(db: Db, id: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(sources)
      .set({
        enabled: false,
        state: 'stopped',
        lastError: reason.slice(0, 2000),
        lastPolledAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(sources.id, id));
    await recordUncoveredPoll(tx, id, 'failed');
  });
}
