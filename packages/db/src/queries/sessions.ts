import { eq, sql } from 'drizzle-orm';
import type { Role } from '@lp/contracts/auth';
import type { Db } from '../client';
import { sessions, users } from '../schema/auth';

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  email: string;
  role: Role;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  input: { tokenHash: string; userId: number; absoluteMs: number; ip: string | null; userAgent: string | null },
): Promise<{ expiresAt: Date }> {
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: input.tokenHash,
      userId: input.userId,
      expiresAt: sql`now() + make_interval(secs => ${input.absoluteMs / 1000})`,
      ip: input.ip,
      // Enough to tell one browser from another in a list; not a fingerprint.
      userAgent: input.userAgent?.slice(0, 200) ?? null,
    })
    .returning({ expiresAt: sessions.expiresAt });
  if (!row) throw new Error('session was not stored');
  return row;
}

/**
 * The live session for a token hash: not past its absolute end, used within `idleMs`, and its user
 * neither disabled nor removed. Anything else is null (and an expired row is deleted).
 */
export async function findLiveSession(db: Db, tokenHash: string, idleMs: number): Promise<SessionRecord | null> {
  const rows = await db.execute<{
    token_hash: string;
    user_id: number;
    email: string;
    role: string;
    last_seen_at: Date;
    expires_at: Date;
    live: boolean;
  }>(sql`
    select s.token_hash, s.user_id, u.email, u.role, s.last_seen_at, s.expires_at,
      (s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => ${idleMs / 1000})
        and u.disabled_at is null) as live
    from ${sessions} s join ${users} u on u.id = s.user_id
    where s.token_hash = ${tokenHash}`);
  const row = rows.rows[0];
  if (!row) return null;
  if (!row.live) {
    await deleteSession(db, tokenHash);
    return null;
  }
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    email: row.email,
    role: row.role as Role,
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
}

/** Marks the session used now (the idle clock restarts). */
export async function touchSession(db: Db, tokenHash: string): Promise<Date> {
  const [row] = await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ lastSeenAt: sessions.lastSeenAt });
  return row?.lastSeenAt ?? new Date();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Signs a user out everywhere; returns how many sessions ended. */
export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.tokenHash });
  return rows.length;
}

/** Housekeeping: sessions past their absolute end or idle too long. */
export async function deleteDeadSessions(db: Db, idleMs: number): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(
      sql`${sessions.expiresAt} <= now() or ${sessions.lastSeenAt} <= now() - make_interval(secs => ${idleMs / 1000})`,
    )
    .returning({ t: sessions.tokenHash });
  return rows.length;
}

/**
 * Moves a session's clocks back, as if time had passed: `idleMs` since it was last used, `lifeMs`
 * since it began (its absolute end moves with it). Tests of expiry use it.
 */
export async function ageSession(db: Db, tokenHash: string, by: { idleMs?: number; lifeMs?: number }): Promise<void> {
  const idle = (by.idleMs ?? 0) / 1000;
  const life = (by.lifeMs ?? 0) / 1000;
  await db
    .update(sessions)
    .set({
      createdAt: sql`${sessions.createdAt} - make_interval(secs => ${life})`,
      expiresAt: sql`${sessions.expiresAt} - make_interval(secs => ${life})`,
      lastSeenAt: sql`${sessions.lastSeenAt} - make_interval(secs => ${idle})`,
    })
    .where(eq(sessions.tokenHash, tokenHash));
}
