import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { DbOrTx } from './raw-items';

export interface SourceHealthNow {
  id: string;
  state: string;
  enabled: boolean;
  deleted: boolean;
  lastError: string | null;
  lastSuccessAt: Date | null;
}

/** What the alerts last saw of a source. */
export interface SeenHealth {
  /** The condition alerted (null: healthy), and when the alerts first saw it. */
  condition: string | null;
  since: Date | null;
  /** When the alerts first saw it failing (backoff or error); null once it polls well. */
  troubleSince: Date | null;
}

/** Every source with its state now. */
export async function sourcesForHealthAlerts(db: Db): Promise<SourceHealthNow[]> {
  const res = await db.execute<{
    id: string;
    state: string;
    enabled: boolean;
    deleted: boolean;
    last_error: string | null;
    last_success_at: string | null;
  }>(sql`
    select id, state, enabled, deleted_at is not null as deleted, last_error, last_success_at
    from sources order by id`);
  return res.rows.map((r) => ({
    id: r.id,
    state: r.state,
    enabled: r.enabled,
    deleted: r.deleted,
    lastError: r.last_error,
    lastSuccessAt: r.last_success_at ? new Date(r.last_success_at) : null,
  }));
}

/**
 * Runs `step` with what the alerts last saw of a source, its row locked, and stores what it returns
 * in the same transaction (with any firing it records through `tx`): two API processes judging the
 * same source at once take turns, and the second sees the first's outcome.
 */
export async function withSourceAlertState(
  db: Db,
  sourceId: string,
  step: (tx: DbOrTx, seen: SeenHealth | null) => Promise<SeenHealth & { error: string | null }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`source-alert:${sourceId}`}))`);
    const res = await tx.execute<{ condition: string | null; since: string | null; trouble_since: string | null }>(
      sql`select condition, since, trouble_since from source_alert_states where source_id = ${sourceId}`,
    );
    const r = res.rows[0];
    const at = (v: string | null) => (v ? new Date(v) : null);
    const seen = r ? { condition: r.condition, since: at(r.since), troubleSince: at(r.trouble_since) } : null;
    const next = await step(tx, seen);
    await tx.execute(sql`
      insert into source_alert_states (source_id, condition, since, error, trouble_since, updated_at)
      values (${sourceId}, ${next.condition}, ${next.since?.toISOString() ?? null}::timestamptz, ${next.error},
        ${next.troubleSince?.toISOString() ?? null}::timestamptz, now())
      on conflict (source_id) do update set condition = excluded.condition, since = excluded.since,
        error = excluded.error, trouble_since = excluded.trouble_since, updated_at = now()`);
  });
}

/** The active admins' addresses: who hears of a source's health. */
export async function adminEmails(db: Db): Promise<string[]> {
  const res = await db.execute<{ email: string }>(sql`
    select email from users where role = 'admin' and disabled_at is null order by email`);
  return res.rows.map((r) => r.email);
}
