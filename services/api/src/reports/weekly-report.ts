import type { FastifyInstance } from 'fastify';
import type { OverviewFigures as OverviewResponse } from '@lp/contracts/overview';
import type { ReportCount, WeeklyReport } from '@lp/contracts/reports';
import { coverageByDay, gapsInDays, type SourceGap } from '@lp/db/queries/coverage';
import { listEvents } from '@lp/db/queries/events';
import { countFiringsInDays, firingsInDays, type FiringRow } from '@lp/db/queries/alert-firings';
import { firingView } from '../alerts/firing-view';
import { topMovers } from '@lp/db/queries/posts';
import { getReportSettings } from '@lp/db/queries/reports';
import { trendBuckets, voiceCounts } from '@lp/db/queries/rollups';
import { listSources } from '@lp/db/queries/sources';
import { foldNearDuplicates } from '../routes/v1/near-duplicates';
import { overviewFor } from '../routes/v1/overview';
import { sentimentIndex } from '../routes/v1/overview-math';
import { addDays, isoWeekRange } from './iso-week';
import { isoWeekOf } from '@lp/contracts/reports';

/** 1 to 9 are "<10", their value withheld: a board paper must not single out a handful of people. */
export function reportCount(n: number): ReportCount {
  if (n >= 1 && n <= 9) return { value: null, text: '<10' };
  return { value: n, text: n.toLocaleString('en-GB') };
}

