// Built once: a formatter is costly to make, and lastQuietEnd asks it many times.
const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Minutes since London midnight of an instant. */
function londonMinutes(at: Date): number {
  const parts = LONDON_CLOCK.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export interface QuietHours {
  from: string;
  to: string;
}

/** Whether an instant falls in quiet hours (UK clock time; "22:00"–"07:00" wraps past midnight). */
export function inQuietHours(at: Date, q: QuietHours | null): boolean {
  if (!q) return false;
  const m = londonMinutes(at);
  const from = toMinutes(q.from);
  const to = toMinutes(q.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/**
 * The latest end of quiet hours at or before `now` (to the minute), found by stepping back a
 * minute at a time over at most two days: clock changes make arithmetic on local times fiddly,
 * and this runs a few times per evaluation.
 */
export function lastQuietEnd(now: Date, q: QuietHours): Date | null {
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  for (let i = 0; i < 2 * 24 * 60; i++) {
    const t = new Date(start.getTime() - i * 60_000);
    if (!inQuietHours(t, q) && inQuietHours(new Date(t.getTime() - 60_000), q)) return t;
  }
  return null;
}
