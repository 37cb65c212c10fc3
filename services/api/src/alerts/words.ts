import { londonParts } from './message-parts';
import type { Span } from '@lp/db/queries/alert-windows';

interface RuleFilter {
  topicId: string | null;
  sourceId: string | null;
  voice: string | null;
  aboutUs: boolean | null;
  metric: string;
}

const VOICE_WORDS: Record<string, string> = { staff: 'staff', org: 'organisation', public: 'public' };

/** "staff posts about us on topic pay from source x", or "posts". */
export function describeFilter(r: RuleFilter): string {
  const parts = [r.voice ? `${VOICE_WORDS[r.voice] ?? r.voice} posts` : 'posts'];
  if (r.aboutUs === true) parts.push('about us');
  if (r.aboutUs === false) parts.push('not about us');
  if (r.topicId) parts.push(`on topic "${r.topicId}"`);
  if (r.sourceId) parts.push(`from source "${r.sourceId}"`);
  if (r.metric === 'negative_share') parts[0] = `scored ${parts[0]}`;
  return parts.join(' ');
}

const time = (d: Date) => londonParts(d.toISOString())?.time ?? d.toISOString();
const day = (d: Date) => londonParts(d.toISOString())?.day ?? d.toISOString();

/** "the hour to 15:05 on Thu 3 Dec" (UK time). */
export function windowWords(span: Span): string {
  const minutes = Math.round((span.to.getTime() - span.from.getTime()) / 60_000);
  const length =
    minutes === 60 ? 'the hour' : minutes % 60 === 0 ? `the ${minutes / 60} hours` : `the ${minutes} minutes`;
  return `${length} to ${time(span.to)} on ${day(span.to)}`;
}

const londonDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);

/** The dashboard filtered as the rule is, over the London day(s) the window falls in. */
export function dashboardLink(publicUrl: string, r: RuleFilter, span: Span): string {
  const to = new Date(`${londonDate(new Date(span.to.getTime() - 1))}T12:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  const params = new URLSearchParams({ from: londonDate(span.from), to: to.toISOString().slice(0, 10), bucket: 'day' });
  if (r.topicId) params.set('topic', r.topicId);
  if (r.sourceId) params.set('source', r.sourceId);
  if (r.voice) params.set('voice', r.voice);
  if (r.aboutUs !== null) params.set('aboutUs', String(r.aboutUs));
  return `${publicUrl.replace(/\/+$/, '')}/?${params.toString()}`;
}
