import { useMemo } from 'react';
import { ReferenceLine } from 'recharts';
import type { Bucket } from '@lp/contracts/api';
import type { Event } from '@lp/contracts/events';
import { eventsByBucket } from './event-buckets';
import { EVENT_LINE } from './sentiment-colors';

export type Marker = { key: number; label: string; text: string; title: string; stack: number };

/** The annotations falling in the chart's buckets, each placed at its bucket's axis label. */
export function useEventMarkers(
  data: ReadonlyArray<{ start: string; label: string }>,
  bucket: Bucket,
  events: readonly Event[],
): Marker[] {
  return useMemo(() => {
    const labelOf = new Map(data.map((d) => [d.start, d.label]));
    const out: Marker[] = [];
    for (const [start, list] of eventsByBucket(
      data.map((d) => d.start),
      bucket,
      events,
    )) {
      list.forEach((e, stack) =>
        out.push({
          key: e.id,
          label: labelOf.get(start) ?? start,
          text: `${e.title} (${e.kind}, ${e.day})`,
          title: e.title,
          stack,
        }),
      );
    }
    return out;
  }, [data, bucket, events]);
}

/**
 * The markers as reference lines. A function, not a component: recharts reads its chart's direct
 * children, so the lines must be placed there as elements.
 */
export function eventLines(markers: readonly Marker[], yAxisId?: string) {
  return markers.map((m) => (
    <ReferenceLine
      key={m.key}
      yAxisId={yAxisId}
      x={m.label}
      stroke={EVENT_LINE}
      strokeDasharray="3 3"
      shape={(p: { x1?: number; y1?: number; x2?: number; y2?: number }) => (
        <EventMarker {...p} stack={m.stack} text={m.text} title={m.title} />
      )}
    />
  ));
}

/** One annotation: a dashed line with a flag at the top; hovering either shows the title and kind. */
function EventMarker({
  x1,
  y1,
  x2,
  y2,
  stack,
  text,
  title,
}: {
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
  stack: number;
  text: string;
  title: string;
}) {
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return <g />;
  const top = Math.min(y1, y2);
  // Several events in one bucket share the line; their flags stack so each can be hovered.
  const flagY = top + 6 + stack * 12;
  return (
    <g data-testid="event-marker" className="event-marker">
      <title>{text}</title>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={EVENT_LINE} strokeWidth={1.5} strokeDasharray="3 3" />
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={8} />
      <path d={`M${x1},${flagY - 5} l8,5 l-8,5 z`} fill={EVENT_LINE} />
      {/* A visible label beside the flag (shortened); the whole title and kind are in the tooltip and the table. */}
      <text x={x1 + 11} y={flagY + 4} fontSize={11} fill={EVENT_LINE} className="event-marker-label" aria-hidden="true">
        {title.length > 22 ? `${title.slice(0, 21)}…` : title}
      </text>
    </g>
  );
}
