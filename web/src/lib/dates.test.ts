import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatBucketLabel,
  formatBucketLong,
  formatClock,
  formatPostTime,
  formatRange,
  isIsoDate,
  lastDays,
  partialBucket,
  todaySoFar,
  londonDate,
} from './dates';

describe('londonDate', () => {
  it('uses the London calendar, not UTC', () => {
    // 23:30 UTC in British Summer Time is already 00:30 the next day in London.
    expect(londonDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    // In winter London is on UTC.
    expect(londonDate(new Date('2025-01-31T23:30:00Z'))).toBe('2025-01-31');
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('addDays and daysBetween', () => {
  it('move across month, year and clock-change boundaries by whole days', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31'); // clocks go forward in London that day
    expect(daysBetween('2025-03-29', '2025-04-05')).toBe(7);
    expect(daysBetween('2025-04-05', '2025-03-29')).toBe(-7);
  });
});

describe('lastDays', () => {
  it('ends tomorrow (exclusive) in London and spans the asked number of days', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London: the last whole day is 30 June.
    expect(lastDays(7, new Date('2025-06-30T23:30:00Z'))).toEqual({ from: '2025-06-24', to: '2025-07-01' });
    expect(lastDays(30, new Date('2025-03-10T12:00:00Z'))).toEqual({ from: '2025-02-08', to: '2025-03-10' });
    expect(todaySoFar(new Date('2025-06-30T23:30:00Z'))).toEqual({ from: '2025-07-01', to: '2025-07-02' });
  });
});

describe('formatting', () => {
  it('writes London wall-clock times', () => {
    expect(formatClock(new Date('2025-07-01T13:04:05Z'))).toBe('14:04:05');
    expect(formatPostTime('2025-07-01T13:04:05Z')).toBe('1 Jul 2025, 14:04');
    expect(formatPostTime('not a date')).toBe('not a date');
  });

  it('labels buckets by the date they name', () => {
    expect(formatBucketLabel('2025-02-03', 'day')).toBe('3 Feb');
    expect(formatBucketLabel('2025-02-03', 'week')).toBe('w/c 3 Feb');
    expect(formatBucketLong('2025-02-03', 'day')).toBe('Mon 3 Feb 2025');
    expect(formatBucketLong('2025-02-03', 'week')).toBe('week commencing Mon 3 Feb 2025');
  });

  it('describes an exclusive range by its last included day', () => {
    expect(formatRange({ from: '2025-02-03', to: '2025-02-10' })).toBe('3 Feb 2025 to 9 Feb 2025');
    expect(formatRange({ from: '2025-02-03', to: '2025-02-04' })).toBe('3 Feb 2025');
  });
});

describe('partialBucket', () => {
  const now = new Date('2025-03-12T10:00:00Z');
  it('marks weeks and months cut by the range, and today, and leaves whole buckets alone', () => {
    const range = { from: '2025-03-05', to: '2025-03-12' };
    expect(partialBucket('2025-03-03', 'week', range, now)).toBe('partial: 5 of 7 days in the range');
    expect(partialBucket('2025-03-10', 'week', range, now)).toBe('partial: 2 of 7 days in the range');
    expect(partialBucket('2025-03-06', 'day', range, now)).toBeNull();
    expect(partialBucket('2025-03-12', 'day', { from: '2025-03-12', to: '2025-03-13' }, now)).toBe('today so far');
    expect(partialBucket('2025-03-03', 'week', { from: '2025-03-03', to: '2025-03-17' }, now)).toBeNull();
    expect(partialBucket('2025-03-10', 'week', { from: '2025-03-03', to: '2025-03-17' }, now)).toBe(
      'partial: 2 of 7 days and today so far',
    );
  });
});
