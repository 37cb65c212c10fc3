import { z } from 'zod';
import { zIsoDate } from './api';

/** What an annotation marks; `other` covers anything a comms team wants on the timeline. */
export const zEventKind = z.enum(['strike', 'pay', 'report', 'incident', 'policy', 'other']);
export type EventKind = z.infer<typeof zEventKind>;

/** 'national' rows come from the shipped list, the others from the dashboard or a CSV import. */
export const zEventOrigin = z.enum(['national', 'dashboard', 'import']);
export type EventOrigin = z.infer<typeof zEventOrigin>;

export const zEventUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) link');

export const zEventTitle = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const zEvent = z.object({
  id: z.number().int(),
  /** A Europe/London calendar date. */
  day: zIsoDate,
  title: z.string(),
  kind: zEventKind,
  url: z.string().nullable(),
  origin: zEventOrigin,
});
export type Event = z.infer<typeof zEvent>;

/** `from` inclusive, `to` exclusive, like every other range. */
export const zEventsQuery = z.object({ from: zIsoDate, to: zIsoDate });
export type EventsQuery = z.infer<typeof zEventsQuery>;
export const zEventsResponse = z.object({ events: z.array(zEvent) });
export type EventsResponse = z.infer<typeof zEventsResponse>;

export const zEventCreate = z.object({
  day: zIsoDate,
  title: zEventTitle,
  kind: zEventKind,
  url: zEventUrl.optional(),
});
export type EventCreate = z.infer<typeof zEventCreate>;

export const zEventImportError = z.object({ row: z.number().int(), error: z.string() });
export type EventImportError = z.infer<typeof zEventImportError>;
/** `row` is the CSV line's data-row number (1 = the first row after the header). */
export const zEventImportResult = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int(),
  errors: z.array(zEventImportError),
});
export type EventImportResult = z.infer<typeof zEventImportResult>;
