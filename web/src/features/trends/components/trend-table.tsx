import { useMemo } from 'react';
import type { Bucket, TrendBucket } from '@lp/contracts/api';
import type { Event } from '@lp/contracts/events';
import { eventsByBucket } from '../../../components/charts/event-buckets';
import { formatBucketLong } from '../../../lib/dates';
import { DrillTrigger } from '../../../components/ui/drill-trigger';
import { bucketRange } from '../../../lib/drill-state';
import { countOrZero, formatCount, formatScore, SENTIMENT_LABELS, SENTIMENT_ORDER } from '../../../lib/format';

type Props = {
  buckets: readonly TrendBucket[];
  bucket: Bucket;
  events?: readonly Event[];
  /** The dashboard's range and topic: each count opens the posts behind it within them. */
  range: { from: string; to: string };
  topic: string | null;
};

/** The trend chart's numbers as a table, with the annotations that fall in each bucket. */
export function TrendTable({ buckets, bucket, events = [], range, topic }: Props) {
  const byBucket = useMemo(
    () =>
      eventsByBucket(
        buckets.map((b) => b.start),
        bucket,
        events,
      ),
    [buckets, bucket, events],
  );
  const showEvents = byBucket.size > 0;
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
            {showEvents ? <th scope="col">Events</th> : null}
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={b.start}>
              <th scope="row">{formatBucketLong(b.start, bucket)}</th>
              <td className="num">{formatCount(b.total)}</td>
              {SENTIMENT_ORDER.map((cls) => (
                <td key={cls} className="num">
                  {countOrZero(b[cls]) > 0 ? (
                    <DrillTrigger
                      drill={{ ...bucketRange(b.start, bucket, range), sentiment: cls, topic, source: null }}
                      label={`${formatCount(b[cls])} ${SENTIMENT_LABELS[cls].toLowerCase()}: view posts, ${formatBucketLong(b.start, bucket)}`}
                    >
                      {formatCount(b[cls])}
                    </DrillTrigger>
                  ) : (
                    formatCount(b[cls])
                  )}
                </td>
              ))}
              <td className="num">{formatScore(b.meanScore)}</td>
              {showEvents ? (
                <td>
                  {(byBucket.get(b.start) ?? []).map((e) => (
                    <div key={e.id} data-testid="table-event">
                      {e.title} <span className="event-kind">({e.kind})</span>
                    </div>
                  ))}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
