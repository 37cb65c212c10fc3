import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import { sources } from './sources';

/**
 * One item of a fetched page, stored in the same transaction that advances the source's cursor.
 * It holds the connector's draft (author already pseudonymised), so the NLP worker needs nothing else.
 */
export const rawItems = pgTable(
  'raw_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    /** 'upsert' carries a PostDraft; 'delete' a PostDeletion reported by the platform. */
    kind: text('kind').notNull().default('upsert'),
    /** The draft's edit version: an edited post is a new raw item, a re-fetch of the same version is not. */
    version: text('version').notNull().default(''),
    draft: jsonb('draft').$type<PostDraft | PostDeletion>().notNull(),
    /** pending → done; or quarantined when tagging rejects it. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
    /** When an NLP job was last enqueued for it: the sweeper re-enqueues items pending too long after this. */
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    unique('raw_items_source_item_uq').on(t.sourceId, t.externalId, t.kind, t.version),
    index('raw_items_pending_idx')
      .on(t.enqueuedAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);
