import { errorMessage } from '../../lib/api-client';

export function LoadingState({ label }: { label: string }) {
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ message, detail }: { message: string; detail?: string }) {
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{message}</p>
      {detail ? <p>{detail}</p> : null}
    </div>
  );
}

type ErrorStateProps = { what: string; error: unknown; onRetry: () => void; retrying?: boolean };

/** Nothing to show because the request failed: says what, quotes the API's message, offers a retry. */
export function ErrorState({ what, error, onRetry, retrying = false }: ErrorStateProps) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">Could not load {what}</p>
      <p>{errorMessage(error)}</p>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}

/** Older data is still on screen but the latest refresh failed: a quiet notice rather than a blank panel. */
export function RefreshError({ what, error, onRetry, retrying = false }: ErrorStateProps) {
  return (
    <div className="refresh-error" role="status">
      <span>
        Could not refresh {what}: {errorMessage(error)}
      </span>
      <button type="button" className="button button-small" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
