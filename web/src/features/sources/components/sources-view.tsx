import { useState } from 'react';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { UpdatedAt } from '../../../components/ui/updated-at';
import { errorMessage } from '../../../lib/api-client';
import { useSourceHealth } from '../api/get-source-health';
import { usePauseSource } from '../api/pause-source';
import { useResumeSource } from '../api/resume-source';
import { useTestSource } from '../api/test-source';
import { EditSource } from './edit-source';
import { ImportPanel } from './import-panel';
import { SourceForm } from './source-form';
import { SourceHealthTable } from './source-health-table';
import { SourceTestResultView } from './source-test-result';

/** The admin view: every source's health, its actions, and the form to add a dashboard source. */
export function SourcesView() {
  const health = useSourceHealth();
  const pause = usePauseSource();
  const resume = useResumeSource();
  const test = useTestSource();
  const [testedId, setTestedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [importingId, setImportingId] = useState<string | null>(null);
  const busyId = pause.isPending ? (pause.variables ?? null) : resume.isPending ? (resume.variables ?? null) : null;
  const actionError = pause.error ?? resume.error;

  const runTest = (id: string, fromStart = false) => {
    setTestedId(id);
    test.mutate({ id, fromStart });
  };
  // After a save: what the address gives now, whatever a poll may have stored meanwhile.
  const checkSaved = (id: string) => runTest(id, true);

  return (
    <div className="sources-view" data-testid="sources-view">
      <h1>Sources</h1>
      <p className="view-summary">
        Sources from the sources file (<code>SOURCES_FILE</code>) are managed by the file: they can be paused, resumed
        and tested here, but edited only in the file. Pausing a file source lasts until ingest restarts, when the
        file&apos;s <code>enabled</code> applies again.
      </p>
      <div className="dashboard-grid">
        <Panel
          title="Source health"
          className="panel-wide"
          busy={health.isFetching}
          actions={<UpdatedAt at={health.dataUpdatedAt} />}
        >
          {health.isPending ? (
            <LoadingState label="Loading sources…" />
          ) : !health.data ? (
            <ErrorState
              what="sources"
              error={health.error}
              onRetry={() => void health.refetch()}
              retrying={health.isFetching}
            />
          ) : (
            <>
              {health.isError ? (
                <RefreshError
                  what="sources"
                  error={health.error}
                  onRetry={() => void health.refetch()}
                  retrying={health.isFetching}
                />
              ) : null}
              {health.data.sources.length === 0 ? (
                <EmptyState message="No sources yet." detail="Add one below, or list them in the sources file." />
              ) : (
                <SourceHealthTable
                  sources={health.data.sources}
                  busyId={busyId}
                  onPause={(id) => pause.mutate(id)}
                  onResume={(id) => resume.mutate(id)}
                  onTest={(id) => runTest(id)}
                  onEdit={setEditingId}
                  onImport={setImportingId}
                />
              )}
              {actionError ? (
                <p className="field-error" role="alert">
                  {errorMessage(actionError)}
                </p>
              ) : null}
              <p className="muted">
                Posts are counted by publication time in whole hours, so &ldquo;last hour&rdquo; can include up to an
                hour more.
              </p>
            </>
          )}
        </Panel>
        {importingId ? (
          <ImportPanel key={importingId} sourceId={importingId} onClose={() => setImportingId(null)} />
        ) : null}
        {testedId ? (
          <SourceTestResultView
            sourceId={testedId}
            pending={test.isPending}
            error={test.error}
            result={test.data}
            onClose={() => {
              setTestedId(null);
              test.reset();
            }}
          />
        ) : null}
        {editingId ? (
          <EditSource
            id={editingId}
            onDone={() => setEditingId(null)}
            onSaved={(id) => {
              setEditingId(null);
              checkSaved(id);
            }}
          />
        ) : (
          <Panel
            title="Add a source"
            className="panel-wide"
            description="Added here, kept in the database; credentials are encrypted. On saving, one page is fetched to show what would be stored, or the platform's answer."
          >
            <SourceForm onDone={checkSaved} />
          </Panel>
        )}
      </div>
    </div>
  );
}
