import type { OverviewResponse } from '@lp/contracts/overview';
import { DrillTrigger } from '../../../components/ui/drill-trigger';
import { countOrZero, formatCount, formatShare, SENTIMENT_LABELS } from '../../../lib/format';

const CLASSES = ['positive', 'neutral', 'negative', 'unscored'] as const;

/** Posts per source split by sentiment, busiest source first. */
type Props = {
  sources: OverviewResponse['sources'];
  /** The dashboard's range and topic: each source name opens its posts within them. */
  range: { from: string; to: string };
  topic: string | null;
};

export function SourceBreakdownTable({ sources, range, topic }: Props) {
  const rows = [...sources]
    .filter((s) => s.total !== 0)
    .sort((a, b) => countOrZero(b.total) - countOrZero(a.total) || a.id.localeCompare(b.id));
  return (
    <section className="overview-table" data-testid="overview-sources" aria-labelledby="overview-sources">
      <h3 id="overview-sources">Sources</h3>
      {rows.length === 0 ? (
        <p className="muted">No posts from any source in this range.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Posts per source">
          <table className="data-table">
            <caption className="visually-hidden">Posts per source by sentiment, with each class's share</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col" className="num">
                  Posts
                </th>
                {CLASSES.map((cls) => (
                  <th key={cls} scope="col" className="num">
                    {SENTIMENT_LABELS[cls]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <DrillTrigger
                      drill={{ ...range, source: s.id, topic, sentiment: null }}
                      label={`${s.id}: view posts`}
                    >
                      {s.id}
                    </DrillTrigger>
                  </th>
                  <td className="num">{formatCount(s.total)}</td>
                  {CLASSES.map((cls) => (
                    <td key={cls} className="num">
                      {formatCount(s[cls])} <span className="muted">({formatShare(s[cls], s.total)})</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
