import {
  METRIC_WORDS,
  type AlertDelivery,
  type AlertFilter,
  type AlertFiring,
  type AlertMetric,
  type SourceAlertCondition,
} from '@lp/contracts/alerts';
import { LONDON } from '../../../lib/dates';

const VOICE_WORDS: Record<NonNullable<AlertFilter['voice']>, string> = {
  staff: 'staff posts',
  org: 'organisation posts',
  public: 'public posts',
};

/** "Share of posts that are negative — staff posts, about us": the metric, then the filter in words. */
export function watchesWords(metric: AlertMetric, filter: AlertFilter, topicName?: (id: string) => string): string {
  const parts: string[] = [];
  if (filter.voice) parts.push(VOICE_WORDS[filter.voice]);
  if (filter.aboutUs === true) parts.push('about us');
  if (filter.aboutUs === false) parts.push('not about us');
  if (filter.topic) parts.push(`topic: ${topicName?.(filter.topic) ?? filter.topic}`);
  if (filter.source) parts.push(`source: ${filter.source}`);
  return `${METRIC_WORDS[metric]} — ${parts.length ? parts.join(', ') : 'all posts'}`;
}

const share = (v: number) => `${(v * 100).toFixed(v * 100 < 10 && v * 100 !== 0 ? 1 : 0)}%`;
const count = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A figure of a rule's metric: a negative share as a percentage, a volume as posts. */
export function metricValue(metric: AlertMetric | null, value: number | null): string {
  if (value === null) return '–';
  if (metric === 'negative_share') return `${share(value)} negative`;
  return `${count.format(value)} ${value === 1 ? 'post' : 'posts'}`;
}

export const CONDITION_WORDS: Record<SourceAlertCondition, string> = {
  stopped: 'Stopped: no new posts',
  failing: 'Failing for over an hour',
  budget_spent: 'Read budget spent',
};

export const KIND_WORDS: Record<AlertFiring['kind'], string> = {
  rule: 'Rule',
  source_health: 'Source health',
};

export const CHANNEL_WORDS: Record<AlertDelivery['type'], string> = {
  email: 'Email',
  teams: 'Microsoft Teams',
  slack: 'Slack',
  webhook: 'Webhook',
};

/** A delivery's status in words; a failure carries its last error. */
export function deliveryStatusWords(d: AlertDelivery): string {
  switch (d.status) {
    case 'sent':
      return 'Sent';
    case 'pending':
      return 'Waiting to send';
    case 'held':
      return 'Held for quiet hours';
    case 'digested':
      return 'Moved into the digest sent when quiet hours ended';
    case 'failed':
      return `Failed, will try again${d.lastError ? `: ${d.lastError}` : ''}`;
    case 'gave_up':
      return `Failed, gave up${d.lastError ? `: ${d.lastError}` : ''}`;
  }
}

const dayTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** Built from parts: ICU versions disagree on the comma after the weekday. */
function dayAndTime(d: Date): string {
  const parts = dayTime.formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const day = new Intl.DateTimeFormat('en-CA', { timeZone: LONDON });

/** A firing's window in UK time: "Thu 4 Dec 2025, 14:00 to 15:00", naming the day again only when it changes. */
export function windowWords(window: { from: string; to: string }): string {
  const from = new Date(window.from);
  const to = new Date(window.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return `${window.from} to ${window.to}`;
  // A window ending at midnight belongs to the day it started.
  const sameDay = day.format(from) === day.format(new Date(to.getTime() - 1));
  return `${dayAndTime(from)} to ${sameDay ? clock.format(to) : dayAndTime(to)}`;
}
