import { useState, type ReactNode } from 'react';
import { WithheldNote } from '../../../components/ui/withheld-note';
import type { Bucket, SentimentClass } from '@lp/contracts/api';
import type { Event } from '@lp/contracts/events';
import { SentimentTrendChart } from '../../../components/charts/sentiment-trend-chart';
import { TopicSeriesChart } from '../../../components/charts/topic-series-chart';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { ViewToggle, type ChartView } from '../../../components/ui/view-toggle';
import { bucketRange, openDrill } from '../../../lib/drill-state';
import { useTrends } from '../api/get-trends';
import { TopicSeriesTable } from './topic-series-table';
import { TrendTable } from './trend-table';

type Props = {
  from: string;
  to: string;
  bucket: Bucket;
  topic: string | null;
  topicName?: string;
  /** Annotations drawn on the chart and listed in the table. */
  events?: readonly Event[];
  /** Shown under the chart whatever its state (e.g. the annotation controls). */
  children?: ReactNode;
};

const WHAT = 'the sentiment trend';

/** Sentiment over time: fetches the trend and shows it as a chart (or table), or says why it cannot. */
export function SentimentTrend({ from, to, bucket, topic, topicName, events, children }: Props) {
  const [view, setView] = useState<ChartView>('chart');
  const trends = useTrends({ from, to, bucket, topic });
  const buckets = trends.data?.buckets ?? [];
  const hasPosts = buckets.some((b) => b.total !== 0);
  // A range with no posts can still hold annotations (e.g. a report from years ago): show them on empty axes.
  const hasEvents = (events?.length ?? 0) > 0;
  const drill = (start: string, sentiment: SentimentClass) =>
    openDrill({ ...bucketRange(start, bucket, { from, to }), sentiment, topic, source: null });
  // Several topics: one line each (a post with two of them is on both), drilling into that topic's posts.
  const series = trends.data?.series ?? [];
  const drillTopic = (start: string, topicId: string) =>
    openDrill({ ...bucketRange(start, bucket, { from, to }), sentiment: null, topic: topicId, source: null });

  return (
    <Panel
      title="Sentiment over time"
      testId="trend-chart"
      className="panel-wide"
      description={
        <>
          {topic?.includes(',') ? (
            <>
              Posts per {bucket} about each of {topicName ?? topic}, one line per topic (a post about two of them is on
              both lines). Click a point to see the posts behind it.
            </>
          ) : (
            <>
              Posts per {bucket} by sentiment{topic ? ` about ${topicName ?? topic}` : ''}; the line is the mean score
              from −1 (negative) to +1 (positive). Click a bar, or a count in the table, to see the posts behind it.
            </>
          )}
        </>
      }
      busy={trends.isPlaceholderData}
      actions={
        <>
          <UpdatedAt at={trends.dataUpdatedAt} />
          {hasPosts || hasEvents ? <ViewToggle view={view} onChange={setView} label="Sentiment trend" /> : null}
        </>
      }
    >
      {trends.isPending ? (
        <LoadingState label="Loading sentiment trend…" />
      ) : !trends.data ? (
        <ErrorState
          what={WHAT}
          error={trends.error}
          onRetry={() => void trends.refetch()}
          retrying={trends.isFetching}
        />
      ) : (
        <>
          {trends.isError ? (
            <RefreshError
              what={WHAT}
              error={trends.error}
              onRetry={() => void trends.refetch()}
              retrying={trends.isFetching}
            />
          ) : null}
          {!hasPosts ? (
            <EmptyState message="No posts in this range yet" detail="Try a longer date range or another topic." />
          ) : null}
          {series.length > 1 && hasPosts ? (
            view === 'chart' ? (
              <TopicSeriesChart series={series} bucket={bucket} events={events} onSelect={drillTopic} />
            ) : (
              <TopicSeriesTable series={series} bucket={bucket} />
            )
          ) : !hasPosts && !hasEvents ? null : view === 'chart' ? (
            <SentimentTrendChart
              buckets={buckets}
              bucket={bucket}
              events={events}
              range={{ from, to }}
              onSelect={drill}
            />
          ) : (
            <TrendTable buckets={buckets} bucket={bucket} events={events} range={{ from, to }} topic={topic} />
          )}
        </>
      )}
      <WithheldNote data={trends.data} />
      {children}
    </Panel>
  );
}
