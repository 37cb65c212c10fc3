import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { DbOrTx } from './raw-items';

/** Never write more hours than this in one go (a corrupt date must not write a century of rows). */
const MAX_SPAN_HOURS = 3 * 366 * 24;

/**
 * Marks the hours from `from` to `to` (default now) covered for a source, in the caller's
 * transaction. `poll` counts one successful poll in the last hour; `backfilled` marks hours
 * covered by generated history or an imported file rather than by polling at the time.
 */
export async function markCovered(
  tx: DbOrTx,
  sourceId: string,
  span: { from: Date; to?: Date; poll?: boolean; backfilled?: boolean },
): Promise<void> {
  const to = span.to ? sql`${span.to.toISOString()}::timestamptz` : sql`now()`;
  const from = sql`greatest(${span.from.toISOString()}::timestamptz, ${to} - make_interval(hours => ${MAX_SPAN_HOURS}))`;
  await tx.execute(sql`
    insert into source_coverage (source_id, hour, covered, ok_polls, backfilled)
    select ${sourceId}, h, true,
      case when ${span.poll ?? false} and h = date_trunc('hour', ${to}) then 1 else 0 end,
      ${span.backfilled ?? false} and h < date_trunc('hour', now())
    from generate_series(date_trunc('hour', ${from}), date_trunc('hour', ${to}), interval '1 hour') as h
    on conflict (source_id, hour) do update set
      covered = true,
      ok_polls = source_coverage.ok_polls + excluded.ok_polls,
      backfilled = source_coverage.backfilled or excluded.backfilled`);
}

/** A poll that failed, or found the read budget spent, in this hour: counted; the hour is not covered by it. */
export async function recordUncoveredPoll(
  db: DbOrTx,
  sourceId: string,
  kind: 'failed' | 'budget_spent',
): Promise<void> {
  const column = kind === 'failed' ? sql`failed_polls` : sql`budget_spent_polls`;
  await db.execute(sql`
    insert into source_coverage (source_id, hour, ${column}) values (${sourceId}, date_trunc('hour', now()), 1)
    on conflict (source_id, hour) do update set ${column} = source_coverage.${column} + 1`);
}

export interface SourceDayCoverage {
  sourceId: string;
  /** London calendar day. */
  day: string;
  coveredHours: number;
  /** 24, or 23/25 on the days the clocks change. */
  hours: number;
  failedPolls: number;
}

/**
 * For each source named, for each London day in [from, to): how many of its hours were covered.
 * Sources are given by the caller (those in the view), so a source with no coverage at all shows
 * as every day uncovered rather than being left out.
 */
export async function coverageByDay(
  db: Db,
  range: { from: string; to: string },
  sourceIds: string[],
): Promise<SourceDayCoverage[]> {
  if (sourceIds.length === 0) return [];
  const ids = sql.join(
    sourceIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const res = await db.execute<{
    source_id: string;
    day: string;
    covered_hours: number;
    hours: number;
    failed_polls: number;
  }>(sql`
    with days as (
      select d::date as day from generate_series(${range.from}::date, ${range.to}::date - 1, interval '1 day') as d
    ), hours as (
      select day, h from days,
        generate_series((day::timestamp at time zone 'Europe/London'),
                        ((day + 1)::timestamp at time zone 'Europe/London') - interval '1 hour',
                        interval '1 hour') as h
    ), src as (select unnest(array[${ids}]::text[]) as source_id)
    select src.source_id, to_char(hours.day, 'YYYY-MM-DD') as day,
      count(*) filter (where c.covered)::int as covered_hours,
      count(*)::int as hours,
      coalesce(sum(c.failed_polls), 0)::int as failed_polls
    from src cross join hours
    left join source_coverage c on c.source_id = src.source_id and c.hour = hours.h
    group by src.source_id, hours.day
    order by src.source_id, hours.day`);
  return res.rows.map((r) => ({
    sourceId: r.source_id,
    day: r.day,
    coveredHours: Number(r.covered_hours),
    hours: Number(r.hours),
    failedPolls: Number(r.failed_polls),
  }));
}

/** Sources with any covered hour in [from, to) (London days): the ones a comparison must account for. */
export async function sourcesCoveredIn(db: Db, range: { from: string; to: string }): Promise<string[]> {
  const res = await db.execute<{ source_id: string }>(sql`
    select distinct source_id from source_coverage
    where covered
      and hour >= (${range.from}::date::timestamp at time zone 'Europe/London')
      and hour < (${range.to}::date::timestamp at time zone 'Europe/London')
    order by source_id`);
  return res.rows.map((r) => r.source_id);
}

/**
 * A span the source missed, with the reason: kept in `source_gaps`, and every hour it touches set
 * uncovered (a partly missed hour is not a covered one), in the caller's transaction.
 */
export async function recordGap(tx: DbOrTx, sourceId: string, gap: { from: Date; to: Date; reason: string }) {
  if (gap.to <= gap.from) return;
  await tx.execute(sql`
    insert into source_gaps (source_id, from_at, to_at, reason)
    values (${sourceId}, ${gap.from.toISOString()}::timestamptz, ${gap.to.toISOString()}::timestamptz, ${gap.reason.slice(0, 500)})`);
  const to = sql`${gap.to.toISOString()}::timestamptz`;
  const from = sql`greatest(${gap.from.toISOString()}::timestamptz, ${to} - make_interval(hours => ${MAX_SPAN_HOURS}))`;
  await tx.execute(sql`
    insert into source_coverage (source_id, hour, covered)
    select ${sourceId}, h, false
    from generate_series(date_trunc('hour', ${from}), date_trunc('hour', ${to} - interval '1 microsecond'), interval '1 hour') as h
    on conflict (source_id, hour) do update set covered = false`);
}

export interface SourceGap {
  sourceId: string;
  from: Date;
  to: Date;
  reason: string;
}

/** The gaps recorded for these sources that overlap the London days [from, to), oldest first. */
export async function gapsInDays(
  db: Db,
  sourceIds: string[],
  range: { from: string; to: string },
): Promise<SourceGap[]> {
  if (sourceIds.length === 0) return [];
  const ids = sql.join(
    sourceIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const res = await db.execute<{ source_id: string; from_at: string; to_at: string; reason: string }>(sql`
    select source_id, from_at, to_at, reason from source_gaps
    where source_id in (${ids})
      and to_at > (${range.from}::date::timestamp at time zone 'Europe/London')
      and from_at < (${range.to}::date::timestamp at time zone 'Europe/London')
    order by from_at, id`);
  return res.rows.map((r) => ({
    sourceId: r.source_id,
    from: new Date(r.from_at),
    to: new Date(r.to_at),
    reason: r.reason,
  }));
}
