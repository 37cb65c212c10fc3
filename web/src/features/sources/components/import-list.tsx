import type { ImportView } from '@lp/contracts/imports';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { formatPostTime } from '../../../lib/dates';
import { formatCount, formatCounted } from '../../../lib/format';
import { useSourceImports } from '../api/get-source-imports';
import { IMPORT_STATUS } from '../utils/imports';

/** How many row errors to show per import; the API keeps up to 500, which belongs in a download, not a list. */
const SHOWN_ROW_ERRORS = 5;

/** A source's imports, newest first, refreshed every 2 seconds while one is still queued or running. */
export function ImportList({ sourceId, headingId }: { sourceId: string; headingId: string }) {
  const imports = useSourceImports(sourceId);
  if (imports.isPending) return <LoadingState label="Loading imports…" />;
  if (!imports.data)
    return (
      <ErrorState
        what="the imports"
        error={imports.error}
        onRetry={() => void imports.refetch()}
        retrying={imports.isFetching}
      />
    );
  return (
    <>
      {imports.isError ? (
        <RefreshError
          what="the imports"
          error={imports.error}
          onRetry={() => void imports.refetch()}
          retrying={imports.isFetching}
        />
      ) : null}
      {imports.data.imports.length === 0 ? (
        <EmptyState message="No imports yet." detail="Files you upload here are listed with their results." />
      ) : (
        <ol className="import-list" data-testid="import-list" aria-labelledby={headingId}>
          {imports.data.imports.map((i) => (
            <ImportItem key={i.id} item={i} />
          ))}
        </ol>
      )}
    </>
  );
}

function ImportStatusBadge({ status }: { status: ImportView['status'] }) {
  const { label, tone } = IMPORT_STATUS[status];
  return (
    <span className={`status status-${tone}`} data-testid="import-status" data-status={status}>
      {label}
    </span>
  );
}

function ImportItem({ item }: { item: ImportView }) {
  const shown = item.errors.slice(0, SHOWN_ROW_ERRORS);
  const unshown = Math.max(item.rowsFailed, item.errors.length) - shown.length;
  const finished = item.status === 'done' || item.status === 'failed';
  return (
    <li
      className="import-item"
      data-testid="import-row"
      data-import-id={item.id}
      data-status={item.status}
      data-rows-total={item.rowsTotal}
      data-rows-stored={item.rowsStored}
      data-rows-duplicate={item.rowsDuplicate}
      data-rows-failed={item.rowsFailed}
    >
      <div className="import-item-header">
        <span className="import-file-name">{item.fileName}</span>
        <span className="muted">
          {item.format.toUpperCase()} · import {item.id} · uploaded {formatPostTime(item.createdAt)}
        </span>
        <ImportStatusBadge status={item.status} />
      </div>
      {item.status === 'done' || item.rowsTotal > 0 ? (
        <dl className="import-counts">
          <div>
            <dt>Rows</dt>
            <dd>{formatCount(item.rowsTotal)}</dd>
          </div>
          <div>
            <dt>Stored</dt>
            <dd>{formatCount(item.rowsStored)}</dd>
          </div>
          <div>
            <dt>Duplicates</dt>
            <dd>{formatCount(item.rowsDuplicate)}</dd>
          </div>
          <div>
            <dt>Failed</dt>
            <dd>{formatCount(item.rowsFailed)}</dd>
          </div>
        </dl>
      ) : finished ? null : (
        <p className="muted">Waiting for the ingest worker to read the file…</p>
      )}
      {item.error ? (
        <p className="field-error" data-testid="import-error">
          {item.status === 'failed' ? 'The import failed: ' : ''}
          {item.error}
        </p>
      ) : null}
      {shown.length > 0 ? (
        <div className="import-row-errors">
          <p>Rows not imported{item.format === 'jsonl' ? ' (line numbers)' : ' (row 1 is the header)'}:</p>
          <ul>
            {shown.map((e, index) => (
              <li key={`${e.row}-${index}`} data-testid="import-row-error">
                <strong>Row {e.row}</strong>: {e.error}
              </li>
            ))}
          </ul>
          {unshown > 0 ? <p className="muted">…and {formatCounted(unshown, 'more row')}.</p> : null}
        </div>
      ) : null}
    </li>
  );
}
