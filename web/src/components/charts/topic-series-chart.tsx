import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Bucket, TrendBucket } from '@lp/contracts/api';
import type { Event } from '@lp/contracts/events';
import { formatBucketLabel, formatBucketLong } from '../../lib/dates';
import { countOrZero, formatCount } from '../../lib/format';
import { countAxisProps } from './axis';
import { eventLines, useEventMarkers } from './event-markers';
import { legendText } from './legend-text';
import { CHART_GRID, CHART_TEXT, TOPIC_SERIES_COLORS } from './sentiment-colors';

export type TopicSeries = { topic: string; name: string; buckets: readonly TrendBucket[] };

type Props = {
  series: readonly TopicSeries[];
  bucket: Bucket;
  /** Annotations, drawn as on the sentiment chart. */
  events?: readonly Event[];
  height?: number;
  /** Called with the bucket's start and the topic of the clicked point. */
  onSelect?: (start: string, topic: string) => void;
};

const tick = { fill: CHART_TEXT, fontSize: 12 };
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '1 3'];

/** One line per chosen topic (posts per bucket): a post with two topics is on both lines, never summed. */
export function TopicSeriesChart({ series, bucket, events = [], height = 300, onSelect }: Props) {
  const data = useMemo(() => {
    const first = series[0]?.buckets ?? [];
    return first.map((b, i) => {
      const row: Record<string, string | number | null> & { start: string; label: string } = {
        start: b.start,
        label: formatBucketLabel(b.start, bucket),
      };
      // A withheld count (null) stays a gap in the line, never a zero.
      for (const s of series) row[s.topic] = s.buckets[i] ? s.buckets[i].total : 0;
      return row;
    });
  }, [series, bucket]);
  const markers = useEventMarkers(data, bucket, events);
  const countAxis = useMemo(
    () => countAxisProps(Math.max(0, ...series.flatMap((s) => s.buckets.map((b) => countOrZero(b.total))))),
    [series],
  );
  const longLabel = useMemo(
    () => new Map(data.map((d) => [String(d.label), formatBucketLong(String(d.start), bucket)])),
    [data, bucket],
  );

  return (
    <div className={onSelect ? 'chart-box chart-clickable' : 'chart-box'} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
          title={`Posts per ${bucket} for each chosen topic`}
          desc="One line per topic; the Table view lists the same numbers."
        >
          <CartesianGrid stroke={CHART_GRID} vertical={false} />
          <XAxis dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: CHART_GRID }} minTickGap={8} />
          <YAxis {...countAxis} />
          <Tooltip
            itemStyle={{ color: CHART_TEXT }}
            labelFormatter={(label) => longLabel.get(String(label)) ?? String(label)}
            formatter={(value) => formatCount(Number(value))}
          />
          {eventLines(markers)}
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={legendText} />
          {series.map((s, i) => (
            <Line
              key={s.topic}
              dataKey={s.topic}
              name={s.name}
              type="monotone"
              stroke={TOPIC_SERIES_COLORS[i % TOPIC_SERIES_COLORS.length]}
              // Dashes as well as colour, so the lines stay apart for colour-blind readers.
              strokeDasharray={DASHES[i % DASHES.length]}
              strokeWidth={2}
              dot={{ r: 3 }}
              activeDot={{
                r: 6,
                onClick: onSelect
                  ? (_event: unknown, point: unknown) => {
                      const start = (point as { payload?: { start?: string } }).payload?.start;
                      if (start) onSelect(start, s.topic);
                    }
                  : undefined,
              }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
