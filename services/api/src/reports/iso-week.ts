/** ISO weeks as London calendar dates: Monday (from) to the next Monday (to, exclusive). */

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday starting ISO week `YYYY-Www` (week 1 holds 4 January). */
export function isoWeekRange(week: string): { from: string; to: string } {
  const year = Number(week.slice(0, 4));
  const n = Number(week.slice(6));
  const jan4 = Date.UTC(year, 0, 4);
  const dow = new Date(jan4).getUTCDay() || 7;
  const monday = jan4 - (dow - 1) * day + (n - 1) * 7 * day;
  return { from: iso(monday), to: iso(monday + 7 * day) };
}

/** The ISO week holding a calendar date. */
export function isoWeekOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const dow = new Date(ms).getUTCDay() || 7;
  const thursday = ms + (4 - dow) * day;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * day)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last whole week before the London day `today`. */
export function lastWholeWeek(today: string): string {
  return isoWeekOf(iso(Date.parse(`${today}T00:00:00Z`) - 7 * day));
}

export function addDays(date: string, days: number): string {
  return iso(Date.parse(`${date}T00:00:00Z`) + days * day);
}
