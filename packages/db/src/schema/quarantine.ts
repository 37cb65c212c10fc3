import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Items we could not use, kept with the raw payload and the reason so nothing is lost silently. */
export const quarantine = pgTable(
  'quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id'),
    /** 'transform' (connector could not parse it) or 'tag' (NLP rejected it). */
    stage: text('stage').notNull(),
    externalId: text('external_id'),
    reason: text('reason').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quarantine_created_idx').on(t.createdAt)],
);
