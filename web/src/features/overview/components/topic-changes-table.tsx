import type { OverviewResponse } from '@lp/contracts/overview';
import { DrillTrigger } from '../../../components/ui/drill-trigger';
import { formatCount } from '../../../lib/format';
import { formatPercent, formatPointsChange, sortTopicChanges } from '../utils/overview-format';

/** Which topics turned more negative since the previous period: largest rise first. */
type Props = {
  topics: OverviewResponse['topics'];
  /** The dashboard's range: each topic name opens its posts within it. */
  range: { from: string; to: string };
  comparison: OverviewResponse['comparison'];
};

export function TopicChangesTable({ topics, range, comparison }: Props) {
  const rows = sortTopicChanges(topics.filter((t) => t.total !== 0));
  return (
    <section className="overview-table" data-testid="overview-topic-changes" aria-labelledby="overview-topic-changes">
      <h3 id="overview-topic-changes">Topics by change in negative share</h3>
      {comparison.comparable ? null : (
        <p className="overview-figure-note">Changes are not shown: {comparison.reason}</p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No tagged posts in this range.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Topics by change in negative share">
          <table className="data-table">
            <caption className="visually-hidden">
              Negative share of scored posts per topic, now and in the previous period, with the change in percentage
              points; largest rise first
            </caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col" className="num">
                  Posts
                </th>
                <th scope="col" className="num">
                  Negative now
                </th>
                <th scope="col" className="num">
                  Before
                </th>
                <th scope="col" className="num">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    <DrillTrigger
                      drill={{ ...range, topic: t.id, sentiment: null, source: null }}
                      label={`${t.name}: view posts`}
                    >
                      {t.name}
                    </DrillTrigger>
                  </th>
                  <td className="num">{formatCount(t.total)}</td>
                  <td className="num">{formatPercent(t.negativeShare)}</td>
                  <td className="num">{formatPercent(t.previousNegativeShare)}</td>
                  <td className="num">{formatPointsChange(t.negativeShareChange)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
