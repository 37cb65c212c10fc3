import { asc, count, eq, sql } from 'drizzle-orm';
import type { Role } from '@lp/contracts/auth';
import type { User } from '@lp/contracts/users';
import type { Db } from '../client';
import { users } from '../schema/auth';

export type UserRow = typeof users.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The row as the API shows it: never the password hash or the failure count. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    disabled: row.disabledAt !== null,
    lockedUntil: row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil.toISOString() : null,
    lastSignInAt: iso(row.lastSignInAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(sql`${users.role} = 'admin' and ${users.disabledAt} is null`);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function getUser(db: Db, id: number): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

/** Adds a user; null when the email is taken. */
export async function createUser(
  db: Db,
  input: { email: string; role: Role; passwordHash: string },
): Promise<UserRow | null> {
  const [row] = await db
    .insert(users)
    .values({ email: input.email.trim().toLowerCase(), role: input.role, passwordHash: input.passwordHash })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Changes what is given. A new password also clears failures and any lock. */
export async function updateUser(
  db: Db,
  id: number,
  change: { role?: Role; disabled?: boolean; passwordHash?: string },
): Promise<UserRow | null> {
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (change.role !== undefined) set.role = change.role;
  if (change.disabled !== undefined) set.disabledAt = change.disabled ? new Date() : null;
  if (change.passwordHash !== undefined) {
    set.passwordHash = change.passwordHash;
    set.failedAttempts = 0;
    set.lockedUntil = null;
  }
  const [row] = await db.update(users).set(set).where(eq(users.id, id)).returning();
  return row ?? null;
}

/**
 * Counts a failed sign-in; the `maxAttempts`-th consecutive one locks the account for `lockMs`.
 * One statement, so concurrent failures are all counted. Returns whether this one locked it.
 */
export async function recordFailedSignIn(
  db: Db,
  id: number,
  policy: { maxAttempts: number; lockMs: number },
): Promise<{ lockedNow: boolean }> {
  const rows = await db.execute<{ locked_now: boolean }>(sql`
    update users set
      failed_attempts = case when failed_attempts + 1 >= ${policy.maxAttempts} then 0 else failed_attempts + 1 end,
      locked_until = case when failed_attempts + 1 >= ${policy.maxAttempts}
        then now() + make_interval(secs => ${policy.lockMs / 1000}) else locked_until end
    where id = ${id}
    returning (failed_attempts = 0) as locked_now`);
  return { lockedNow: rows.rows[0]?.locked_now ?? false };
}

export async function recordSignIn(db: Db, id: number): Promise<void> {
  await db
    .update(users)
    .set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: new Date() })
    .where(eq(users.id, id));
}
