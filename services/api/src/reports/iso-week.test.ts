import { describe, expect, it } from 'vitest';
import { isoWeeksInYear, shiftWeek, zIsoWeek } from '@lp/contracts/reports';
import { isoWeekOf, isoWeekRange, lastWholeWeek } from './iso-week';

describe('ISO weeks', () => {
  it('finds the Monday of a week, and the week of a day', () => {
    expect(isoWeekRange('2025-W03')).toEqual({ from: '2025-01-13', to: '2025-01-20' });
    expect(isoWeekRange('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-05' });
    expect(isoWeekRange('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-04' });
    expect(isoWeekOf('2025-01-19')).toBe('2025-W03');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(lastWholeWeek('2025-01-20')).toBe('2025-W03');
    expect(lastWholeWeek('2025-01-26')).toBe('2025-W03');
    expect(shiftWeek('2025-W01', -1)).toBe('2024-W52');
    expect(shiftWeek('2020-W53', 1)).toBe('2021-W01');
  });

  it('accepts only weeks that exist', () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(zIsoWeek.safeParse('2025-W53').success).toBe(false);
    expect(zIsoWeek.safeParse('2020-W53').success).toBe(true);
    expect(zIsoWeek.safeParse('2025-W00').success).toBe(false);
    expect(zIsoWeek.safeParse('2025-3').success).toBe(false);
  });
});
