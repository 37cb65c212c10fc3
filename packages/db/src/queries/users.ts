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
    signIn: { organisation: row.oidcSubject !== null, local: row.passwordHash !== null },
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
 * Claims one password attempt before the password is checked: counts it as a failure in advance,
 * in one statement, so guesses sent all at once are counted as they arrive, not after the slow
 * hash. Refused (null) while the account is locked or `maxAttempts` attempts are already counted.
 */
export async function claimSignInAttempt(db: Db, id: number, maxAttempts: number): Promise<number | null> {
  const rows = await db.execute<{ attempts: number }>(sql`
    update users set failed_attempts = failed_attempts + 1
    where id = ${id} and (locked_until is null or locked_until <= now()) and failed_attempts < ${maxAttempts}
    returning failed_attempts as attempts`);
  return rows.rows[0]?.attempts ?? null;
}

/** The claimed attempt failed: the `maxAttempts`-th failure in a row locks the account for `lockMs`. */
export async function settleFailedAttempt(
  db: Db,
  id: number,
  attempt: number,
  policy: { maxAttempts: number; lockMs: number },
): Promise<{ lockedNow: boolean }> {
  if (attempt < policy.maxAttempts) return { lockedNow: false };
  const rows = await db.execute(sql`
    update users set failed_attempts = 0, locked_until = now() + make_interval(secs => ${policy.lockMs / 1000})
    where id = ${id} and (locked_until is null or locked_until <= now())
    returning id`);
  return { lockedNow: rows.rows.length > 0 };
}

/** Changes a user unless that would leave no enabled admin; one at a time, so two admins cannot demote each other. */
export async function updateUserKeepingAnAdmin(
  db: Db,
  id: number,
  change: { role?: Role; disabled?: boolean; passwordHash?: string },
): Promise<UserRow | 'last_admin' | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('listening-post:admins'))`);
    const [current] = await tx.select().from(users).where(eq(users.id, id));
    if (!current) return null;
    const losesAdmin =
      current.role === 'admin' &&
      current.disabledAt === null &&
      ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && (await countActiveAdmins(tx as unknown as Db)) <= 1) return 'last_admin';
    return updateUser(tx as unknown as Db, id, change);
  });
}

export async function recordSignIn(db: Db, id: number): Promise<void> {
  await db
    .update(users)
    .set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: new Date() })
    .where(eq(users.id, id));
}

/**
 * A sign-in through the organisation's OpenID Connect provider: the account with this issuer and
 * subject, else a local account with the same email not yet linked to the provider (an admin made
 * it first), else a new account without a password. The provider decides the role at every sign-in.
 * 'taken': the email belongs to an account linked to a different identity at the provider.
 */
export async function upsertOidcUser(
  db: Db,
  input: { issuer: string; subject: string; email: string; role: Role },
): Promise<UserRow | 'taken'> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [known] = await tx
      .select()
      .from(users)
      .where(sql`${users.oidcIssuer} = ${input.issuer} and ${users.oidcSubject} = ${input.subject}`)
      .for('update');
    if (known) {
      const [row] = await tx
        .update(users)
        .set({ role: input.role, updatedAt: new Date() })
        .where(eq(users.id, known.id))
        .returning();
      return row!;
    }
    const [byEmail] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    if (byEmail) {
      if (byEmail.oidcSubject !== null) return 'taken';
      const [row] = await tx
        .update(users)
        .set({ oidcIssuer: input.issuer, oidcSubject: input.subject, role: input.role, updatedAt: new Date() })
        .where(eq(users.id, byEmail.id))
        .returning();
      return row!;
    }
    const [row] = await tx
      .insert(users)
      .values({ email, role: input.role, passwordHash: null, oidcIssuer: input.issuer, oidcSubject: input.subject })
      .returning();
    return row!;
  });
}
