import type { Bucket } from '@lp/contracts/api';
import type { TopicSeries } from '../../../components/charts/topic-series-chart';
import { formatBucketLong } from '../../../lib/dates';
import { formatCount } from '../../../lib/format';

/** The compared topics' numbers as a table: one row per bucket, one column per topic (posts, and negative share). */
export function TopicSeriesTable({ series, bucket }: { series: readonly TopicSeries[]; bucket: Bucket }) {
  const rows = series[0]?.buckets ?? [];
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Compared topics data">
      <table className="data-table" data-testid="topic-series-table">
        <caption className="visually-hidden">Posts per {bucket} for each chosen topic</caption>
        <thead>
          <tr>
            <th scope="col">{bucket === 'week' ? 'Week' : 'Day'}</th>
            {series.map((s) => (
              <th key={s.topic} scope="col" className="num">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((b, i) => (
            <tr key={b.start}>
              <th scope="row">{formatBucketLong(b.start, bucket)}</th>
              {series.map((s) => {
                const c = s.buckets[i];
                // A viewer's withheld counts (null) give no share: the count itself reads <10.
                const scored =
                  c && c.positive !== null && c.neutral !== null && c.negative !== null
                    ? c.positive + c.neutral + c.negative
                    : 0;
                return (
                  <td key={s.topic} className="num">
                    {c ? formatCount(c.total) : formatCount(0)}
                    {scored > 0 && c && c.negative !== null ? (
                      <span className="overview-figure-note">
                        {' '}
                        ({Math.round((100 * c.negative) / scored)}% negative)
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
