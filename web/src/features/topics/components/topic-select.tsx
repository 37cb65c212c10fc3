import { useTopics } from '../api/get-topics';

type Props = { from: string; to: string; value: string | null; onChange: (topicId: string | null) => void };

/** The topic filter. Options come from the topics endpoint for the same range (and share its cache). */
export function TopicSelect({ from, to, value, onChange }: Props) {
  const topics = useTopics({ from, to });
  const options = [...(topics.data?.topics ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  // A shared link may name a topic with no posts in this range: keep it selectable so the view is not silently changed.
  const several = value?.includes(',') ?? false;
  const missing = value && !several && !options.some((t) => t.id === value);

  return (
    <div className="field">
      <label htmlFor="filter-topic">Topic</label>
      <select
        id="filter-topic"
        data-testid="filter-topic"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        aria-describedby={topics.isError && !topics.data ? 'filter-topic-error' : undefined}
      >
        <option value="">All topics</option>
        {several && value ? <option value={value}>Several topics (compared below)</option> : null}
        {missing ? <option value={value}>{value}</option> : null}
        {options.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      {topics.isError && !topics.data ? (
        <p id="filter-topic-error" className="field-hint">
          Topic list unavailable
        </p>
      ) : null}
    </div>
  );
}
