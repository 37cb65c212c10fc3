import type { ModelVersionFigures, Rate } from '@lp/contracts/model';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/query-states';
import { SENTIMENT_LABELS } from '../../../lib/format';
import { useCan } from '../../../lib/session';
import { useModel } from '../api/model';
import { RetagPanel } from './retag-panel';
import { RetrainPanel } from './retrain-panel';

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** "72% (61–81%, 40 posts)", or a dash when there is nothing to divide by. */
function RateText({ rate, of }: { rate: Rate | null; of: string }) {
  if (!rate) return <span className="muted">no {of} yet</span>;
  return (
    <span>
      <strong>{pct(rate.value)}</strong>{' '}
      <span className="muted">
        ({pct(rate.low)}–{pct(rate.high)}, {rate.n.toLocaleString('en-GB')} {of})
      </span>
    </span>
  );
}

const versionName = (v: string) => (v === 'label' ? 'your team’s labels' : v === 'seed' ? 'seeded test tags' : v);

/**
 * The model page: which model made the tags on screen, what it learned from, and how often it
 * agrees with the team's own labels, with intervals that say how much those figures can be read into.
 */
export function ModelView() {
  const model = useModel();
  const canLabel = useCan('analyst');
  if (model.isPending) return <LoadingState label="Loading the model's figures" />;
  if (model.isError)
    return <ErrorState what="the model's figures" error={model.error} onRetry={() => void model.refetch()} />;
  const { current, tagged, versions, trained } = model.data;
  const total = tagged.reduce((s, t) => s + t.posts, 0);
  return (
    <div className="model-view" data-testid="model-view">
      <h1>The model, and how far to trust it</h1>
      <section className="panel" aria-labelledby="model-current">
        <h2 id="model-current">The model tagging new posts</h2>
        <dl className="model-facts">
          <dt>Version</dt>
          <dd data-testid="model-version">{current.version}</dd>
          <dt>{current.versionId === null ? 'Trained' : 'In use since'}</dt>
          <dd>{current.created}</dd>
          <dt>Learned from</dt>
          <dd>{current.trainedOn ?? 'not recorded'}</dd>
        </dl>
        <h3>Behind the figures on screen</h3>
        {total === 0 ? (
          <p>No posts yet.</p>
        ) : (
          <ul data-testid="model-tagged">
            {tagged.map((t) => (
              <li key={t.version}>
                {t.posts.toLocaleString('en-GB')} posts ({pct(t.posts / total)}) tagged by {versionName(t.version)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <RetrainPanel versions={trained} activeId={current.versionId} shipped={current.shipped} />
      <RetagPanel
        currentVersion={current.version}
        olderPosts={tagged
          .filter((t) => t.version !== 'label' && t.version !== current.version)
          .reduce((s, t) => s + t.posts, 0)}
      />
      {versions.length === 0 ? (
        <EmptyState
          message="No labels yet, so no figures on your own posts."
          detail={
            canLabel
              ? 'Label a sample (in the menu) to see how often the model agrees with your team.'
              : 'An analyst can label a sample of posts; the figures then appear here.'
          }
        />
      ) : (
        versions.map((v) => <VersionFigures key={v.version} v={v} />)
      )}
    </div>
  );
}

function VersionFigures({ v }: { v: ModelVersionFigures }) {
  const { sentiment } = v;
  return (
    <section className="panel" aria-labelledby={`model-${v.version}`} data-testid="model-version-figures">
      <h2 id={`model-${v.version}`}>
        {versionName(v.version)} on {v.labels.toLocaleString('en-GB')} labelled posts
      </h2>
      <p className="muted">
        Posts from {v.postsFrom ?? '?'} to {v.postsTo ?? '?'}. Intervals are 95%: with few labels they are wide, and the
        figure can be read only that far.
      </p>
      <p data-testid="model-accuracy">
        Sentiment agrees with your labels on <RateText rate={sentiment.accuracy} of="labelled posts" />.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Precision and recall by sentiment class">
        <table className="nhsuk-table" data-testid="model-classes">
          <caption>Per class</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Precision (when the model says it, it is right)</th>
              <th scope="col">Recall (of the posts that are, the model finds)</th>
            </tr>
          </thead>
          <tbody>
            {sentiment.perClass.map((c) => (
              <tr key={c.class}>
                <th scope="row">{SENTIMENT_LABELS[c.class as keyof typeof SENTIMENT_LABELS] ?? c.class}</th>
                <td>
                  <RateText rate={c.precision} of="said" />
                </td>
                <td>
                  <RateText rate={c.recall} of="labelled" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Confusion matrix">
        <table className="nhsuk-table" data-testid="model-confusion">
          <caption>Confusion matrix: rows are your labels, columns what the model said</caption>
          <thead>
            <tr>
              <th scope="col">Label \ model</th>
              {sentiment.confusion.predicted.map((p) => (
                <th scope="col" key={p}>
                  {SENTIMENT_LABELS[p as keyof typeof SENTIMENT_LABELS] ?? p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sentiment.confusion.truth.map((t, i) => (
              <tr key={t}>
                <th scope="row">{SENTIMENT_LABELS[t as keyof typeof SENTIMENT_LABELS] ?? t}</th>
                {sentiment.confusion.counts[i]!.map((n, j) => (
                  <td key={j} className={i === j ? 'cell-diagonal' : undefined}>
                    {n.toLocaleString('en-GB')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.topics.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Precision and recall by topic">
          <table className="nhsuk-table" data-testid="model-topics">
            <caption>Per topic</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
              </tr>
            </thead>
            <tbody>
              {v.topics.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>
                    <RateText rate={t.precision} of="tagged" />
                  </td>
                  <td>
                    <RateText rate={t.recall} of="labelled" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
