import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Bucket, SentimentClass, TrendBucket } from '@lp/contracts/api';
import type { Event } from '@lp/contracts/events';
import { formatBucketLabel, formatBucketLong, partialBucket, type DateRange } from '../../lib/dates';
import { countAxisProps } from './axis';
import { countOrZero, formatCount, formatScore, SENTIMENT_LABELS, SENTIMENT_ORDER } from '../../lib/format';
import { eventLines, useEventMarkers } from './event-markers';
import { legendText } from './legend-text';
import { CHART_GRID, CHART_TEXT, MEAN_LINE, SENTIMENT_COLORS } from './sentiment-colors';

type Props = {
  buckets: readonly TrendBucket[];
  bucket: Bucket;
  /** Annotations: each is drawn as a vertical line at the bucket containing its day. */
  events?: readonly Event[];
  height?: number;
  /** The view's range: buckets it cuts short (and today) are marked partial. */
  range?: DateRange;
  /** Called with the bucket's start and the sentiment class of the clicked bar segment. */
  onSelect?: (start: string, sentiment: SentimentClass) => void;
};

const MEAN_NAME = 'Mean score';
const tick = { fill: CHART_TEXT, fontSize: 12 };

/** Posts per bucket stacked by sentiment (left axis) with the mean score as a line (right axis, −1..1). */
export function SentimentTrendChart({ buckets, bucket, events = [], height = 300, range, onSelect }: Props) {
  const data = useMemo(
    () =>
      buckets.map((b) => {
        const partial = range ? partialBucket(b.start, bucket, range) : null;
        // A partial bucket's label carries a mark; the note under the chart and its tooltip say why.
        return { ...b, partial, label: `${formatBucketLabel(b.start, bucket)}${partial ? '*' : ''}` };
      }),
    [buckets, bucket, range],
  );
  const longLabel = useMemo(
    () =>
      new Map(data.map((d) => [d.label, `${formatBucketLong(d.start, bucket)}${d.partial ? ` (${d.partial})` : ''}`])),
    [data, bucket],
  );
  const markers = useEventMarkers(data, bucket, events);
  const countAxis = useMemo(() => countAxisProps(Math.max(0, ...data.map((d) => countOrZero(d.total)))), [data]);
  const partials = data.filter((d) => d.partial);

  return (
    <>
      <div className={onSelect ? 'chart-box chart-clickable' : 'chart-box'} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 8, right: 4, bottom: 4, left: 0 }}
            // The SVG's accessible name and description (recharts makes it a keyboard "application").
            title={`Posts per ${bucket} by sentiment, with the mean score`}
            desc={`Arrow keys step through the ${bucket}s; the Table view lists the same numbers.`}
          >
            <CartesianGrid stroke={CHART_GRID} vertical={false} />
            <XAxis dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: CHART_GRID }} minTickGap={8} />
            <YAxis yAxisId="count" {...countAxis} />
            <YAxis
              yAxisId="score"
              orientation="right"
              domain={[-1, 1]}
              ticks={[-1, -0.5, 0, 0.5, 1]}
              tick={tick}
              tickLine={false}
              axisLine={false}
              width={52}
              tickFormatter={(v: number) => formatScore(v)}
              label={{
                value: 'Mean score',
                angle: 90,
                position: 'insideRight',
                fill: CHART_TEXT,
                fontSize: 12,
                dy: -30,
              }}
            />
            <Tooltip
              itemStyle={{ color: CHART_TEXT }}
              labelFormatter={(label) => longLabel.get(String(label)) ?? String(label)}
              formatter={(value, name) =>
                name === MEAN_NAME ? formatScore(typeof value === 'number' ? value : null) : formatCount(Number(value))
              }
            />
            {eventLines(markers, 'count')}
            <Legend wrapperStyle={{ fontSize: 13 }} formatter={legendText} />
            {SENTIMENT_ORDER.map((cls) => (
              <Bar
                key={cls}
                yAxisId="count"
                dataKey={cls}
                name={SENTIMENT_LABELS[cls]}
                stackId="posts"
                fill={SENTIMENT_COLORS[cls]}
                maxBarSize={48}
                onClick={
                  onSelect
                    ? (item) => {
                        const start = (item.payload as { start?: string } | undefined)?.start;
                        if (start) onSelect(start, cls);
                      }
                    : undefined
                }
                // A live chart redraws every few seconds; re-animating each time would be distracting.
                isAnimationActive={false}
              />
            ))}
            <Line
              yAxisId="score"
              dataKey="meanScore"
              name={MEAN_NAME}
              type="monotone"
              stroke={MEAN_LINE}
              strokeWidth={2}
              dot={{ r: 3, fill: MEAN_LINE }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {partials.length > 0 ? (
        <p className="chart-note" data-testid="partial-note">
          * {partials.map((d) => `${formatBucketLong(d.start, bucket)}: ${d.partial}`).join('; ')}.
        </p>
      ) : null}
    </>
  );
}
