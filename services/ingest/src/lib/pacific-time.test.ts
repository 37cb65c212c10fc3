import { describe, expect, it } from 'vitest';
import { nextPacificMidnight } from './pacific-time';

describe('midnight Pacific time, when Google resets YouTube quotas', () => {
  it('is 08:00 UTC in winter (PST) and 07:00 UTC in summer (PDT)', () => {
    expect(nextPacificMidnight(new Date('2026-12-04T12:00:00Z')).toISOString()).toBe('2026-12-05T08:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-07-04T12:00:00Z')).toISOString()).toBe('2026-07-05T07:00:00.000Z');
  });

  it('counts from the Pacific date, not the UTC one', () => {
    // 03:00 UTC on the 5th is still the evening of the 4th in California.
    expect(nextPacificMidnight(new Date('2026-12-05T03:00:00Z')).toISOString()).toBe('2026-12-05T08:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-12-05T08:00:00Z')).toISOString()).toBe('2026-12-06T08:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 8 March 2026 springs forward; 1 November 2026 falls back.
    expect(nextPacificMidnight(new Date('2026-03-08T12:00:00Z')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-10-31T20:00:00Z')).toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-11-01T20:00:00Z')).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });
});
