/**
 * Feed dates: RFC 822 (RSS pubDate, as RFC 2822 writes it) and ISO 8601 (Atom, dc:date, and the
 * many RSS feeds that put ISO in pubDate). Hand-written because Date.parse is lenient in ways
 * that turn garbage into dates ("1" is 2001-01-01 in V8), and an unparseable date must be
 * quarantined, not guessed.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 zone names in hours; BST is not in the RFC but UK publishers write it. */
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  BST: 1,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};

const RFC822 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,4})?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): string | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59));
  // Rejects 31 February and friends, which Date.UTC would roll into March.
  if (new Date(t).getUTCDate() !== d) return null;
  return new Date(t - offsetMin * 60_000).toISOString();
}

function offsetMinutes(zone: string | undefined): number | null {
  // A missing zone is read as UTC: the feeds we poll are British, and GMT is the RSS norm.
  if (!zone) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const h = ZONES[zone.toUpperCase()];
  return h === undefined ? null : h * 60;
}

/** An ISO 8601 UTC time for a feed date, or null when it cannot be read without guessing. */
export function parseFeedDate(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  const r = RFC822.exec(v);
  if (r) {
    const month = MONTHS.indexOf(r[2]!.slice(0, 3).toLowerCase());
    const off = offsetMinutes(r[7]);
    if (month < 0 || off === null) return null;
    let year = Number(r[3]);
    if (r[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    return utc(year, month, Number(r[1]), Number(r[4]), Number(r[5]), Number(r[6] ?? 0), off);
  }
  const i = ISO.exec(v);
  if (i) {
    const off = offsetMinutes(i[7]);
    if (off === null) return null;
    const n = (k: number) => Number(i[k] ?? 0);
    return utc(n(1), n(2) - 1, n(3), n(4), n(5), n(6), off);
  }
  return null;
}
