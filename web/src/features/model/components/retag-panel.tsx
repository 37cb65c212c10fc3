import { formatPostTime } from '../../../lib/dates';
import { useCan } from '../../../lib/session';
import { useRefetchAllWhenDone } from '../../../lib/use-refetch-when-done';
import { useRetagRun, useStartRetag } from '../api/model';

/**
 * Re-tagging history: after a model change, older posts keep the tags of the model that read them
 * until they are re-tagged. Admins start it; everyone sees its progress.
 */
export function RetagPanel({ currentVersion, olderPosts }: { currentVersion: string; olderPosts: number }) {
  const isAdmin = useCan('admin');
  const run = useRetagRun();
  const start = useStartRetag();
  const r = run.data?.run ?? null;
  const active = r !== null && (r.state === 'queued' || r.state === 'running');
  useRefetchAllWhenDone(active);

  return (
    <section className="panel" aria-labelledby="retag-title" data-testid="retag-panel">
      <h2 id="retag-title">Re-tagging history</h2>
      <p>
        {olderPosts > 0
          ? `${olderPosts.toLocaleString('en-GB')} posts still carry tags from an older model.`
          : 'Every post carries the current model’s tags (or your team’s labels).'}{' '}
        Re-tagging reads each stored post again with the current model; labels stay as they are, and the figures stay
        exact while it runs.
      </p>
      {r ? (
        <p role="status" data-testid="retag-status">
          {active
            ? `Re-tagging with ${r.modelVersion}: ${r.done.toLocaleString('en-GB')} of ${r.total.toLocaleString('en-GB')} posts (${r.total ? Math.floor((r.done / r.total) * 100) : 100}%), ${r.changed.toLocaleString('en-GB')} changed so far.`
            : r.state === 'done'
              ? `Last re-tagging finished ${r.finishedAt ? formatPostTime(r.finishedAt) : ''}: ${r.done.toLocaleString('en-GB')} posts read, ${r.changed.toLocaleString('en-GB')} changed.`
              : `Last re-tagging failed: ${r.error ?? 'no reason given'}.`}
        </p>
      ) : null}
      {active ? (
        <progress max={r!.total || 1} value={r!.done} aria-label="Re-tagging progress" />
      ) : isAdmin ? (
        <button
          type="button"
          className="button"
          onClick={() => start.mutate()}
          disabled={start.isPending}
          data-testid="retag-start"
        >
          Re-tag history with {currentVersion.replace(/\+rules-.*$/, '')}
        </button>
      ) : null}
      {start.isError ? (
        <p className="field-error" role="alert">
          Could not start: {start.error.message}
        </p>
      ) : null}
    </section>
  );
}
