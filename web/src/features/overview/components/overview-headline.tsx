import type { VoiceFilter } from '@lp/contracts/api';
import type { OverviewResponse } from '@lp/contracts/overview';
import { DrillTrigger } from '../../../components/ui/drill-trigger';
import { formatBucketLong, londonDate } from '../../../lib/dates';
import { countOrZero, formatCount, formatCounted, voiceName, formatScoredPosts } from '../../../lib/format';
import { useTrends } from '../../trends/api/get-trends';
import {
  describeIndexChange,
  formatPointsChange,
  formatSigned,
  notEnoughPosts,
  previousLabel,
  topicThatMovedMost,
} from '../utils/overview-format';

type Props = {
  overview: OverviewResponse;
  /** The view's voice, or null: the headline is then NHS staff's. */
  voice: VoiceFilter | null;
  from: string;
  to: string;
  /** The chosen topics, comma-separated, or null for all. */
  topic: string | null;
};

/**
 * The four facts a comms lead reads first, above everything else: how the headline voice feels,
 * whether that changed (or why it cannot be said), the topic that moved most, and the worst day.
 */
export function OverviewHeadline({ overview, voice, from, to, topic }: Props) {
  const lead = voice ?? 'staff';
  const who = voiceName(lead);
  const mood = voice ? overview : overview.voices.find((v) => v.voice === 'staff');
  const index = mood?.current.index;
  const against = previousLabel(overview.previous);
  const change = mood
    ? describeIndexChange(mood, overview.comparison, { against, sayReason: true })
    : { arrow: null, text: 'no posts' };
  // With topics chosen, only they compete for "moved most" (the overview's topic table lists every topic).
  const chosen = topic ? topic.split(',') : [];
  const candidates = chosen.length > 0 ? overview.topics.filter((t) => chosen.includes(t.id)) : overview.topics;
  const moved = topicThatMovedMost(candidates);
  // A viewer's answer withholds shares built on 1–9 negative posts: say that such topics were not ranked.
  const withheldChanges = candidates.some((t) => t.suppressed && t.negativeShareChange === null);
  const busiest = [...candidates].sort((a, b) => countOrZero(b.total) - countOrZero(a.total))[0];
  const trends = useTrends({ from, to, bucket: 'day', topic, voice: lead });
  const today = londonDate(new Date());
  const days = trends.data?.buckets ?? [];
  // A viewer gets daily counts under 10 withheld: those days cannot be ranked, and the card says so.
  const worst = days
    .filter((b) => countOrZero(b.negative) > 0)
    .sort(
      (a, b) =>
        countOrZero(b.negative) - countOrZero(a.negative) ||
        countOrZero(a.positive) - countOrZero(b.positive) ||
        a.start.localeCompare(b.start),
    )[0];
  const someWithheld = days.some((b) => b.negative === null);

  return (
    <div className="headline" data-testid="overview-headline">
      <div className="headline-card" data-testid="headline-index">
        <h3 className="headline-label">How {who} feel</h3>
        {index?.value !== null && index?.value !== undefined ? (
          <p className="headline-value">
            {formatSigned(index.value)}
            <span className="headline-unit"> on a scale from −100 to +100</span>
          </p>
        ) : (
          <p className="headline-value headline-missing">
            {overview.indexNote ?? (index ? notEnoughPosts(index) : 'No posts')}
          </p>
        )}
        {index?.low !== null && index?.low !== undefined && index.high !== null ? (
          <p className="headline-note">
            Likely between {formatSigned(index.low)} and {formatSigned(index.high)}, from{' '}
            {formatScoredPosts(index.scored)}.
          </p>
        ) : null}
      </div>

      <div className="headline-card" data-testid="headline-change">
        <h3 className="headline-label">Change since {against}</h3>
        <p className={`headline-change${change.arrow ? '' : ' headline-change-none'}`}>
          {change.arrow ? <span aria-hidden="true">{change.arrow} </span> : null}
          {change.text.charAt(0).toUpperCase() + change.text.slice(1)}
        </p>
        {overview.comparison.partial ? <p className="headline-note">Today is not over yet: figures so far.</p> : null}
      </div>

      <div className="headline-card" data-testid="headline-topic">
        <h3 className="headline-label">{moved ? 'Topic that moved most' : 'Most discussed topic'}</h3>
        {moved ? (
          <>
            <p className="headline-topic">
              <DrillTrigger
                drill={{ from, to, topic: moved.id, sentiment: null, source: null }}
                label={`${moved.name}: view posts`}
              >
                {moved.name}
              </DrillTrigger>
            </p>
            <p className="headline-note">
              Negative share {formatPointsChange(moved.negativeShareChange)} (now{' '}
              {Math.round((moved.negativeShare ?? 0) * 100)}% of its scored posts).
            </p>
            {withheldChanges ? (
              <p className="headline-note">
                Topics whose change rests on under 10 negative posts are left out, so no small group is singled out.
              </p>
            ) : null}
          </>
        ) : busiest && busiest.total !== 0 ? (
          <>
            <p className="headline-topic">{busiest.name}</p>
            <p className="headline-note">
              {formatCounted(busiest.total, 'post')}; no topic’s change can be shown for this period.
            </p>
          </>
        ) : (
          <p className="headline-note">No tagged posts in this period.</p>
        )}
      </div>

      <div className="headline-card" data-testid="headline-worst-day">
        <h3 className="headline-label">
          Worst day for {who}
          {chosen.length > 1 ? ' (chosen topics)' : ''}
        </h3>
        {trends.isPending ? (
          <p className="headline-note">Loading…</p>
        ) : worst ? (
          <>
            <p className="headline-topic">
              <DrillTrigger
                drill={{
                  from: worst.start,
                  to: nextDay(worst.start),
                  topic: chosen.length === 1 ? topic : null,
                  sentiment: 'negative',
                  source: null,
                }}
                label={`${formatBucketLong(worst.start, 'day')}: view its negative posts`}
              >
                {formatBucketLong(worst.start, 'day')}
              </DrillTrigger>
              {worst.start === today ? ' (so far)' : ''}
            </p>
            <p className="headline-note">
              {formatCount(worst.negative)} negative of {formatCounted(worst.total, 'post')} by {who}.
            </p>
          </>
        ) : someWithheld ? (
          <p className="headline-note">
            No day can be named: the daily counts of negative posts by {who} that would rank them include some under 10,
            which are not shown.
          </p>
        ) : (
          <p className="headline-note">No negative posts by {who} in this period.</p>
        )}
      </div>
    </div>
  );
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
