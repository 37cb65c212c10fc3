import { MAX_TOPICS, topicList } from '../../../lib/url-state';
import { useTopics } from '../api/get-topics';

type Props = { from: string; to: string; value: string | null; onChange: (topic: string | null) => void };

/** Pick up to five topics to compare: the trend then draws one series per topic. */
export function TopicCompare({ from, to, value, onChange }: Props) {
  const topics = useTopics({ from, to });
  const chosen = topicList(value);
  const options = [...(topics.data?.topics ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const full = chosen.length >= MAX_TOPICS;

  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((t) => t !== id);
    onChange(next.length ? next.join(',') : null);
  };

  return (
    <details className="topic-compare" open={chosen.length > 1}>
      <summary>Compare topics{chosen.length > 1 ? ` (${chosen.length} chosen)` : ''}</summary>
      <fieldset className="checkbox-group">
        <legend className="visually-hidden">Topics to compare (up to {MAX_TOPICS})</legend>
        {options.map((t) => {
          const checked = chosen.includes(t.id);
          return (
            <div key={t.id} className="checkbox-item">
              <input
                id={`compare-${t.id}`}
                type="checkbox"
                data-testid={`compare-${t.id}`}
                checked={checked}
                disabled={!checked && full}
                onChange={(event) => toggle(t.id, event.target.checked)}
              />
              <label htmlFor={`compare-${t.id}`}>{t.name}</label>
            </div>
          );
        })}
        {full ? <p className="field-hint">{MAX_TOPICS} topics at most: untick one to choose another.</p> : null}
      </fieldset>
    </details>
  );
}
