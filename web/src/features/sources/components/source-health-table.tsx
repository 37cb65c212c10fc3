import type { SourceHealth } from '@lp/contracts/sources';
import { formatPostTime } from '../../../lib/dates';
import { SourceStateBadge } from './source-state-badge';

type Props = {
  sources: SourceHealth[];
  busyId: string | null;
  onPause: (id: string) => void;
  onResume: (id: string) => void;
  onTest: (id: string) => void;
  onEdit: (id: string) => void;
  onImport: (id: string) => void;
};

const count = (n: number) => n.toLocaleString('en-GB');

/** One row per source: is it collecting, and if not, why. Actions sit at the end of each row. */
export function SourceHealthTable({ sources, busyId, onPause, onResume, onTest, onEdit, onImport }: Props) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Source health">
      <table className="data-table" data-testid="source-health-table">
        <caption className="visually-hidden">Source health</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">State</th>
            <th scope="col">Last success</th>
            <th scope="col">What is happening</th>
            <th scope="col" className="num">
              Posts, last hour
            </th>
            <th scope="col" className="num">
              Posts, last day
            </th>
            <th scope="col" className="num">
              Waiting
            </th>
            <th scope="col" className="num">
              Budget left
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} data-testid="source-row" data-source-id={s.id}>
              <th scope="row">
                <span className="source-name">{s.id}</span>
                <br />
                <span className="muted">
                  {s.type} · {s.managedBy === 'file' ? 'managed by the sources file' : 'added in the dashboard'}
                </span>
              </th>
              <td>
                <SourceStateBadge state={s.state} />
              </td>
              <td>{s.lastSuccessAt ? formatPostTime(s.lastSuccessAt) : <span className="muted">never</span>}</td>
              <td className="source-error-cell" data-testid="source-health-words">
                <span className={`health-summary health-${s.tone}`}>{s.summary}</span>
                {s.nextAction ? (
                  <span className="health-next" data-testid="source-next-action">
                    <strong>Next:</strong> {s.nextAction}
                  </span>
                ) : null}
                {s.lastError ? <span className="muted health-reason">Reason: {s.lastError}</span> : null}
              </td>
              <td className="num">{count(s.postsLastHour)}</td>
              <td className="num">{count(s.postsLastDay)}</td>
              <td className="num">{count(s.itemsWaiting)}</td>
              <td className="num">
                {s.budgetLeft === null ? <span className="muted">n/a</span> : count(s.budgetLeft)}
              </td>
              <td>
                <div className="row-actions">
                  {s.enabled ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onPause(s.id)}
                      disabled={busyId === s.id}
                      aria-label={`Pause ${s.id}`}
                    >
                      Pause
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onResume(s.id)}
                      disabled={busyId === s.id}
                      aria-label={`Resume ${s.id}`}
                    >
                      Resume
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => onTest(s.id)}
                    aria-label={`Test ${s.id}: fetch one page now`}
                  >
                    Test
                  </button>
                  {s.type === 'file' ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onImport(s.id)}
                      aria-label={`Import file into ${s.id}`}
                      data-testid="import-file-action"
                    >
                      Import file
                    </button>
                  ) : null}
                  {s.managedBy === 'dashboard' ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onEdit(s.id)}
                      aria-label={`Edit ${s.id}`}
                    >
                      Edit
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
