import { describe, expect, it } from 'vitest';
import { inQuietHours, lastQuietEnd } from './quiet-hours';

describe('quiet hours (UK clock time)', () => {
  const night = { from: '22:00', to: '07:00' };

  it('wraps past midnight and follows British Summer Time', () => {
    // 23:30 UTC in December is 23:30 in London; in July it is 00:30 the next day.
    expect(inQuietHours(new Date('2026-12-03T23:30:00Z'), night)).toBe(true);
    expect(inQuietHours(new Date('2026-12-03T07:00:00Z'), night)).toBe(false);
    expect(inQuietHours(new Date('2026-07-03T06:30:00Z'), night)).toBe(false); // 07:30 BST
    expect(inQuietHours(new Date('2026-07-03T05:30:00Z'), night)).toBe(true); // 06:30 BST
    expect(inQuietHours(new Date('2026-12-03T12:00:00Z'), null)).toBe(false);
  });

  it('a daytime span does not wrap', () => {
    const lunch = { from: '12:00', to: '13:30' };
    expect(inQuietHours(new Date('2026-12-03T12:45:00Z'), lunch)).toBe(true);
    expect(inQuietHours(new Date('2026-12-03T13:30:00Z'), lunch)).toBe(false);
    expect(inQuietHours(new Date('2026-12-03T11:59:00Z'), lunch)).toBe(false);
  });

  it('finds the end of the last quiet period', () => {
    expect(lastQuietEnd(new Date('2026-12-03T09:12:30Z'), night)?.toISOString()).toBe('2026-12-03T07:00:00.000Z');
    expect(lastQuietEnd(new Date('2026-12-03T07:00:00Z'), night)?.toISOString()).toBe('2026-12-03T07:00:00.000Z');
    expect(lastQuietEnd(new Date('2026-07-03T09:00:00Z'), night)?.toISOString()).toBe('2026-07-03T06:00:00.000Z');
  });
});
