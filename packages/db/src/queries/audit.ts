import { and, desc, eq, ilike, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AuditAction, AuditEntry } from '@lp/contracts/audit';
import type { Db } from '../client';
import { auditLog } from '../schema/auth';

export interface NewAuditEntry {
  action: AuditAction;
  actorUserId?: number | null;
  actorEmail?: string | null;
  target?: string | null;
  /** What changed, in words a reader of the log needs; never passwords, tokens or credentials. */
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export async function appendAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    actorEmail: entry.actorEmail ?? null,
    target: entry.target ?? null,
    detail: entry.detail ?? null,
    ip: entry.ip ?? null,
  });
}

/** Newest first; `before` is the id the previous page ended at. Days are Europe/London. */
export async function listAudit(
  db: Db,
  q: { from?: string; to?: string; action?: string; actor?: string; before?: number; limit: number },
): Promise<AuditEntry[]> {
  const where: SQL[] = [];
  if (q.from) where.push(sql`${auditLog.at} >= (${q.from}::date::timestamp at time zone 'Europe/London')`);
  if (q.to) where.push(sql`${auditLog.at} < (${q.to}::date::timestamp at time zone 'Europe/London')`);
  if (q.action) {
    const family = q.action.includes('.') ? null : q.action;
    where.push(family ? like(auditLog.action, `${family}.%`) : eq(auditLog.action, q.action));
  }
  if (q.actor) {
    const pattern = `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const cond = or(ilike(auditLog.actorEmail, pattern), ilike(auditLog.target, pattern));
    if (cond) where.push(cond);
  }
  if (q.before !== undefined) where.push(lt(auditLog.id, q.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actor: r.actorEmail,
    action: r.action,
    target: r.target,
    detail: r.detail ?? null,
    ip: r.ip,
  }));
}
