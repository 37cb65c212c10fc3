/**
 * The pieces every channel shows, worked out once so Teams, Slack and email say the same things in
 * the same words; each channel only lays them out and escapes them its own way.
 */
import type { AlertFiring, SourceAlertCondition } from '@lp/contracts/alerts';

export const MAX_POSTS_SHOWN = 3;
export const MAX_POST_CHARS = 200;
export const MAX_DIGEST_ITEMS = 20;
export const OPEN_LABEL = 'Open in Listening Post';

export interface Fact {
  title: string;
  value: string;
}

// Staff read alerts in UK time whatever the server's zone, and across the clock change.
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as UK day ("Thu 3 Dec") and time ("14:05"); null for an invalid one. */
export function londonParts(iso: string): { day: string; time: string } | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const p = Object.fromEntries(LONDON.formatToParts(date).map((x) => [x.type, x.value]));
  return { day: `${p.weekday} ${p.day} ${p.month}`, time: `${p.hour}:${p.minute}` };
}

/** "Thu 3 Dec 14:05" in UK time. */
export function londonMoment(d: Date): string {
  const p = londonParts(d.toISOString());
  return p ? `${p.day} ${p.time}` : d.toISOString();
}

/** "Thu 3 Dec 14:05–15:05" in London time; both days are given when the window crosses midnight. */
export function formatWindow(window: { from: string; to: string }): string {
  const from = londonParts(window.from);
  const to = londonParts(window.to);
  if (from === null || to === null) return `${window.from} – ${window.to}`;
  if (from.day === to.day) return `${from.day} ${from.time}–${to.time}`;
  return `${from.day} ${from.time} – ${to.day} ${to.time}`;
}

/** Cuts to `max` characters with an ellipsis, by code point so an emoji is never split in half. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Escapes then cuts so the escaped result fits `max`, without ever leaving half an entity
 * ("&am") at the end, which is what cutting after escaping would do.
 */
export function clipEscaped(text: string, max: number, escape: (s: string) => string): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  let out = '';
  for (const ch of text) {
    const piece = escape(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** One line for a list or a subject: no line breaks. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function amount(f: AlertFiring, x: number | null): string {
  if (x === null) return '—';
  if (f.metric === 'negative_share') return `${Math.round(x * 1000) / 10}% negative`;
  const n = Math.round(x * 10) / 10;
  return `${n} post${n === 1 ? '' : 's'}`;
}

const CONDITION_WORDS: Record<SourceAlertCondition, string> = {
  stopped: 'Stopped sending posts',
  failing: 'Failing to fetch',
  budget_spent: 'API budget spent',
};

/** The labelled figures: the comparison for a rule, the source and what is wrong for source health. */
export function factsOf(f: AlertFiring): Fact[] {
  if (f.kind === 'source_health' && f.source !== null) {
    const facts: Fact[] = [
      { title: 'Source', value: f.source.id },
      {
        title: 'Condition',
        value: CONDITION_WORDS[f.source.condition] + (f.source.recovered ? ' (now recovered)' : ''),
      },
    ];
    if (f.source.error !== null) facts.push({ title: 'Error', value: truncate(oneLine(f.source.error), 300) });
    return facts;
  }
  const weeks = f.baselineWeeks === null ? '' : ` (median of ${f.baselineWeeks} weeks)`;
  return [
    { title: 'Window', value: formatWindow(f.window) },
    { title: 'Now', value: amount(f, f.value) },
    { title: 'Usual', value: amount(f, f.baseline) + weeks },
    { title: 'Threshold', value: amount(f, f.threshold) },
  ];
}

export function termsLine(f: AlertFiring): string | null {
  return f.terms.length === 0 ? null : f.terms.map((t) => t.term).join(', ');
}

/** The first few posts' text, without authors (the alert may travel further than the dashboard). */
export function postTexts(f: AlertFiring): string[] {
  return f.posts
    .map((p) => p.text)
    .filter((t): t is string => t !== null && t.trim() !== '')
    .slice(0, MAX_POSTS_SHOWN)
    .map((t) => truncate(oneLine(t), MAX_POST_CHARS));
}

export function sourcesLine(f: AlertFiring): string | null {
  if (f.sources.length === 0) return null;
  const counts = f.sources.map((s) => `${s.id} (${s.posts})`).join(', ');
  const left = f.leftOut.length === 0 ? '' : `; left out: ${f.leftOut.map((s) => `${s.id} (${s.reason})`).join(', ')}`;
  return counts + left;
}

export function digestTitle(ruleName: string, count: number): string {
  return `${ruleName}: ${count} alert${count === 1 ? '' : 's'} during quiet hours`;
}

/** The firings a digest lists, and how many more it only counts. */
export function digestItems(firings: AlertFiring[]): { shown: AlertFiring[]; more: number } {
  return { shown: firings.slice(0, MAX_DIGEST_ITEMS), more: Math.max(0, firings.length - MAX_DIGEST_ITEMS) };
}
