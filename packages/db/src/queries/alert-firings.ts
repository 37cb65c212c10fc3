import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { alertDeliveries, alertFirings } from '../schema/alerts';
import type { DbOrTx } from './raw-items';

export type FiringRow = typeof alertFirings.$inferSelect;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;
export type NewFiring = Omit<typeof alertFirings.$inferInsert, 'id' | 'firedAt' | 'acknowledgedAt' | 'acknowledgedBy'>;

export interface NewDelivery {
  channelId: string;
  channelType: string;
  target: string;
  /** held: inside quiet hours, sent in the digest after them. */
  status: 'pending' | 'held';
}

async function insertFiring(tx: DbOrTx, firing: NewFiring, deliveries: NewDelivery[]): Promise<FiringRow | null> {
  const [row] = await tx.insert(alertFirings).values(firing).onConflictDoNothing().returning();
  if (!row) return null;
  if (deliveries.length > 0)
    await tx.insert(alertDeliveries).values(
      deliveries.map((d) => ({
        firingId: row.id,
        ruleId: firing.ruleId ?? null,
        channelId: d.channelId,
        channelType: d.channelType,
        target: d.target,
        status: d.status,
      })),
    );
  return row;
}

/**
 * Records a firing and its deliveries in one transaction. Unique on (rule, window) or (source,
 * condition, start, recovery): a second evaluation of the same window adds nothing and returns null.
 */
export async function recordFiring(
  db: DbOrTx,
  firing: NewFiring,
  deliveries: NewDelivery[],
): Promise<FiringRow | null> {
  return db.transaction((tx) => insertFiring(tx, firing, deliveries));
}

/**
 * A rule's firing, unless the rule fired within its cool-down: the check and the insert hold the
 * rule's lock together, so two API processes judging neighbouring windows at once fire one of them.
 */
export async function recordRuleFiring(
  db: Db,
  firing: NewFiring & { ruleId: string },
  deliveries: NewDelivery[],
  cooldownMinutes: number,
): Promise<FiringRow | 'cooling_down' | 'already_fired'> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alert-rule:${firing.ruleId}`}))`);
    const res = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from alert_firings
      where rule_id = ${firing.ruleId} and window_to > ${firing.windowTo.toISOString()}::timestamptz - make_interval(mins => ${cooldownMinutes})
        and not (window_from = ${firing.windowFrom.toISOString()}::timestamptz and window_to = ${firing.windowTo.toISOString()}::timestamptz)`);
    if (Number(res.rows[0]?.n ?? 0) > 0) return 'cooling_down';
    return (await insertFiring(tx, firing, deliveries)) ?? 'already_fired';
  });
}

/** The rule's latest firing (for the cool-down), or null. */
export async function lastFiringOf(db: DbOrTx, ruleId: string): Promise<FiringRow | null> {
  const res = await db.execute<{ id: number }>(sql`
    select id from alert_firings where rule_id = ${ruleId} order by window_to desc, id desc limit 1`);
  const id = res.rows[0]?.id;
  if (id === undefined) return null;
  return getFiring(db, Number(id));
}

export async function getFiring(db: DbOrTx, id: number): Promise<FiringRow | null> {
  const rows = await db
    .select()
    .from(alertFirings)
    .where(sql`${alertFirings.id} = ${id}`);
  return rows[0] ?? null;
}

/** Newest first, `before` an id for the next page. */
export async function listFirings(
  db: Db,
  q: {
    limit: number;
    before?: number;
    ruleId?: string;
    kind?: string;
    unacknowledged?: boolean;
    from?: Date;
    to?: Date;
  },
): Promise<FiringRow[]> {
  return db
    .select()
    .from(alertFirings)
    .where(
      sql`true
        ${q.before !== undefined ? sql`and ${alertFirings.id} < ${q.before}` : sql``}
        ${q.ruleId ? sql`and ${alertFirings.ruleId} = ${q.ruleId}` : sql``}
        ${q.kind ? sql`and ${alertFirings.kind} = ${q.kind}` : sql``}
        ${q.unacknowledged ? sql`and ${alertFirings.acknowledgedAt} is null` : sql``}
        ${q.from ? sql`and ${alertFirings.firedAt} >= ${q.from.toISOString()}::timestamptz` : sql``}
        ${q.to ? sql`and ${alertFirings.firedAt} < ${q.to.toISOString()}::timestamptz` : sql``}`,
    )
    .orderBy(sql`${alertFirings.id} desc`)
    .limit(q.limit);
}

export async function countUnacknowledged(db: Db): Promise<number> {
  const res = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from alert_firings where acknowledged_at is null`,
  );
  return Number(res.rows[0]?.n ?? 0);
}

