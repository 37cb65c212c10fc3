import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Watchlist } from '@lp/contracts/watchlist';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useRefetchAllWhenDone } from '../../../lib/use-refetch-when-done';
import { usePreviewWatchlist, useSaveWatchlist, useWatchlist } from '../api/watchlist';

const FIELDS: Array<{ key: keyof Watchlist; label: string; hint: string }> = [
  { key: 'names', label: 'Organisation names', hint: 'e.g. Royal Free, Royal Free London NHS Foundation Trust' },
  { key: 'sites', label: 'Sites', hint: 'hospitals and buildings, e.g. Barnet Hospital' },
  { key: 'wards', label: 'Wards', hint: 'e.g. Ward 7, Dolphin Ward' },
  { key: 'services', label: 'Services', hint: 'e.g. Royal Free maternity' },
  { key: 'hashtags', label: 'Hashtags', hint: 'with or without #, e.g. RoyalFreeNHS' },
  { key: 'accounts', label: 'Accounts', hint: 'the organisation’s own handles, e.g. @RoyalFreeNHS' },
];

type Draft = Record<keyof Watchlist, string>;
const toDraft = (w: Watchlist): Draft => Object.fromEntries(FIELDS.map((f) => [f.key, w[f.key].join('\n')])) as Draft;
const fromDraft = (d: Draft): Watchlist =>
  Object.fromEntries(FIELDS.map((f) => [f.key, d[f.key].split('\n')])) as Watchlist;

/**
 * What "about us" means, kept by admins: one term per line. Preview shows which recent posts a
 * list would catch; saving applies it to new posts within a minute and recomputes history.
 */
export function WatchlistView() {
  const uid = useId();
  const current = useWatchlist();
  const save = useSaveWatchlist();
  const preview = usePreviewWatchlist();
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (current.data && draft === null) setDraft(toDraft(current.data));
  }, [current.data, draft]);
  const run = current.data?.recompute ?? null;
  const running = run !== null && (run.state === 'queued' || run.state === 'running');
  useRefetchAllWhenDone(running);

  if (current.isPending || draft === null) return <LoadingState label="Loading the watch list" />;
  if (current.isError)
    return <ErrorState what="the watch list" error={current.error} onRetry={() => void current.refetch()} />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(fromDraft(draft), { onSuccess: (saved) => setDraft(toDraft(saved)) });
  };
  return (
    <div className="watchlist-view" data-testid="watchlist-view">
      <h1>Watch list: what “about us” means</h1>
      <p>
        A post is “about us” when it names one of these, as a whole word (any case), a hashtag or an account. Keyword
        sources (X, Bluesky, Reddit) also search for them when they have no query of their own. Saving applies the list
        to new posts within a minute and recomputes “about us” for every stored post in the background. This list is the
        one in use: the sources file’s <code>watchlist:</code> only fills it on a new installation.
      </p>
      <form onSubmit={onSubmit} noValidate data-testid="watchlist-form">
        <div className="watchlist-fields">
          {FIELDS.map((f) => (
            <div className="field" key={f.key}>
              <label htmlFor={`${uid}-${f.key}`}>
                {f.label} <span className="label-hint">(one per line; {f.hint})</span>
              </label>
              <textarea
                id={`${uid}-${f.key}`}
                name={f.key}
                rows={4}
                value={draft[f.key]}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                spellCheck={false}
              />
            </div>
          ))}
        </div>
        {save.isError ? (
          <p className="field-error" role="alert">
            Not saved: {errorMessage(save.error)}
          </p>
        ) : null}
        <div className="form-actions">
          <button
            type="button"
            className="button"
            onClick={() => preview.mutate(fromDraft(draft))}
            disabled={preview.isPending}
            data-testid="watchlist-preview"
          >
            Preview matching posts
          </button>
          <button type="submit" className="button" disabled={save.isPending} data-testid="watchlist-save">
            {save.isPending ? 'Saving…' : 'Save watch list'}
          </button>
        </div>
      </form>
      {run ? (
        <p role="status" data-testid="watchlist-recompute">
          {running
            ? `Recomputing “about us” for history: ${run.done.toLocaleString('en-GB')} of ${run.total.toLocaleString('en-GB')} posts, ${run.changed.toLocaleString('en-GB')} changed so far.`
            : run.state === 'done'
              ? `History recomputed ${run.finishedAt ? formatPostTime(run.finishedAt) : ''}: ${run.done.toLocaleString('en-GB')} posts read, ${run.changed.toLocaleString('en-GB')} changed.`
              : `The last recompute stopped: ${run.error ?? 'no reason given'}.`}
        </p>
      ) : null}
      {running ? <progress max={run!.total || 1} value={run!.done} aria-label="Recompute progress" /> : null}
      {preview.isError ? (
        <p className="field-error" role="alert">
          Preview failed: {errorMessage(preview.error)}
        </p>
      ) : null}
      {preview.data ? (
        <section className="panel" aria-labelledby={`${uid}-preview`} data-testid="watchlist-preview-result">
          <h2 id={`${uid}-preview`}>
            {preview.data.matched.toLocaleString('en-GB')} of the newest {preview.data.scanned.toLocaleString('en-GB')}{' '}
            posts would be about us
          </h2>
          {preview.data.posts.length > 0 ? (
            <ul className="watchlist-preview-posts">
              {preview.data.posts.map((p) => (
                <li key={p.id}>
                  <span className="muted">
                    {formatPostTime(p.publishedAt)} · matched <strong>{p.term}</strong>
                  </span>
                  <div>{p.text}</div>
                </li>
              ))}
            </ul>
          ) : (
            <p>No recent post names any of these terms.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
