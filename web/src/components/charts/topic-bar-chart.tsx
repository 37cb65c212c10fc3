import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  type LabelProps,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import type { SentimentClass, TopicSummary } from '@lp/contracts/api';
import { countOrZero, formatCount, formatShare, SENTIMENT_LABELS, SENTIMENT_ORDER } from '../../lib/format';
import { legendText } from './legend-text';
import { CHART_GRID, CHART_TEXT, SENTIMENT_COLORS } from './sentiment-colors';

type Props = {
  topics: readonly TopicSummary[];
  selected: string | null;
  onSelect: (topicId: string) => void;
  /** When given, a click on a bar segment opens that topic's posts of that class instead of selecting it. */
  onDrill?: (topicId: string, sentiment: SentimentClass) => void;
  height?: number;
};

const tick = { fill: CHART_TEXT, fontSize: 12 };

/**
 * Topics by post count, one horizontal bar each, split by sentiment with the negative share written
 * at the end. Clicking a bar selects that topic; the selected one stays solid and the rest fade.
 */
export function TopicBarChart({ topics, selected, onSelect, onDrill, height = 300 }: Props) {
  const data = useMemo(
    () =>
      [...topics]
        .sort((a, b) => countOrZero(b.total) - countOrZero(a.total) || a.name.localeCompare(b.name))
        .map((t) => ({
          ...t,
          // The API does not count unscored posts per topic: they are whatever the three labels leave.
          unscored:
            t.total === null || t.positive === null || t.neutral === null || t.negative === null
              ? null
              : Math.max(0, t.total - t.positive - t.neutral - t.negative),
          negativeShare: `${formatShare(t.negative, t.total)} negative`,
        })),
    [topics],
  );

  const shape = (props: BarShapeProps) => {
    const id = (props.payload as { id?: string } | undefined)?.id;
    return <Rectangle {...props} fillOpacity={selected && id !== selected ? 0.3 : 1} />;
  };

  return (
    <div className="chart-box chart-clickable" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 96, bottom: 4, left: 0 }}
          barCategoryGap="20%"
          // The SVG's accessible name and description (recharts makes it a keyboard "application").
          title="Posts per topic by sentiment"
          desc="Arrow keys step through the topics; the Table view lists the same numbers and filters by topic."
        >
          <CartesianGrid stroke={CHART_GRID} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={tick} tickLine={false} axisLine={{ stroke: CHART_GRID }} />
          <YAxis
            type="category"
            dataKey="name"
            tick={tick}
            tickLine={false}
            axisLine={false}
            width={132}
            interval={0}
          />
          <Tooltip
            itemStyle={{ color: CHART_TEXT }}
            formatter={(value) => formatCount(Number(value))}
            cursor={{ fill: '#005eb8', fillOpacity: 0.08 }}
          />
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={legendText} />
          {SENTIMENT_ORDER.map((cls, index) => (
            <Bar
              key={cls}
              dataKey={cls}
              name={SENTIMENT_LABELS[cls]}
              stackId="topic"
              fill={SENTIMENT_COLORS[cls]}
              shape={shape}
              onClick={(item) => {
                const id = (item.payload as { id?: string } | undefined)?.id;
                if (id && onDrill) onDrill(id, cls);
                else if (id) onSelect(id);
              }}
              isAnimationActive={false}
            >
              {index === SENTIMENT_ORDER.length - 1 ? <LabelList dataKey="negativeShare" content={ShareLabel} /> : null}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The "NN% negative" note after each bar, on one line (recharts' own labels wrap to the bar's width). */
function ShareLabel(props: LabelProps) {
  const x = Number(props.x ?? 0) + Number(props.width ?? 0);
  const y = Number(props.y ?? 0) + Number(props.height ?? 0) / 2;
  return (
    <text x={x + 6} y={y} dy="0.35em" fill={CHART_TEXT} fontSize={12}>
      {props.value}
    </text>
  );
}
