import { formatRange } from '../lib/dates';
import { SENTIMENT_LABELS, voiceName } from '../lib/format';
import type { Filters } from '../lib/url-state';
import { languageName } from '../features/filters/utils/filter-labels';

type Props = { filters: Filters; topicName: string | null; onChange: (patch: Partial<Filters>) => void };

const CLEARED: Partial<Filters> = {
  topic: null,
  source: null,
  sentiment: null,
  lang: null,
  voice: null,
  aboutUs: null,
};

/** One line saying what the page shows, read out when it changes, with a way back to everything. */
export function ViewSummary({ filters, topicName, onChange }: Props) {
  const parts: string[] = [];
  if (topicName) parts.push(`${filters.topic?.includes(',') ? 'topics' : 'topic'} ${topicName}`);
  if (filters.voice) parts.push(voiceName(filters.voice));
  if (filters.source) parts.push(`source ${filters.source}`);
  if (filters.sentiment) parts.push(`${SENTIMENT_LABELS[filters.sentiment].toLowerCase()} posts`);
  if (filters.lang) parts.push(`in ${languageName(filters.lang)}`);
  if (filters.aboutUs) parts.push(filters.aboutUs === 'true' ? 'about us' : 'not about us');

  return (
    <p className="view-summary" aria-live="polite" data-testid="view-summary">
      Showing {formatRange(filters)}
      {parts.length ? (
        <>
          {' · '}
          <strong>{parts.join(' · ')}</strong>{' '}
          <button type="button" className="link-button" onClick={() => onChange(CLEARED)}>
            Clear filters
          </button>
        </>
      ) : (
        ' · all topics, all voices'
      )}
    </p>
  );
}
