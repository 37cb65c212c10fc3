import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '@lp/contracts/auth';
import type { Db } from '../client';
import { apiTokens, users } from '../schema/auth';

export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  role: apiTokens.role,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export async function createApiToken(
  db: Db,
  input: { userId: number; name: string; tokenHash: string; prefix: string; role: Role; expiresInDays: number },
): Promise<ApiTokenRow> {
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId: input.userId,
      name: input.name,
      tokenHash: input.tokenHash,
      prefix: input.prefix,
      role: input.role,
      expiresAt: sql`now() + make_interval(days => ${input.expiresInDays})`,
    })
    .returning(columns);
  if (!row) throw new Error('token was not stored');
  return row as ApiTokenRow;
}

/** The owner's tokens, newest first, revoked and expired ones included (a list says what happened). */
export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenRow[]> {
  const rows = await db
    .select(columns)
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows as ApiTokenRow[];
}

/** Revokes one of the owner's tokens; false when they have no such live token. */
export async function revokeApiToken(db: Db, userId: number, id: number): Promise<ApiTokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning(columns);
  return (row as ApiTokenRow | undefined) ?? null;
}

export interface TokenAuth {
  tokenId: number;
  userId: number;
  email: string;
  /** The lower of the token's role and its owner's current role. */
  role: Role;
  lastUsedAt: Date | null;
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/**
 * The live token for a hash: not revoked, not expired, its owner neither disabled nor removed;
 * otherwise null with why (to tell the caller in plain words).
 */
export async function findLiveApiToken(
  db: Db,
  tokenHash: string,
): Promise<{ ok: TokenAuth } | { refused: 'unknown' | 'revoked' | 'expired' | 'disabled' }> {
  const rows = await db
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      role: apiTokens.role,
      revokedAt: apiTokens.revokedAt,
      expired: sql<boolean>`${apiTokens.expiresAt} <= now()`,
      lastUsedAt: apiTokens.lastUsedAt,
      email: users.email,
      userRole: users.role,
      disabledAt: users.disabledAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  const row = rows[0];
  if (!row) return { refused: 'unknown' };
  if (row.revokedAt) return { refused: 'revoked' };
  if (row.expired) return { refused: 'expired' };
  if (row.disabledAt) return { refused: 'disabled' };
  const tokenRole = row.role as Role;
  const userRole = row.userRole as Role;
  return {
    ok: {
      tokenId: row.id,
      userId: row.userId,
      email: row.email,
      role: RANK[tokenRole] <= RANK[userRole] ? tokenRole : userRole,
      lastUsedAt: row.lastUsedAt,
    },
  };
}

export async function touchApiToken(db: Db, id: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiTokens.id, id));
}
