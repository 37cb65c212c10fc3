/** ISO weeks (shared with the dashboard, in @lp/contracts/reports) and calendar-date arithmetic. */
export { isoWeekOf, isoWeekRange, lastWholeWeek } from '@lp/contracts/reports';

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
