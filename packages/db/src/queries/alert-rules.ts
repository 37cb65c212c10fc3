import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { AlertChannelView } from '@lp/contracts/alerts';
import type { Db } from '../client';
import { alertRules } from '../schema/alerts';
import type { DbOrTx } from './raw-items';

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRuleValues = Omit<
  typeof alertRules.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'builtIn' | 'lastState' | 'lastMessage' | 'lastEvaluatedAt'
>;

/**
 * The rules an installation starts with (also written by migration 0024): staff mood turning
 * negative, and a surge in posts about us. A built-in rule an admin deleted stays deleted.
 */
export async function ensureBuiltInAlertRules(db: DbOrTx): Promise<void> {
  await db.execute(sql`
    insert into alert_rules (name, voice, metric, sensitivity, built_in)
    values ('Staff mood turns negative', 'staff', 'negative_share', 'medium', 'staff-negative-share')
    on conflict (built_in) do nothing`);
  await db.execute(sql`
    insert into alert_rules (name, about_us, metric, sensitivity, built_in)
    values ('Surge in posts about us', true, 'volume', 'medium', 'about-us-volume')
    on conflict (built_in) do nothing`);
}

/** Rules not deleted, oldest first. */
export async function listAlertRules(db: Db): Promise<AlertRuleRow[]> {
  return db
    .select()
    .from(alertRules)
    .where(isNull(alertRules.deletedAt))
    .orderBy(asc(alertRules.createdAt), asc(alertRules.id));
}

export async function getAlertRule(db: DbOrTx, id: string): Promise<AlertRuleRow | null> {
  const [row] = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.id, id), isNull(alertRules.deletedAt)));
  return row ?? null;
}

export async function createAlertRule(db: DbOrTx, values: AlertRuleValues): Promise<AlertRuleRow> {
  const [row] = await db.insert(alertRules).values(values).returning();
  return row!;
}

export async function updateAlertRule(
  db: DbOrTx,
  id: string,
  values: Partial<AlertRuleValues>,
): Promise<AlertRuleRow | null> {
  const [row] = await db
    .update(alertRules)
    // An edited rule is judged afresh: its last words described the old one.
    .set({ ...values, updatedAt: sql`now()`, lastState: null, lastMessage: null, lastBaselineWeeks: null })
    .where(and(eq(alertRules.id, id), isNull(alertRules.deletedAt)))
    .returning();
  return row ?? null;
}

/** Deleting keeps the row (its firings still name it), stops it, and sends nothing more of it. */
export async function deleteAlertRule(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(alertRules)
      .set({ deletedAt: sql`now()`, enabled: false, updatedAt: sql`now()` })
      .where(and(eq(alertRules.id, id), isNull(alertRules.deletedAt)))
      .returning({ id: alertRules.id });
    if (rows.length === 0) return false;
    await tx.execute(sql`
      update alert_deliveries set status = 'gave_up', last_error = 'the rule was deleted', lease_owner = null, lease_until = null
      where rule_id = ${id} and status in ('pending', 'failed', 'held')`);
    return true;
  });
}

/** What the last evaluation found, for the rules page. */
export async function recordRuleEvaluation(
  db: DbOrTx,
  id: string,
  e: { state: 'ok' | 'learning'; message: string; baselineWeeks: number | null; at: Date },
): Promise<void> {
  await db
    .update(alertRules)
    .set({
      lastState: e.state,
      lastMessage: e.message.slice(0, 500),
      lastBaselineWeeks: e.baselineWeeks,
      lastEvaluatedAt: e.at,
    })
    .where(eq(alertRules.id, id));
}

export type { AlertChannelView };

/** A rule even if deleted (a delivery of its firing still needs its channels). */
export async function getAlertRuleAnyState(db: DbOrTx, id: string): Promise<AlertRuleRow | null> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  return row ?? null;
}
