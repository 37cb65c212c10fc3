import type { VoiceFilter } from '@lp/contracts/api';
import type { OverviewResponse } from '@lp/contracts/overview';
import { formatCount, voiceName } from '../../../lib/format';
import {
  describeIndexChange,
  describeVolumeChange,
  formatIndex,
  notEnoughPosts,
  previousLabel,
} from '../utils/overview-format';

/** Several topics chosen: one block each (a post about two is in both), never their figures summed. */
export function PerTopicBlocks({ overview, voice }: { overview: OverviewResponse; voice: VoiceFilter | null }) {
  const topics = overview.perTopic ?? [];
  const lead = voice ?? 'staff';
  const against = previousLabel(overview.previous);
  return (
    <section className="per-topic" aria-labelledby="per-topic-heading" data-testid="per-topic">
      <h3 id="per-topic-heading" className="overview-figure-label">
        Each chosen topic, {voiceName(lead)}
      </h3>
      <ul className="per-topic-list">
        {topics.map((t) => {
          const mood = voice ? t : (t.voices.find((v) => v.voice === 'staff') ?? t);
          const index = formatIndex(mood.current.index);
          const change = describeIndexChange(mood, overview.comparison, { against });
          const volume = describeVolumeChange(t.volumeChange, overview.comparison, against);
          return (
            <li key={t.topic} className="voice-card" data-testid={`per-topic-${t.topic}`}>
              <p className="voice-name">{t.name}</p>
              <p className={`voice-index${index ? '' : ' overview-figure-missing'}`}>
                {index ?? overview.indexNote ?? notEnoughPosts(mood.current.index)}
              </p>
              <p className="overview-change">{change.text.charAt(0).toUpperCase() + change.text.slice(1)}</p>
              <p className="overview-figure-note">
                {formatCount(t.current.total)} posts about {t.name} (all voices);{' '}
                {overview.comparison.comparable ? volume.text : 'volume not compared'}.
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
