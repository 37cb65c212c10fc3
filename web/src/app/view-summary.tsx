import { formatRange, lastDays, todaySoFar } from '../lib/dates';
import { SENTIMENT_LABELS, voiceName } from '../lib/format';
import type { Filters } from '../lib/url-state';
import { languageName } from '../features/filters/utils/filter-labels';

const CLEARED: Partial<Filters> = {
  topic: null,
  source: null,
  sentiment: null,
  lang: null,
  voice: null,
  aboutUs: null,
};

const PRESET_NAMES: Array<[() => { from: string; to: string }, string]> = [
  [() => todaySoFar(), 'Today so far'],
  [() => lastDays(7), 'Last 7 days'],
  [() => lastDays(30), 'Last 30 days'],
  [() => lastDays(91), 'Last quarter'],
];

/** "Last 7 days (26 Nov 2026 to 2 Dec 2026)", or just the dates for a custom range. */
export function rangeLabel(filters: { from: string; to: string }): string {
  const named = PRESET_NAMES.find(([range]) => {
    const r = range();
    return r.from === filters.from && r.to === filters.to;
  });
  return named ? `${named[1]} (${formatRange(filters)})` : formatRange(filters);
}

/** The parts of the view beyond its range, in words: "topic Pay · NHS staff · negative posts". */
export function viewParts(filters: Filters, topicName: string | null): string[] {
  const parts: string[] = [];
  parts.push(topicName ? `${filters.topic?.includes(',') ? 'topics' : 'topic'} ${topicName}` : 'all topics');
  parts.push(filters.voice ? voiceName(filters.voice) : 'NHS staff first, beside the public');
  if (filters.source) parts.push(`source ${filters.source}`);
  if (filters.sentiment) parts.push(`${SENTIMENT_LABELS[filters.sentiment].toLowerCase()} posts`);
  if (filters.lang) parts.push(`in ${languageName(filters.lang)}`);
  if (filters.aboutUs) parts.push(filters.aboutUs === 'true' ? 'about us' : 'not about us');
  return parts;
}

export const hasViewFilters = (f: Filters) =>
  Boolean(f.topic || f.source || f.sentiment || f.lang || f.voice || f.aboutUs);

type Props = { filters: Filters; topicName: string | null };

/** One line saying what the page shows, read out when it changes. */
export function ViewSummary({ filters, topicName }: Props) {
  return (
    <span className="view-summary" aria-live="polite" data-testid="view-summary">
      {rangeLabel(filters)} · {viewParts(filters, topicName).join(' · ')}
    </span>
  );
}

export function ClearFilters({ onChange }: { onChange: (patch: Partial<Filters>) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onChange(CLEARED)}>
      Clear filters
    </button>
  );
}