/** Sets who acknowledged it, once (a second acknowledgement keeps the first). */
export async function acknowledgeFiring(db: Db, id: number, by: string): Promise<FiringRow | null> {
  await db.execute(sql`
    update alert_firings set acknowledged_at = now(), acknowledged_by = ${by}
    where id = ${id} and acknowledged_at is null`);
  return getFiring(db, id);
}

/** Deliveries of these firings (and the digests carrying them), oldest first. */
export async function deliveriesOf(db: Db, firingIds: number[]): Promise<Map<number, DeliveryRow[]>> {
  const out = new Map<number, DeliveryRow[]>(firingIds.map((id) => [id, []]));
  if (firingIds.length === 0) return out;
  const list = sql.join(
    firingIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await db
    .select()
    .from(alertDeliveries)
    .where(sql`${alertDeliveries.firingId} in (${list}) or ${alertDeliveries.firingIds} && array[${list}]::bigint[]`)
    .orderBy(alertDeliveries.id);
  for (const d of rows) {
    const owners = d.firingId !== null ? [d.firingId] : (d.firingIds ?? []);
    for (const id of owners) out.get(Number(id))?.push(d);
  }
  return out;
}

/**
 * Claims the next due delivery for sending, leased to `owner` for `leaseSeconds`: two senders
 * never hold one row at once, and a sender that died mid-send gives it back when the lease runs
 * out. One at a time, so each send starts with a fresh lease.
 */
export async function claimDueDelivery(db: Db, owner: string, leaseSeconds: number): Promise<DeliveryRow | null> {
  const res = await db.execute<{ id: number }>(sql`
    update alert_deliveries set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseSeconds}),
      attempts = attempts + 1
    where id = (
      select id from alert_deliveries
      where status in ('pending', 'failed') and next_attempt_at <= now()
        and (lease_until is null or lease_until < now())
      order by next_attempt_at, id limit 1
      for update skip locked)
    returning id`);
  const id = res.rows[0]?.id;
  if (id === undefined) return null;
  const rows = await db
    .select()
    .from(alertDeliveries)
    .where(sql`${alertDeliveries.id} = ${Number(id)}`);
  return rows[0] ?? null;
}

/**
 * Marks a delivery sent, or failed with the next attempt after `retryInMs` (null: give up), only
 * while `owner` still holds its lease: a sender whose lease ran out (and whose row another took)
 * changes nothing. Returns whether it did.
 */
export async function finishAlertDelivery(
  db: Db,
  id: number,
  owner: string,
  outcome: { sent: true } | { sent: false; error: string; retryInMs: number | null },
): Promise<boolean> {
  const mine = sql`id = ${id} and lease_owner = ${owner} and lease_until >= now()`;
  const res = outcome.sent
    ? await db.execute(sql`
        update alert_deliveries set status = 'sent', sent_at = now(), last_error = null, lease_owner = null, lease_until = null
        where ${mine}`)
    : await db.execute(sql`
        update alert_deliveries set
          status = ${outcome.retryInMs === null ? 'gave_up' : 'failed'},
          last_error = ${outcome.error.slice(0, 500)},
          lease_owner = null, lease_until = null,
          next_attempt_at = now() + make_interval(secs => ${(outcome.retryInMs ?? 0) / 1000})
        where ${mine}`);
  return (res.rowCount ?? 0) > 0;
}

/**
 * Held deliveries of a rule whose quiet hours have ended, per channel: the digest for each is
 * created (unique on rule, end of quiet hours and channel) and the held rows marked digested, in
 * one transaction. Returns how many digests were created.
 */
export async function digestHeldDeliveries(
  db: Db,
  ruleId: string,
  quietEndedAt: Date,
  target: (channelId: string) => { type: string; target: string } | null,
): Promise<number> {
  return db.transaction(async (tx) => {
    const held = await tx.execute<{ id: number; firing_id: number; channel_id: string }>(sql`
      select d.id, d.firing_id, d.channel_id from alert_deliveries d
      where d.rule_id = ${ruleId} and d.status = 'held' for update`);
    const byChannel = new Map<string, { ids: number[]; firings: number[] }>();
    for (const r of held.rows) {
      const cur = byChannel.get(r.channel_id) ?? { ids: [], firings: [] };
      cur.ids.push(Number(r.id));
      cur.firings.push(Number(r.firing_id));
      byChannel.set(r.channel_id, cur);
    }
    let created = 0;
    if (held.rows.length === 0) return 0;
    // One digest per batch of held rows (named by the first), so a later batch never meets an earlier key.
    const key = `${ruleId}@${quietEndedAt.toISOString()}#${Math.min(...held.rows.map((r) => Number(r.id)))}`;
    for (const [channelId, { ids, firings }] of byChannel) {
      const t = target(channelId);
      if (t?.type === 'webhook') {
        // A machine takes each firing whole: its held rows simply go out now, one firing each.
        await tx.execute(sql`
          update alert_deliveries set status = 'pending', next_attempt_at = now()
          where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`);
        continue;
      }
      if (t) {
        const res = await tx
          .insert(alertDeliveries)
          .values({ digestKey: key, firingIds: firings, ruleId, channelId, channelType: t.type, target: t.target })
          .onConflictDoNothing()
          .returning({ id: alertDeliveries.id });
        created += res.length;
      }
      await tx.execute(sql`
        update alert_deliveries set status = ${t ? 'digested' : 'gave_up'},
          last_error = ${t ? null : 'the channel was removed from the rule during quiet hours'}
        where id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`);
    }
    return created;
  });
}

/** Firings by id (a digest's). */
export async function firingsByIds(db: Db, ids: number[]): Promise<FiringRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(alertFirings)
    .where(
      sql`${alertFirings.id} in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    )
    .orderBy(alertFirings.id);
}

/** Firings whose window ended in the London days [from, to), oldest first (the weekly report's list). */
export async function firingsInDays(db: Db, range: { from: string; to: string }, limit: number): Promise<FiringRow[]> {
  return db
    .select()
    .from(alertFirings)
    .where(
      sql`${alertFirings.windowTo} >= (${range.from}::date::timestamp at time zone 'Europe/London')
        and ${alertFirings.windowTo} < (${range.to}::date::timestamp at time zone 'Europe/London')`,
    )
    .orderBy(alertFirings.windowTo, alertFirings.id)
    .limit(limit);
}

/** The posts an alert names, by id: their text and link as now kept (gone once purged or erased). */
export async function postsByIds(
  db: Db,
  ids: string[],
): Promise<Map<string, { url: string | null; text: string | null }>> {
  const wanted = [...new Set(ids)].filter((id) => /^\d{1,18}$/.test(id));
  if (wanted.length === 0) return new Map();
  const res = await db.execute<{ id: string; url: string | null; text: string | null }>(sql`
    select id::text as id, url, text from posts where id in (${sql.join(
      wanted.map((id) => sql`${id}::bigint`),
      sql`, `,
    )})`);
  return new Map(res.rows.map((r) => [r.id, { url: r.url, text: r.text }]));
}

/** Whether a rule has deliveries held for quiet hours (cheap: checked before any clock arithmetic). */
export async function hasHeldDeliveries(db: Db, ruleId: string): Promise<boolean> {
  const res = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from alert_deliveries where rule_id = ${ruleId} and status = 'held'`,
  );
  return Number(res.rows[0]?.n ?? 0) > 0;
}

/** How many firings ended in the London days [from, to) (the report lists the first of them). */
export async function countFiringsInDays(db: Db, range: { from: string; to: string }): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from alert_firings
    where window_to >= (${range.from}::date::timestamp at time zone 'Europe/London')
      and window_to < (${range.to}::date::timestamp at time zone 'Europe/London')`);
  return Number(res.rows[0]?.n ?? 0);
}
