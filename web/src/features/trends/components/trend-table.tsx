import type { Bucket, TrendBucket } from '@lp/contracts/api';
import { formatBucketLong } from '../../../lib/dates';
import { formatCount, formatScore, SENTIMENT_LABELS, SENTIMENT_ORDER } from '../../../lib/format';

/** The trend chart's numbers as a table. */
export function TrendTable({ buckets, bucket }: { buckets: readonly TrendBucket[]; bucket: Bucket }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Sentiment trend data">
      <table className="data-table">
        <caption className="visually-hidden">
          Posts per {bucket} by sentiment, with the mean sentiment score (−1 to 1)
        </caption>
        <thead>
          <tr>
            <th scope="col">{bucket === 'week' ? 'Week' : 'Day'}</th>
            <th scope="col" className="num">
              Total
            </th>
            {SENTIMENT_ORDER.map((cls) => (
              <th key={cls} scope="col" className="num">
                {SENTIMENT_LABELS[cls]}
              </th>
            ))}
            <th scope="col" className="num">
              Mean score
            </th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={b.start}>
              <th scope="row">{formatBucketLong(b.start, bucket)}</th>
              <td className="num">{formatCount(b.total)}</td>
              {SENTIMENT_ORDER.map((cls) => (
                <td key={cls} className="num">
                  {formatCount(b[cls])}
                </td>
              ))}
              <td className="num">{formatScore(b.meanScore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
