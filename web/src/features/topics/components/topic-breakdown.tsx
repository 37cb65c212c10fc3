import { useState } from 'react';
import { WithheldNote } from '../../../components/ui/withheld-note';
import { TopicBarChart } from '../../../components/charts/topic-bar-chart';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { ViewToggle, type ChartView } from '../../../components/ui/view-toggle';
import { openDrill } from '../../../lib/drill-state';
import { useTopics } from '../api/get-topics';
import { TopicTable } from './topic-table';

type Props = {
  from: string;
  to: string;
  selected: string | null;
  /** Called with a topic id, or null when the selected topic is chosen again (toggling the filter off). */
  onSelect: (topicId: string | null) => void;
};

const WHAT = 'the topic breakdown';
// Each topic needs a readable bar; beyond about nine the fixed 300px gets cramped, so the box grows.
const ROW_HEIGHT = 34;
const MIN_HEIGHT = 300;

/** Which topics people are talking about and how negative each is; choosing one filters the dashboard. */
export function TopicBreakdown({ from, to, selected, onSelect }: Props) {
  const [view, setView] = useState<ChartView>('chart');
  const topics = useTopics({ from, to });
  const rows = (topics.data?.topics ?? []).filter((t) => t.total !== 0);
  const toggle = (id: string) => onSelect(id === selected ? null : id);

  return (
    <Panel
      title="Topics"
      testId="topic-chart"
      description="Posts per topic, with the share that is negative. Click a bar to see its posts; in the table, choose a topic to filter the dashboard."
      busy={topics.isPlaceholderData}
      actions={
        <>
          <UpdatedAt at={topics.dataUpdatedAt} />
          {rows.length > 0 ? <ViewToggle view={view} onChange={setView} label="Topic breakdown" /> : null}
        </>
      }
    >
      {topics.isPending ? (
        <LoadingState label="Loading topics…" />
      ) : !topics.data ? (
        <ErrorState
          what={WHAT}
          error={topics.error}
          onRetry={() => void topics.refetch()}
          retrying={topics.isFetching}
        />
      ) : (
        <>
          {topics.isError ? (
            <RefreshError
              what={WHAT}
              error={topics.error}
              onRetry={() => void topics.refetch()}
              retrying={topics.isFetching}
            />
          ) : null}
          {rows.length === 0 ? (
            <EmptyState message="No posts in this range yet" detail="Topics appear here once posts are tagged." />
          ) : view === 'chart' ? (
            <TopicBarChart
              topics={rows}
              selected={selected}
              onSelect={toggle}
              onDrill={(id, sentiment) => openDrill({ from, to, topic: id, sentiment, source: null })}
              height={Math.max(MIN_HEIGHT, rows.length * ROW_HEIGHT + 60)}
            />
          ) : (
            <TopicTable topics={rows} selected={selected} onSelect={toggle} range={{ from, to }} />
          )}
        </>
      )}
      <WithheldNote data={topics.data} />
    </Panel>
  );
}
