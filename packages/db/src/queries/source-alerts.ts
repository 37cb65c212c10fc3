import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { DbOrTx } from './raw-items';

export interface SourceHealthNow {
  id: string;
  state: string;
  enabled: boolean;
  deleted: boolean;
  lastError: string | null;
  /** The last good poll, or when the source was added if it never had one. */
  okSince: Date;
  /** What the alerts last saw: a condition and since when, or none. */
  seen: { condition: string | null; since: Date | null } | null;
}

/** Every source with its state and what the alerts last saw of it. */
export async function sourcesForHealthAlerts(db: Db): Promise<SourceHealthNow[]> {
  const res = await db.execute<{
    id: string;
    state: string;
    enabled: boolean;
    deleted: boolean;
    last_error: string | null;
    ok_since: string;
    seen_condition: string | null;
    seen_since: string | null;
    seen: boolean;
  }>(sql`
    select s.id, s.state, s.enabled, s.deleted_at is not null as deleted, s.last_error,
      coalesce(s.last_success_at, s.created_at) as ok_since,
      a.condition as seen_condition, a.since as seen_since, a.source_id is not null as seen
    from sources s left join source_alert_states a on a.source_id = s.id
    order by s.id`);
  return res.rows.map((r) => ({
    id: r.id,
    state: r.state,
    enabled: r.enabled,
    deleted: r.deleted,
    lastError: r.last_error,
    okSince: new Date(r.ok_since),
    seen: r.seen ? { condition: r.seen_condition, since: r.seen_since ? new Date(r.seen_since) : null } : null,
  }));
}

/** Records what the alerts now see of a source. */
export async function setSourceAlertState(
  db: DbOrTx,
  sourceId: string,
  s: { condition: string | null; since: Date | null; error: string | null },
): Promise<void> {
  await db.execute(sql`
    insert into source_alert_states (source_id, condition, since, error, updated_at)
    values (${sourceId}, ${s.condition}, ${s.since?.toISOString() ?? null}::timestamptz, ${s.error}, now())
    on conflict (source_id) do update set condition = excluded.condition, since = excluded.since,
      error = excluded.error, updated_at = now()`);
}

/** The active admins' addresses: who hears of a source's health. */
export async function adminEmails(db: Db): Promise<string[]> {
  const res = await db.execute<{ email: string }>(sql`
    select email from users where role = 'admin' and disabled_at is null order by email`);
  return res.rows.map((r) => r.email);
}
