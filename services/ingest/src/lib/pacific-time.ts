const pacific = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Google resets YouTube quotas at midnight Pacific time: 07:00 or 08:00 UTC, by daylight saving. */
export function nextPacificMidnight(now: Date): Date {
  const part = (d: Date, type: string) => Number(pacific.formatToParts(d).find((p) => p.type === type)!.value);
  const [y, m, d] = [part(now, 'year'), part(now, 'month'), part(now, 'day')];
  for (const offsetHours of [7, 8]) {
    const t = new Date(Date.UTC(y, m - 1, d + 1, offsetHours));
    if (part(t, 'hour') === 0) return t;
  }
  throw new Error('no midnight in Pacific time tomorrow');
}
