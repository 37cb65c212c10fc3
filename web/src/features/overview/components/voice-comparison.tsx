import type { OverviewResponse } from '@lp/contracts/overview';
import { formatCounted, VOICE_LABELS, formatScoredPosts } from '../../../lib/format';
import { describeIndexChange, formatIndex, notEnoughPosts, previousLabel } from '../utils/overview-format';

const VOICE_NOTES = {
  staff: 'Authors whose profile names an NHS role (nurse, doctor, paramedic, HCA, AHP…).',
  org: 'Trust, ICB and NHS England accounts, and NHS web domains.',
  public: 'Everyone else, shown beside staff and never mixed into their mood.',
} as const;

/** Staff mood is the headline; the public (and NHS organisations) sit beside it, each with its own index. */
export function VoiceComparison({
  voices,
  comparison,
  previous,
}: {
  voices: OverviewResponse['voices'];
  comparison: OverviewResponse['comparison'];
  previous: OverviewResponse['previous'];
}) {
  return (
    <section className="voice-comparison" aria-labelledby="voice-heading" data-testid="voice-comparison">
      <h3 id="voice-heading" className="overview-figure-label">
        Sentiment index by voice
      </h3>
      <ul className="voice-list">
        {voices.map((v) => {
          const index = formatIndex(v.current.index);
          const change = describeIndexChange(v, comparison, { against: previousLabel(previous) });
          return (
            <li key={v.voice} className={`voice-card voice-${v.voice}`} data-testid={`voice-${v.voice}`}>
              <p className="voice-name">{VOICE_LABELS[v.voice]}</p>
              <p className={`voice-index${index ? '' : ' overview-figure-missing'}`}>
                {index ?? notEnoughPosts(v.current.index)}
              </p>
              <p className="overview-change">{change.text.charAt(0).toUpperCase() + change.text.slice(1)}</p>
              <p className="overview-figure-note">
                {formatCounted(v.current.total, 'post')}, {formatScoredPosts(v.current.index.scored)}.{' '}
                {VOICE_NOTES[v.voice]}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
