import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Event, EventKind, EventOrigin } from '@lp/contracts/events';
import type { Db } from '../client';
import { events } from '../schema/events';

export type NewEvent = { day: string; title: string; kind: EventKind; url?: string | null };

const columns = {
  id: events.id,
  day: events.day,
  title: events.title,
  kind: events.kind,
  url: events.url,
  origin: events.origin,
};

// kind and origin are text columns written only through the contracts' enums.
const toEvent = (row: { id: number; day: string; title: string; kind: string; url: string | null; origin: string }) =>
  ({ ...row, kind: row.kind as EventKind, origin: row.origin as EventOrigin }) satisfies Event;

/** Events on London days in [from, to), by day then title. */
export async function listEvents(db: Db, params: { from: string; to: string }): Promise<Event[]> {
  const rows = await db
    .select(columns)
    .from(events)
    .where(and(gte(events.day, params.from), lt(events.day, params.to)))
    .orderBy(asc(events.day), asc(events.title));
  return rows.map(toEvent);
}

/** Adds one event; null when the same day already has an event with this title. */
export async function createEvent(db: Db, input: NewEvent, origin: EventOrigin = 'dashboard'): Promise<Event | null> {
  const [row] = await db
    .insert(events)
    .values({ day: input.day, title: input.title, kind: input.kind, url: input.url ?? null, origin })
    .onConflictDoNothing({ target: [events.day, events.title] })
    .returning(columns);
  return row ? toEvent(row) : null;
}

/**
 * Deletes any event, national ones included: a team may not want one on its charts. A deleted
 * national event comes back at the next API start (the seed re-inserts missing rows).
 */
export async function deleteEvent(db: Db, id: number): Promise<Event | null> {
  const [row] = await db.delete(events).where(eq(events.id, id)).returning(columns);
  return row ? toEvent(row) : null;
}

/** Inserts many events at once; rows whose (day, title) already exists are counted, not changed. */
export async function insertEvents(
  db: Db,
  rows: readonly NewEvent[],
  origin: EventOrigin,
): Promise<{ inserted: number; duplicates: number }> {
  if (rows.length === 0) return { inserted: 0, duplicates: 0 };
  let inserted = 0;
  // 5 parameters a row: 1,000 rows stay far below Postgres' 65,535 bind-parameter limit.
  for (let i = 0; i < rows.length; i += 1_000) {
    const chunk = rows.slice(i, i + 1_000);
    const done = await db
      .insert(events)
      .values(chunk.map((r) => ({ day: r.day, title: r.title, kind: r.kind, url: r.url ?? null, origin })))
      .onConflictDoNothing({ target: [events.day, events.title] })
      .returning({ id: events.id });
    inserted += done.length;
  }
  return { inserted, duplicates: rows.length - inserted };
}
