import { describe, expect, it } from 'vitest';
import { cursorReadsHistory, latestStart, startBackfill, stepBackfill } from './backfill';

const now = new Date('2026-12-04T12:00:00Z');

describe('backfill window', () => {
  it('starts a window of the configured hours and counts the first page', () => {
    expect(startBackfill({ backfillHours: 24, backfillPages: 10 }, now)).toEqual({
      until: '2026-12-03T12:00:00.000Z',
      pagesLeft: 9,
    });
    expect(startBackfill({ backfillHours: 0, backfillPages: 10 }, now)).toBeNull();
    expect(startBackfill({ backfillHours: 24, backfillPages: 0 }, now)).toBeNull();
  });

  it('stops at the window start, covered from it', () => {
    const s = startBackfill({ backfillHours: 2, backfillPages: 10 }, now)!;
    const step = stepBackfill(s, { oldest: new Date('2026-12-04T09:59:00Z'), more: true });
    expect(step).toEqual({ next: null, coveredFrom: new Date('2026-12-04T10:00:00Z') });
  });

  it('stops when the platform has nothing older: the whole window is held', () => {
    const s = startBackfill({ backfillHours: 24, backfillPages: 10 }, now)!;
    expect(stepBackfill(s, { oldest: new Date('2026-12-04T11:00:00Z'), more: false }).coveredFrom).toEqual(
      new Date(s.until),
    );
    expect(stepBackfill(s, { oldest: null, more: true }).next).toBeNull();
  });

  it('stops at the page limit, covered only from the oldest item read', () => {
    let s = startBackfill({ backfillHours: 24, backfillPages: 3 }, now)!;
    const oldest = new Date('2026-12-04T11:00:00Z');
    const a = stepBackfill(s, { oldest, more: true });
    expect(a.next).toEqual({ until: s.until, pagesLeft: 1 });
    s = a.next!;
    const b = stepBackfill(s, { oldest, more: true });
    expect(b.next).toEqual({ until: s.until, pagesLeft: 0 });
    const c = stepBackfill(b.next!, { oldest, more: true });
    expect(c).toEqual({ next: null, coveredFrom: oldest });
  });

  it('takes the latest start of several queries', () => {
    const a = new Date('2026-12-04T01:00:00Z');
    const b = new Date('2026-12-04T03:00:00Z');
    expect(latestStart([a, null, b, undefined])).toEqual(b);
    expect(latestStart([])).toBeUndefined();
  });
});

describe('cursorReadsHistory: whether a source is still reading its history (alerts leave it out until not)', () => {
  const state = { until: '2026-12-03T12:00:00.000Z', pagesLeft: 2 };
  it('finds a history state wherever a connector keeps it', () => {
    expect(cursorReadsHistory({ newestId: '9', backfill: state })).toBe(true); // X
    expect(cursorReadsHistory({ minIds: { NHS: '1' }, history: { NHS: { ...state, maxId: '5' } } })).toBe(true); // Mastodon
    expect(cursorReadsHistory({ before: 'x', history: { ...state, after: 't3_a' } })).toBe(true); // Reddit
    expect(cursorReadsHistory({ streams: { q: { newest: 'a', backfill: state } } })).toBe(true); // Bluesky
  });
  it('a cursor following forward, or none, is not reading history', () => {
    expect(cursorReadsHistory(null)).toBe(false);
    expect(cursorReadsHistory({ minIds: { NHS: '1' } })).toBe(false);
    expect(cursorReadsHistory({ backfill: null, seen: ['a', 'b'] })).toBe(false);
    expect(cursorReadsHistory({ until: 'not a date', pagesLeft: -1 })).toBe(false);
  });
});
