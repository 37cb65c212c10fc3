import { bigserial, date, index, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * Annotations on the time charts: strike days, pay awards, report publications, local incidents.
 * `origin` says where one came from: 'national' (the shipped list), 'dashboard' or 'import'.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** A Europe/London calendar date. */
    day: date('day', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    url: text('url'),
    origin: text('origin').notNull().default('dashboard'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('events_day_idx').on(t.day),
    // Importing the same CSV twice, or re-seeding the national list, adds nothing.
    unique('events_day_title_uq').on(t.day, t.title),
  ],
);
