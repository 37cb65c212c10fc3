import type { SourceTestResult } from '@lp/contracts/sources';
import { errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';

type Props = {
  sourceId: string;
  pending: boolean;
  error: unknown;
  result: SourceTestResult | undefined;
  onClose: () => void;
};

/** What one page fetched now would store: the preview items, quarantined reasons, or why the fetch failed. */
export function SourceTestResultView({ sourceId, pending, error, result, onClose }: Props) {
  return (
    <section className="panel panel-wide source-test" data-testid="source-test-result" aria-live="polite">
      <header className="panel-header">
        <div>
          <h2>Test of {sourceId}</h2>
          <p className="panel-description">One page fetched now. Nothing is stored; text is redacted and shortened.</p>
        </div>
        <div className="panel-actions">
          <button type="button" className="button button-small" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      {pending ? (
        <div className="state state-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          Fetching one page… (up to 30 seconds)
        </div>
      ) : error ? (
        <div className="state state-error" role="alert">
          <p className="state-title">The test could not run</p>
          <p>{errorMessage(error)}</p>
        </div>
      ) : !result ? null : !result.ok ? (
        <div className="state state-error" role="alert">
          <p className="state-title">The fetch failed</p>
          <p>{result.error}</p>
        </div>
      ) : (
        <>
          <p>
            {result.items.length === 0
              ? 'Nothing new since the last poll.'
              : `${result.items.length} item${result.items.length === 1 ? '' : 's'} would be stored${result.items.length === 20 ? ' (first 20 shown)' : ''}.`}
            {result.deletions > 0 ? ` ${result.deletions} deletion(s) reported.` : ''}
          </p>
          {result.items.length > 0 ? (
            <ul className="post-list">
              {result.items.map((item) => (
                <li key={item.externalId} className="post" data-testid="source-test-item">
                  <p className="post-meta">
                    {formatPostTime(item.publishedAt)}
                    {item.url ? (
                      <>
                        {' · '}
                        <a href={item.url} target="_blank" rel="noreferrer noopener">
                          open
                        </a>
                      </>
                    ) : null}
                  </p>
                  <p className="post-text">{item.text}</p>
                </li>
              ))}
            </ul>
          ) : null}
          {result.quarantined.length > 0 ? (
            <>
              <h3>Would be quarantined</h3>
              <ul>
                {result.quarantined.map((q, i) => (
                  <li key={`${q.externalId ?? 'unknown'}-${i}`}>
                    {q.externalId ?? '(no id)'}: {q.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
