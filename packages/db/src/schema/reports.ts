import { integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The weekly report's settings: one row, edited by admins. */
export const reportSettings = pgTable('report_settings', {
  id: integer('id').primaryKey().default(1),
  /** Who receives the Monday email. */
  recipients: text('recipients').array().notNull().default([]),
  /** HH:MM, Europe/London, on Mondays. */
  sendTime: text('send_time').notNull().default('07:00'),
  /** Topics the report dwells on (ids); empty means all. */
  topics: text('topics').array().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per ISO week ever reported: the anchor that makes each week's sending happen once. */
export const weeklyReports = pgTable('weekly_reports', {
  id: serial('id').primaryKey(),
  week: text('week').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each recipient of a week's report: sent once, whatever fires twice; failures kept with the reason. */
export const reportDeliveries = pgTable(
  'report_deliveries',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => weeklyReports.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    /** pending | sending | sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('report_deliveries_report_recipient_uq').on(t.reportId, t.recipient)],
);
