import type { TopicSummary } from '@lp/contracts/api';
import { DrillTrigger } from '../../../components/ui/drill-trigger';
import { countOrZero, formatCount, formatScore, formatShare } from '../../../lib/format';

type Props = {
  topics: readonly TopicSummary[];
  selected: string | null;
  onSelect: (topicId: string) => void;
  /** The dashboard's range: "View posts" opens each topic's posts within it. */
  range: { from: string; to: string };
};

/** The topic chart's numbers as a table; each topic name is a button that filters the dashboard by it. */
export function TopicTable({ topics, selected, onSelect, range }: Props) {
  const rows = [...topics].sort((a, b) => countOrZero(b.total) - countOrZero(a.total) || a.name.localeCompare(b.name));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Topic breakdown data">
      <table className="data-table">
        <caption className="visually-hidden">
          Posts per topic by sentiment, with the negative share and mean score
        </caption>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Negative
            </th>
            <th scope="col" className="num">
              Negative share
            </th>
            <th scope="col" className="num">
              Neutral
            </th>
            <th scope="col" className="num">
              Positive
            </th>
            <th scope="col" className="num">
              Mean score
            </th>
            <th scope="col">
              <span className="visually-hidden">Posts</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id} className={t.id === selected ? 'is-selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={t.id === selected}
                  onClick={() => onSelect(t.id)}
                >
                  {t.name}
                </button>
              </th>
              <td className="num">{formatCount(t.total)}</td>
              <td className="num">{formatCount(t.negative)}</td>
              <td className="num">{formatShare(t.negative, t.total)}</td>
              <td className="num">{formatCount(t.neutral)}</td>
              <td className="num">{formatCount(t.positive)}</td>
              <td className="num">{formatScore(t.meanScore)}</td>
              <td>
                <DrillTrigger
                  drill={{ ...range, topic: t.id, sentiment: null, source: null }}
                  label={`View posts about ${t.name}`}
                >
                  View posts
                </DrillTrigger>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
