import { bigserial, customType, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ColumnMapping, ImportFormat } from '@lp/contracts/imports';
import { sources } from './sources';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * One uploaded file for a `file` source. Its bytes wait here (not in Redis) until the import
 * worker has read them, then `content` is cleared: the posts live on as raw items and posts.
 */
export const imports = pgTable(
  'imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    format: text('format').$type<ImportFormat>().notNull(),
    mapping: jsonb('mapping').$type<ColumnMapping>().notNull(),
    /** pending → running → done | failed. */
    status: text('status').$type<'pending' | 'running' | 'done' | 'failed'>().notNull().default('pending'),
    rowsTotal: integer('rows_total').notNull().default(0),
    rowsStored: integer('rows_stored').notNull().default(0),
    rowsDuplicate: integer('rows_duplicate').notNull().default(0),
    rowsFailed: integer('rows_failed').notNull().default(0),
    /** The first 500 row errors, `{ row, error }`: enough to fix a file, bounded in size. */
    errors: jsonb('errors').$type<Array<{ row: number; error: string }>>().notNull().default([]),
    /** Why the whole import failed (unreadable file), as opposed to single rows. */
    error: text('error'),
    content: bytea('content'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('imports_source_created_idx').on(t.sourceId, t.createdAt)],
);
