import type { SourceView } from '@lp/contracts/api';
import { Panel } from '../../../components/ui/panel';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { formatPostTime } from '../../../lib/dates';
import { useSources } from '../api/get-sources';

/** Where the posts come from and whether each feed is healthy, so a quiet dashboard can be told from a broken one. */
export function SourceStatus() {
  const sources = useSources();

  return (
    <Panel title="Data sources" className="panel-wide" actions={<UpdatedAt at={sources.dataUpdatedAt} />}>
      {sources.isPending ? (
        <LoadingState label="Loading sources…" />
      ) : !sources.data ? (
        <ErrorState
          what="data sources"
          error={sources.error}
          onRetry={() => void sources.refetch()}
          retrying={sources.isFetching}
        />
      ) : sources.data.sources.length === 0 ? (
        <p className="muted">No sources are configured.</p>
      ) : (
        <ul className="source-list">
          {sources.data.sources.map((source) => (
            <SourceRow key={source.id} source={source} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

// The ingest worker's states (packages/db sources.state); anything newer shows as written.
const STATE_LABELS: Record<string, string> = {
  new: 'waiting for first poll',
  ok: 'OK',
  rate_limited: 'rate limited',
  backoff: 'backing off after errors',
  error: 'error',
  paused: 'paused',
};
const STATE_TONES: Record<string, 'good' | 'warn' | 'bad' | 'idle'> = {
  ok: 'good',
  new: 'idle',
  paused: 'idle',
  rate_limited: 'warn',
  backoff: 'warn',
  error: 'bad',
};

function SourceRow({ source }: { source: SourceView }) {
  const state = source.enabled ? source.state : 'paused';
  return (
    <li className="source">
      <span className="source-name">{source.id}</span>
      <span className="muted">{source.type}</span>
      {source.synthetic ? <span className="badge badge-synthetic">Synthetic</span> : null}
      <span className={`status status-${STATE_TONES[state] ?? 'idle'}`}>{STATE_LABELS[state] ?? state}</span>
      <span className="muted">
        {source.lastSuccessAt ? `last success ${formatPostTime(source.lastSuccessAt)}` : 'no successful poll yet'}
      </span>
      {source.lastError ? <span className="source-error">Last error: {source.lastError}</span> : null}
    </li>
  );
}
