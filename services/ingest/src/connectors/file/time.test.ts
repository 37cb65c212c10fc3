import { describe, expect, it } from 'vitest';
import { fromExcelSerial, parseTime } from './time';

const iso = (v: unknown) => parseTime(v)?.toISOString() ?? null;

describe('parseTime', () => {
  it('reads ISO 8601 with and without an offset (none: London time)', () => {
    expect(iso('2025-01-10T08:00:00Z')).toBe('2025-01-10T08:00:00.000Z');
    expect(iso('2025-06-10T08:00:00+02:00')).toBe('2025-06-10T06:00:00.000Z');
    expect(iso('2025-06-10 08:00')).toBe('2025-06-10T07:00:00.000Z');
    expect(iso('2025-06-10')).toBe('2025-06-09T23:00:00.000Z');
  });
  it('reads UK day-first dates, not US month-first', () => {
    expect(iso('03/04/2025 10:15')).toBe('2025-04-03T09:15:00.000Z');
    expect(iso('3/1/2025')).toBe('2025-01-03T00:00:00.000Z');
    expect(iso('13/13/2025')).toBeNull();
  });
  it('reads Excel serials and Unix times', () => {
    expect(fromExcelSerial(45658)?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(iso(1_735_689_600)).toBe('2025-01-01T00:00:00.000Z');
    expect(iso(1_735_689_600_000)).toBe('2025-01-01T00:00:00.000Z');
  });
  it('rejects what is not a time', () => {
    expect(iso('soon')).toBeNull();
    expect(iso('')).toBeNull();
    expect(iso(true)).toBeNull();
  });
});
