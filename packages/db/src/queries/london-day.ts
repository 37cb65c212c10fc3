// Intl with the IANA zone, not hand-written BST rules: Node ships the tz database, so clock changes
// (last Sunday of March and October, at 01:00 UTC) come out right without a date library.
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/London calendar day (YYYY-MM-DD) of an instant. */
export function londonDay(at: string | Date): string {
  return fmt.format(new Date(at));
}
