import type { VoiceFilter } from '@lp/contracts/api';
import type { OverviewResponse } from '@lp/contracts/overview';
import { SENTIMENT_COLORS } from '../../../components/charts/sentiment-colors';
import {
  formatCount,
  formatCounted,
  formatShare,
  SENTIMENT_LABELS,
  SENTIMENT_ORDER,
  voiceName,
  formatScoredPosts,
} from '../../../lib/format';
import {
  describeIndexChange,
  describeVolumeChange,
  formatIndex,
  MIN_SCORED,
  notEnoughPosts,
  previousLabel,
  type Change,
} from '../utils/overview-format';

const SILENT: OverviewResponse['current'] = {
  total: 0,
  positive: 0,
  neutral: 0,
  negative: 0,
  unscored: 0,
  index: { value: null, low: null, high: null, scored: 0, enough: false },
};

/**
 * Volume, then the mood of one voice: NHS staff unless the view picks another. The index and the
 * shares are never taken over every voice together, where the public's mood would be mixed into
 * staff's; the voice comparison below sets them side by side.
 */
export function OverviewFigures({ overview, voice }: { overview: OverviewResponse; voice: VoiceFilter | null }) {
  const { current: all, before: allBefore } = overview;
  const lead = voice ?? 'staff';
  // With a voice filter the response is already that voice's; otherwise take staff's from the split.
  const mood = voice ? overview : overview.voices.find((v) => v.voice === 'staff');
  const current = mood?.current ?? SILENT;
  const index = formatIndex(current.index);
  const who = voiceName(lead);

  return (
    <div className="overview-figures">
      <div className="overview-figure" data-testid="overview-volume">
        <h3 className="overview-figure-label">Posts</h3>
        <p className="overview-figure-value">{formatCount(all.total)}</p>
        <ChangeLine
          change={describeVolumeChange(overview.volumeChange, overview.comparison, previousLabel(overview.previous))}
        />
        <p className="overview-figure-note">
          Previous period: {formatCounted(allBefore.total, 'post')}.
          {voice ? null : ` ${formatCount(current.total)} by ${who}.`}
        </p>
      </div>

      <div className="overview-figure" data-testid="overview-index">
        <h3 className="overview-figure-label">Sentiment index of {who}</h3>
        {index ? (
          <p className="overview-figure-value">{index}</p>
        ) : (
          <p className="overview-figure-value overview-figure-missing">
            {overview.indexNote ?? notEnoughPosts(current.index)}
          </p>
        )}
        <ChangeLine
          change={describeIndexChange(mood ?? overview, overview.comparison, {
            against: previousLabel(overview.previous),
          })}
        />
        <p className="overview-figure-note">
          From −100 (every scored post negative) to +100 (every scored post positive), based on{' '}
          {formatScoredPosts(current.index.scored)} by {who}.
        </p>
        <details className="overview-details">
          <summary>How is this calculated?</summary>
          <p>
            Index = 100 × (positive − negative) ÷ (positive + neutral + negative), counting only posts the model has
            scored. The likely range is the 95% confidence interval, from the normal approximation, with variance (p₊ +
            p₋ − (p₊ − p₋)²) ÷ n, where p₊ and p₋ are the positive and negative shares and n the number of scored posts:
            if the same mood were sampled again, the index would fall in that range 95 times in 100. Under {MIN_SCORED}{' '}
            scored posts the interval is too wide to be useful, so no index is shown. The change compares this period
            with the one of the same length just before it, in index points; it is called a rise or a fall only when the
            two likely ranges do not overlap. Periods are compared only when both are over and every source covered
            every day of both.
          </p>
        </details>
      </div>

      <div className="overview-figure">
        <h3 className="overview-figure-label">How posts by {who} felt</h3>
        <dl className="overview-shares">
          {SENTIMENT_ORDER.map((cls) => (
            <div key={cls} className="overview-share">
              <dt>
                <span className="swatch" style={{ background: SENTIMENT_COLORS[cls] }} aria-hidden="true" />
                {SENTIMENT_LABELS[cls]}
              </dt>
              <dd>
                {formatShare(current[cls], current.total)}{' '}
                <span className="overview-figure-note">({formatCount(current[cls])})</span>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

/** The arrow repeats the words for sighted readers; the words alone carry the meaning. */
function ChangeLine({ change }: { change: Change }) {
  return (
    <p className="overview-change">
      {change.arrow ? <span aria-hidden="true">{change.arrow} </span> : null}
      {change.text.charAt(0).toUpperCase() + change.text.slice(1)}
    </p>
  );
}
