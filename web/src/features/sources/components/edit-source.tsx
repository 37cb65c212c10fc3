import { Panel } from '../../../components/ui/panel';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { useSource } from '../api/get-source';
import { DeleteSource } from './delete-source';
import { SourceForm } from './source-form';

/** Loads a dashboard source and edits it; file-managed ones are read-only and say where to change them. */
export function EditSource({
  id,
  onDone,
  onSaved,
}: {
  id: string;
  onDone: () => void;
  /** After a save (the view then checks the source by fetching one page). */
  onSaved: (id: string) => void;
}) {
  const source = useSource(id);
  return (
    <Panel title={`Edit ${id}`} className="panel-wide">
      {source.isPending ? (
        <LoadingState label="Loading the source…" />
      ) : !source.data ? (
        <ErrorState
          what="the source"
          error={source.error}
          onRetry={() => void source.refetch()}
          retrying={source.isFetching}
        />
      ) : source.data.managedBy === 'file' ? (
        <p>This source is managed by the sources file (SOURCES_FILE): edit the file and restart ingest.</p>
      ) : (
        <>
          <SourceForm key={source.data.id} editing={source.data} onDone={onSaved} onCancel={onDone} />
          <DeleteSource id={source.data.id} onDeleted={onDone} />
        </>
      )}
    </Panel>
  );
}
