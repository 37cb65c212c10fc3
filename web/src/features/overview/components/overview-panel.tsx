import { Panel } from '../../../components/ui/panel';
import { WithheldNote } from '../../../components/ui/withheld-note';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { formatRange } from '../../../lib/dates';
import { useSharedFilters } from '../../../lib/shared-filters';
import { useOverview } from '../api/get-overview';
import { CoverageNote } from './coverage-note';
import { MoversList } from './movers-list';
import { PerTopicBlocks } from './per-topic-blocks';
import { OverviewFigures } from './overview-figures';
import { SourceBreakdownTable } from './source-breakdown-table';
import { TopicChangesTable } from './topic-changes-table';
import { VoiceComparison } from './voice-comparison';
import './overview.css';

type Props = {
  from: string;
  to: string;
  /** The chosen topics, comma-separated: one filters every figure; several get a block each. */
  topic: string | null;
  topicName?: string;
  topicNames: ReadonlyMap<string, string>;
  onTopicSelect: (id: string) => void;
};

const WHAT = 'the overview';

/** The top of the dashboard: how much was said, how it felt, and what changed since the period before. */
export function OverviewPanel({ from, to, topic, topicName, topicNames, onTopicSelect }: Props) {
  const overview = useOverview({ from, to, topic });
  const voice = useSharedFilters().voice ?? null;
  const data = overview.data;
  const several = topic?.includes(',') ?? false;
  const single = several ? null : topic;
  // While a new topic loads, the old figures stay on screen: name the topic only once they are its own.
  const about =
    single && !overview.isPlaceholderData
      ? `Posts about ${topicName ?? single}, compared`
      : several
        ? 'All posts (each chosen topic has its block below), compared'
        : 'Compared';

  return (
    <Panel
      title="Overview"
      testId="overview-panel"
      className="overview"
      description={
        data ? `${about} with ${formatRange(data.previous)}, the period of the same length just before.` : undefined
      }
      busy={overview.isPlaceholderData}
      actions={<UpdatedAt at={overview.dataUpdatedAt} />}
    >
      {overview.isPending ? (
        <LoadingState label="Loading overview…" />
      ) : !data ? (
        <ErrorState
          what={WHAT}
          error={overview.error}
          onRetry={() => void overview.refetch()}
          retrying={overview.isFetching}
        />
      ) : (
        <>
          {overview.isError ? (
            <RefreshError
              what={WHAT}
              error={overview.error}
              onRetry={() => void overview.refetch()}
              retrying={overview.isFetching}
            />
          ) : null}
          {data.current.total === 0 ? (
            <EmptyState message="No posts in this range yet" detail="Try a longer date range or another topic." />
          ) : (
            <div className="overview-body">
              {several ? <PerTopicBlocks overview={data} voice={voice} /> : null}
              <CoverageNote overview={data} />
              <OverviewFigures overview={data} voice={voice} />
              <VoiceComparison voices={data.voices} comparison={data.comparison} previous={data.previous} />
              <div className="overview-tables">
                <TopicChangesTable topics={data.topics} range={{ from, to }} comparison={data.comparison} />
                <SourceBreakdownTable sources={data.sources} range={{ from, to }} topic={single} />
              </div>
              <MoversList
                from={from}
                to={to}
                topic={single}
                voice={voice ?? 'staff'}
                topicNames={topicNames}
                onTopicSelect={onTopicSelect}
              />
            </div>
          )}
        </>
      )}
      <WithheldNote data={overview.data} />
    </Panel>
  );
}
