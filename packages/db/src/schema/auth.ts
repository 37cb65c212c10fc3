import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * People who sign in to the dashboard. `role` is 'viewer' | 'analyst' | 'admin' (see
 * contracts/auth). A disabled user keeps their row so the audit log still names them.
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    /** Stored lower-case: one person, one account, however they type it. */
    email: text('email').notNull(),
    role: text('role').notNull(),
    /** argon2id PHC string; null for accounts that only sign in with the organisation's provider (OIDC). */
    passwordHash: text('password_hash'),
    /** Who the organisation's OpenID Connect provider says this is: its issuer and the `sub` it gives. */
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(t.email),
    uniqueIndex('users_oidc_uq').on(t.oidcIssuer, t.oidcSubject),
    check('users_role_ck', sql`${t.role} in ('viewer', 'analyst', 'admin')`),
    check('users_email_lower_ck', sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database signs nobody in.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** created_at + the absolute lifetime: no activity extends a session past this. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Append-only record of who did what, when and from where (a trigger refuses UPDATE and DELETE).
 * The actor's email is copied in, so an entry keeps its meaning after the account changes.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    /** Who acted, as typed at sign-in for failures; 'cli' for the command line. */
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    /** What was acted on: a user's email, a source id, an event id… */
    target: text('target'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    ip: text('ip'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_action_at_idx').on(t.action, t.at)],
);

/**
 * Personal API tokens: a script's way in (`Authorization: Bearer lp_…`). Only the token's SHA-256 is
 * stored (the token is 256 random bits, so a fast hash is enough, as for sessions); `prefix` is its
 * first characters, to tell tokens apart in a list. A token acts with its own role or its owner's
 * current role, whichever is lower, and never past `expires_at` or after revocation.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    index('api_tokens_user_idx').on(t.userId),
    check('api_tokens_role_ck', sql`${t.role} in ('viewer', 'analyst', 'admin')`),
  ],
);