const signed = (n: number) => {
  const r = Math.round(n);
  return r === 0 ? '0' : `${r < 0 ? '\u2212' : '+'}${Math.abs(r)}`;
};
const points = (n: number) => `${Math.abs(Math.round(n))} ${Math.abs(Math.round(n)) === 1 ? 'point' : 'points'}`;
const longDate = (d: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${d}T00:00:00Z`),
  );
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

type Staff = OverviewResponse['voices'][number];

function comparisonLine(o: OverviewResponse, staff: Staff | undefined) {
  return {
    comparable: o.comparison.comparable,
    reason: o.comparison.reason,
    change: staff?.indexChange ?? null,
    direction: staff?.indexDirection ?? null,
    index: staff?.before.index.value ?? null,
  };
}

function describeAgainst(line: ReturnType<typeof comparisonLine>, what: string): string {
  if (!line.comparable)
    return `no comparison with ${what} (${lowerFirst(line.reason ?? 'the periods do not compare')
      .replace(/, so the change is not shown\.$/, '')
      .replace(/\.$/, '')})`;
  if (line.change === null || line.direction === null) return `no comparison with ${what} (too few scored posts)`;
  if (line.direction === 'no_clear_change')
    return `no clear change on ${what} (${signed(line.change)} points, within the margin of error)`;
  return `a clear ${line.direction === 'up' ? 'rise' : 'fall'} of ${points(line.change)} on ${what}`;
}

/**
 * The executive's weekly report for an ISO week, from the same queries as the dashboard
 * (`overviewFor`, the movers, the coverage record), ordered outputs → outtakes → outcomes as the
 * UK Government Communication Service's evaluation framework reads.
 */
export async function buildWeeklyReport(app: FastifyInstance, week: string, now = new Date()): Promise<WeeklyReport> {
  const period = isoWeekRange(week);
  const alerts = await firingsInDays(app.db, period, REPORT_ALERTS);
  const alertsInAll = await countFiringsInDays(app.db, period);
  const eightWeeks = { from: addDays(period.from, -56), to: period.from };
  const settings = await getReportSettings(app.db);
  const followed = settings.topics.filter((t) => app.topicNames.has(t));
  const [weekly, longer, coverage, sources, events, movers, staffWeeks, days, followedVoices] = await Promise.all([
    overviewFor(app, period),
    overviewFor(app, period, { previous: eightWeeks }),
    listSources(app.db).then((all) =>
      coverageByDay(
        app.db,
        period,
        all.map((s) => s.id),
      ),
    ),
    listSources(app.db),
    listEvents(app.db, period),
    topMovers(app.db, { ...period, voice: 'staff', limit: 25 }),
    // The charts: the staff index week by week (this and the 8 before), and the week's days.
    trendBuckets(app.db, { from: eightWeeks.from, to: period.to, bucket: 'week', voice: 'staff' }),
    trendBuckets(app.db, { ...period, bucket: 'day' }),
    Promise.all(followed.map((topic) => voiceCounts(app.db, { ...period, topic }))),
  ]);
  const missed = await gapsInDays(
    app.db,
    sources.map((s) => s.id),
    period,
  );
  const staff = weekly.voices.find((v) => v.voice === 'staff');
  const staffLong = longer.voices.find((v) => v.voice === 'staff');
  const index = staff?.current.index;

  // Coverage of the week per source that had anything to say: ran, down (hours without data), or stopped.
  const byId = new Map(sources.map((s) => [s.id, s]));
  const perSource = new Map<string, { days: number; daysCovered: number; hoursMissing: number; failed: number }>();
  for (const d of coverage) {
    const c = perSource.get(d.sourceId) ?? { days: 0, daysCovered: 0, hoursMissing: 0, failed: 0 };
    c.days += 1;
    if (d.coveredHours >= d.hours) c.daysCovered += 1;
    c.hoursMissing += d.hours - d.coveredHours;
    c.failed += d.failedPolls;
    perSource.set(d.sourceId, c);
  }
  const inWeek = new Set(weekly.coverage.map((c) => c.id));
  const coverageRows = [...perSource.entries()]
    .filter(([id, c]) => inWeek.has(id) || c.daysCovered > 0 || c.failed > 0 || byId.get(id)?.enabled)
    .map(([id, c]) => {
      const source = byId.get(id);
      const name = typeof source?.config.name === 'string' && source.config.name ? source.config.name : id;
      const state = source ? (source.enabled ? source.state : 'paused or stopped') : 'removed';
      const note =
        c.hoursMissing === 0
          ? 'collected every hour of the week'
          : c.daysCovered === 0 && c.hoursMissing >= 24 * 7 - 1
            ? 'collected nothing this week'
            : `no data for ${c.hoursMissing} hours${c.failed > 0 ? ` (${c.failed} failed polls)` : ''}${missedWords(missed.filter((g) => g.sourceId === id))}`;
      return {
        id,
        name,
        daysCovered: c.daysCovered,
        days: c.days,
        hoursMissing: c.hoursMissing,
        failedPolls: c.failed,
        state,
        note,
      };
    })
    .sort((a, b) => b.hoursMissing - a.hoursMissing || a.id.localeCompare(b.id));
  const gaps = coverageRows.filter((c) => c.hoursMissing > 0);
  const coverageNote =
    coverageRows.length === 0
      ? 'No source collected data this week.'
      : gaps.length === 0
        ? 'Every source collected every hour of the week: a quiet day is a quiet day, not an outage.'
        : `${gaps.map((g) => `${g.name}: ${g.note}`).join('; ')}. Figures for those hours are missing, not low.`;

  const topicsByVolume = [...weekly.topics]
    .filter((t) => t.total > 0)
    .sort((a, b) => b.total - a.total)
    .slice(0, 5)
    .map((t) => ({ id: t.id, name: t.name, posts: reportCount(t.total) }));
  const topicsByNegativeChange = weekly.topics
    .filter((t): t is typeof t & { negativeShareChange: number } => t.negativeShareChange !== null)
    .sort((a, b) => b.negativeShareChange - a.negativeShareChange)
    .slice(0, 3)
    .map((t) => ({ id: t.id, name: t.name, negativeShare: t.negativeShare, change: t.negativeShareChange }));
  const notablePosts = foldNearDuplicates(movers, 5).map((p) => ({
    publishedAt: p.publishedAt,
    platform: p.platform,
    text: p.text ?? '(text removed)',
    topics: p.topics.map((t) => app.topicNames.get(t.id) ?? t.id),
    sentiment: p.sentiment.label,
    similar: p.similar,
  }));

  const topicsOfInterest = followed.map((id, i) => {
    const t = weekly.topics.find((x) => x.id === id);
    const byVoice = followedVoices[i] ?? [];
    const staffCounts = byVoice.find((v) => v.voice === 'staff');
    const total = byVoice.reduce((n, v) => n + v.total, 0);
    return {
      id,
      name: app.topicNames.get(id) ?? id,
      posts: reportCount(total),
      staffPosts: reportCount(staffCounts?.total ?? 0),
      negativeShare: t?.negativeShare ?? null,
      negativeShareChange: t?.negativeShareChange ?? null,
      staffIndex: staffCounts ? sentimentIndex(staffCounts).value : null,
    };
  });

  // A day counts as covered when every source that ran that week collected all of its hours.
  const reporting = new Set(coverageRows.filter((c) => c.daysCovered > 0 || c.failedPolls > 0).map((c) => c.id));
  const uncoveredDays = new Set(
    coverage.filter((d) => reporting.has(d.sourceId) && d.coveredHours < d.hours).map((d) => d.day),
  );
  const charts = {
    staffIndexByWeek: staffWeeks.map((b) => {
      const ix = sentimentIndex(b);
      return {
        week: isoWeekOf(b.start),
        value: ix.value,
        low: ix.low,
        high: ix.high,
        scored: reportCount(ix.scored),
      };
    }),
    postsByDay: days.map((d) => ({
      day: d.start,
      posts: reportCount(d.total),
      positive: d.positive,
      neutral: d.neutral,
      negative: d.negative,
      unscored: d.unscored,
      covered: !uncoveredDays.has(d.start),
    })),
  };

  const againstLastWeek = comparisonLine(weekly, staff);
  const againstEightWeeks = comparisonLine(longer, staffLong);
  const posts = reportCount(weekly.current.total);
  const parts: string[] = [];
  parts.push(
    `In the week of ${longDate(period.from)} to ${longDate(addDays(period.to, -1))}, ${posts.text} public posts were collected from ${plural(coverageRows.filter((c) => c.daysCovered > 0).length, 'source')}${staff ? `, ${reportCount(staff.current.total).text} of them by NHS staff` : ''}.`,
  );
  if (index?.value !== null && index?.value !== undefined && index.low !== null && index.high !== null)
    parts.push(
      `NHS staff sentiment stood at ${signed(index.value)} on a scale from −100 to +100 (likely between ${signed(index.low)} and ${signed(index.high)}): ${describeAgainst(againstLastWeek, 'the week before')}, and ${describeAgainst(againstEightWeeks, 'the 8-week average')}.`,
    );
  else
    parts.push(
      `There were too few scored posts by NHS staff (${reportCount(index?.scored ?? 0).text}) to give their sentiment.`,
    );
  if (topicsByVolume[0])
    parts.push(
      `The most discussed topic was ${topicsByVolume[0].name} (${topicsByVolume[0].posts.text} posts)${topicsByNegativeChange[0] && topicsByNegativeChange[0].change > 0 ? `; the negative share rose most for ${topicsByNegativeChange[0].name} (${signed(topicsByNegativeChange[0].change)} points)` : ''}.`,
    );
  if (topicsOfInterest.length > 0)
    parts.push(
      `Of the topics followed, ${topicsOfInterest
        .map(
          (t) =>
            `${t.name} had ${t.posts.text} posts${t.staffIndex !== null ? ` (staff index ${signed(t.staffIndex)})` : ''}`,
        )
        .join('; ')}.`,
    );
  parts.push(
    gaps.length === 0
      ? 'Every source collected data throughout the week.'
      : `Data is incomplete: ${gaps.map((g) => `${g.name} has no data for ${g.hoursMissing} hours`).join(', ')}.`,
  );

  return {
    week,
    period,
    title: `Staff sentiment, week ${week.slice(6).replace(/^0/, '')} of ${week.slice(0, 4)}`,
    generatedAt: now.toISOString(),
    summary: parts.join(' '),
    outputs: {
      posts,
      staffPosts: reportCount(staff?.current.total ?? 0),
      previousWeekPosts: reportCount(weekly.before.total),
      volumeChange: weekly.volumeChange,
      coverage: coverageRows,
      coverageNote,
    },
    outtakes: {
      staffIndex: {
        value: index?.value ?? null,
        low: index?.low ?? null,
        high: index?.high ?? null,
        scored: reportCount(index?.scored ?? 0),
        note: index?.enough ? null : 'Too few scored posts (under 30) to give an index.',
      },
      againstLastWeek,
      againstEightWeeks,
      topicsByVolume,
      topicsByNegativeChange,
      notablePosts,
      topicsOfInterest,
    },
    charts,
    outcomes: {
      events: events.map((e) => ({ day: e.day, title: e.title, kind: e.kind })),
      alerts: alerts.map(alertLine),
      moreAlerts: Math.max(0, alertsInAll - alerts.length),
      note: 'Outcomes (what changed for staff and patients) need evidence beyond public posts; the week’s events are listed so the figures can be read against them.',
    },
  };
}

const londonTime = (d: Date) =>
  d.toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** The spans a source knows it missed, with why (the part of the reason before its details). */
function missedWords(gaps: SourceGap[]): string {
  if (gaps.length === 0) return '';
  return `; missed ${gaps
    .map((g) => `${londonTime(g.from)} to ${londonTime(g.to)} (${g.reason.replace(/:.*$/, '')})`)
    .join(', ')}`;
}

/** The week's alerts the report lists; the rest are counted. */
const REPORT_ALERTS = 50;

const METRIC_LINE: Record<string, string> = {
  volume: 'more posts than usual for that hour of the week',
  negative_share: 'a higher share of negative posts than usual for that hour of the week',
};

/** One alert for the board: what and when, without post text or counts. */
function alertLine(row: FiringRow): WeeklyReport['outcomes']['alerts'][number] {
  // No posts: the board's list names what fired, not what was said.
  const f = firingView(row, new Map());
  const when = `${londonTime(new Date(f.window.from))} to ${londonTime(new Date(f.window.to)).replace(/^.*, /, '')}`;
  const line =
    f.kind === 'rule'
      ? `${when}: ${METRIC_LINE[f.metric ?? ''] ?? 'above its usual level'}`
      : `${londonTime(new Date(f.window.to))}: ${f.source?.recovered ? 'recovered' : f.source?.condition === 'failing' ? 'failing for over an hour' : f.source?.condition === 'budget_spent' ? 'read budget spent' : 'stopped'}`;
  return {
    id: f.id,
    name: f.alertName,
    kind: f.kind,
    window: f.window,
    line,
    acknowledged: f.acknowledgedAt !== null,
  };
}
