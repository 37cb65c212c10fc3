import type { HeldOutFiguresView, TrainedVersion } from '@lp/contracts/model';
import { formatPostTime } from '../../../lib/dates';
import { SENTIMENT_LABELS } from '../../../lib/format';
import { useCan } from '../../../lib/session';
import { useRefetchAllWhenDone } from '../../../lib/use-refetch-when-done';
import { useActivateVersion, useRetrain, useStartRetrain } from '../api/model';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');
const STAGES: Record<string, string> = {
  scoring: 'reading your labelled posts',
  fitting: 'fitting the correction',
  evaluating: 'testing it on your newest labels',
};
const STATE_NAMES: Record<TrainedVersion['state'], string> = {
  queued: 'Waiting for an NLP worker',
  training: 'Training',
  promoted: 'Promoted',
  refused: 'Refused',
  failed: 'Failed',
};

/**
 * Teaching the model from the team's labels: a retraining in the background with its progress,
 * every version with the figures it was judged on, and a one-click switch back (or forward).
 */
export function RetrainPanel({
  versions,
  activeId,
  shipped,
}: {
  versions: TrainedVersion[];
  activeId: number | null;
  shipped: string;
}) {
  const canTrain = useCan('analyst');
  const latest = useRetrain();
  const start = useStartRetrain();
  const activate = useActivateVersion();
  const v = latest.data?.version ?? null;
  const busy = v !== null && (v.state === 'queued' || v.state === 'training');
  // When a retraining ends, the model in use (and soon every figure) may have changed.
  useRefetchAllWhenDone(busy);

  return (
    <section className="panel" aria-labelledby="retrain-title" data-testid="retrain-panel">
      <h2 id="retrain-title">Teach the model from your labels</h2>
      <p>
        Retraining learns a correction on top of the shipped model from the oldest 70% of your labelled posts (by post
        time) and tests it, beside the model in use, on the newest 30%, so the test says how it will do on posts still
        to come. It is put in use only if it is at least as good on both sentiment and topics; history is then re-tagged
        with it. It re-weighs what the model already reads: it cannot learn a word the model never saw, and topic rules
        stay as they are.
      </p>
      {v ? (
        <p role="status" data-testid="retrain-status">
          {busy
            ? `${STATE_NAMES[v.state]}${v.stage ? `: ${STAGES[v.stage] ?? v.stage}` : ''} (${Math.floor(v.progress * 100)}%).`
            : v.state === 'failed'
              ? `The last retraining failed: ${v.error ?? 'no reason given'}.`
              : (v.decision ?? '')}
        </p>
      ) : null}
      {busy ? <progress max={1} value={v!.progress} aria-label="Retraining progress" /> : null}
      {canTrain && !busy ? (
        <button
          type="button"
          className="button"
          onClick={() => start.mutate()}
          disabled={start.isPending}
          data-testid="retrain-start"
        >
          Retrain from your labels
        </button>
      ) : null}
      {start.isError ? (
        <p className="field-error" role="alert">
          {start.error.message}
        </p>
      ) : null}
      {activate.isError ? (
        <p className="field-error" role="alert">
          Could not switch: {activate.error.message}
        </p>
      ) : null}

      <div className="table-scroll retrain-versions">
        <table className="nhsuk-table" data-testid="model-versions">
          <caption>Model versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Learned from</th>
              <th scope="col">Tested on (newest labels)</th>
              <th scope="col">Sentiment macro-F1 (then in use)</th>
              <th scope="col">Topic F1 (then in use)</th>
              {canTrain ? <th scope="col">Use</th> : null}
            </tr>
          </thead>
          <tbody>
            {versions.map((t) => (
              <tr key={t.id} data-testid="model-version-row" className={t.active ? 'row-current' : undefined}>
                <th scope="row">
                  {t.version ? t.version.replace(/\+rules-.*$/, '') : `Retraining ${t.id}`}
                  <div className="muted">{formatPostTime(t.createdAt)}</div>
                </th>
                <td>
                  {t.active ? <strong>In use</strong> : STATE_NAMES[t.state]}
                  {t.activatedAt && t.active ? (
                    <div className="muted">since {formatPostTime(t.activatedAt)}</div>
                  ) : null}
                </td>
                <td>
                  {t.trainedOn
                    ? `${t.trainedOn.labels} labels, ${day(t.trainedOn.from)} to ${day(t.trainedOn.to)}`
                    : '—'}
                </td>
                <td>
                  {t.heldOut ? `${t.heldOut.labels} labels, ${day(t.heldOut.from)} to ${day(t.heldOut.to)}` : '—'}
                </td>
                <td>{t.figures ? `${pct(t.figures.candidate.macroF1)} (${pct(t.figures.current.macroF1)})` : '—'}</td>
                <td>{t.figures ? `${pct(t.figures.candidate.topicF1)} (${pct(t.figures.current.topicF1)})` : '—'}</td>
                {canTrain ? (
                  <td>
                    {t.state === 'promoted' && !t.active ? (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={activate.isPending}
                        onClick={() => activate.mutate(t.id)}
                        data-testid="model-version-use"
                      >
                        Use this version
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
            <tr data-testid="model-version-row" className={activeId === null ? 'row-current' : undefined}>
              <th scope="row">{shipped.replace(/\+rules-.*$/, '')} (as shipped)</th>
              <td>{activeId === null ? <strong>In use</strong> : 'Available'}</td>
              <td colSpan={4}>The model as it comes, with no correction from your labels.</td>
              {canTrain ? (
                <td>
                  {activeId !== null ? (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={activate.isPending}
                      onClick={() => activate.mutate(null)}
                      data-testid="model-rollback-shipped"
                    >
                      Roll back to this
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          </tbody>
        </table>
      </div>
      {versions
        .filter((t) => t.figures)
        .map((t) => (
          <details key={t.id} className="version-details" data-testid="model-version-details">
            <summary>How {t.version?.replace(/\+rules-.*$/, '') ?? `retraining ${t.id}`} was judged</summary>
            <p>{t.decision}</p>
            <HeldOutTable candidate={t.figures!.candidate} current={t.figures!.current} />
          </details>
        ))}
    </section>
  );
}

function HeldOutTable({ candidate, current }: { candidate: HeldOutFiguresView; current: HeldOutFiguresView }) {
  const rate = (r: { value: number; n: number } | null) => (r ? `${Math.round(r.value * 100)}% of ${r.n}` : '—');
  return (
    <div
      className="table-scroll"
      tabIndex={0}
      role="region"
      aria-label="Held-out figures of this version and the model in use"
    >
      <table className="nhsuk-table">
        <caption>On the {candidate.labels} newest labelled posts: this version, and the model in use then</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">This version</th>
            <th scope="col">Then in use</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Sentiment agrees</th>
            <td>{rate(candidate.accuracy)}</td>
            <td>{rate(current.accuracy)}</td>
          </tr>
          {candidate.perClass.map((c, i) => (
            <tr key={c.class}>
              <th scope="row">
                {SENTIMENT_LABELS[c.class as keyof typeof SENTIMENT_LABELS] ?? c.class}: precision / recall
              </th>
              <td>
                {rate(c.precision)} / {rate(c.recall)}
              </td>
              <td>
                {rate(current.perClass[i]?.precision ?? null)} / {rate(current.perClass[i]?.recall ?? null)}
              </td>
            </tr>
          ))}
          {candidate.topics.map((t, i) => (
            <tr key={t.id}>
              <th scope="row">{t.name}: precision / recall</th>
              <td>
                {rate(t.precision)} / {rate(t.recall)}
              </td>
              <td>
                {rate(current.topics[i]?.precision ?? null)} / {rate(current.topics[i]?.recall ?? null)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
