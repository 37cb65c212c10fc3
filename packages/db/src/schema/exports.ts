import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * Every export an analyst made: a direct download ('streamed', kept for the history and the audit)
 * or a background job with its progress and its file until it expires. `params_key` is a hash of
 * what was asked, so the same person asking again while a job runs gets that job, not a second one
 * (a partial unique index, so two requests at once cannot both start one).
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    format: text('format').notNull(),
    /** from, to, bucket and filters as asked. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    paramsKey: text('params_key').notNull(),
    /** streamed | queued | running | done | failed | expired */
    state: text('state').notNull(),
    rows: bigint('rows', { mode: 'number' }).notNull().default(0),
    totalRows: bigint('total_rows', { mode: 'number' }),
    progress: real('progress').notNull().default(0),
    /** The file's name under EXPORT_DIR while it is kept. */
    fileName: text('file_name'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    index('export_jobs_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('export_jobs_running_uq')
      .on(t.userId, t.paramsKey)
      .where(sql`${t.state} in ('queued', 'running')`),
    check('export_jobs_state_ck', sql`${t.state} in ('streamed', 'queued', 'running', 'done', 'failed', 'expired')`),
  ],
);
