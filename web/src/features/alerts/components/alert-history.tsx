import { useId, useState } from 'react';
import { ALERT_BASELINE_WEEKS } from '@lp/contracts/alerts';
import { Panel } from '../../../components/ui/panel';
import { uniqueById } from '../../../components/ui/load-more';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { errorMessage } from '../../../lib/api-client';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { useAlertHistory } from '../api/get-alert-history';
import { AlertFiringCard } from './alert-firing-card';

/** Every alert that fired, newest first, for analysts and admins to read and acknowledge. */
export function AlertHistory() {
  const uid = useId();
  const [onlyUnacknowledged, setOnlyUnacknowledged] = useState(false);
  const history = useAlertHistory(onlyUnacknowledged ? { unacknowledged: true } : {});
  const ack = useAcknowledgeAlert();
  const pages = history.data?.pages ?? [];
  const firings = uniqueById(pages.flatMap((p) => p.firings));
  const unacknowledged = pages[0]?.unacknowledged ?? null;

  return (
    <Panel
      title="Alert history"
      testId="alert-history"
      busy={history.isFetching}
      description="Newest first. Times are UK time."
    >
      <div className="alert-history-bar">
        <div className="alert-checkbox">
          <input
            id={`${uid}-unack`}
            type="checkbox"
            checked={onlyUnacknowledged}
            onChange={(e) => setOnlyUnacknowledged(e.target.checked)}
            data-testid="alert-only-unacknowledged"
          />
          <label className="nhsuk-label" htmlFor={`${uid}-unack`}>
            Only unacknowledged
          </label>
        </div>
        {/* With no alerts at all there is nothing to have acknowledged: the empty state says so. */}
        {unacknowledged !== null && (onlyUnacknowledged || firings.length > 0) ? (
          <p role="status" data-testid="alert-unacknowledged-count">
            {unacknowledged === 0
              ? 'Every alert has been acknowledged.'
              : `${unacknowledged.toLocaleString('en-GB')} not yet acknowledged.`}
          </p>
        ) : null}
      </div>
      {history.isPending ? (
        <LoadingState label="Loading alerts…" />
      ) : !history.data ? (
        <ErrorState
          what="the alert history"
          error={history.error}
          onRetry={() => void history.refetch()}
          retrying={history.isFetching}
        />
      ) : (
        <>
          {history.isRefetchError ? (
            <RefreshError
              what="the alert history"
              error={history.error}
              onRetry={() => void history.refetch()}
              retrying={history.isFetching}
            />
          ) : null}
          {ack.isError ? (
            <p className="field-error" role="alert">
              Not acknowledged: {errorMessage(ack.error)}
            </p>
          ) : null}
          {firings.length === 0 ? (
            onlyUnacknowledged ? (
              <EmptyState message="No unacknowledged alerts." detail="Every alert so far has been acknowledged." />
            ) : (
              <EmptyState
                message="No alerts yet. Alerts will appear here."
                detail={`A rule compares each window of posts (the last hour, unless the rule says otherwise) with the same hour of the week over the past ${ALERT_BASELINE_WEEKS} weeks, and fires when it is well above what is usual; the rule's sensitivity says how far above. Sources that stop or keep failing raise alerts here too.`}
              />
            )
          ) : (
            <ul className="alert-cards" data-testid="alert-firings">
              {firings.map((f) => (
                <li key={f.id}>
                  <AlertFiringCard
                    firing={f}
                    onAcknowledge={(id) => ack.mutate(id)}
                    acknowledging={ack.isPending && ack.variables === f.id}
                  />
                </li>
              ))}
            </ul>
          )}
          {history.isFetchNextPageError ? (
            <p className="field-error" role="alert">
              Could not load older alerts: {errorMessage(history.error)}
            </p>
          ) : null}
          {history.hasNextPage ? (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => void history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
              data-testid="alert-show-older"
            >
              {history.isFetchingNextPage ? 'Loading older alerts…' : 'Show older'}
            </button>
          ) : null}
        </>
      )}
    </Panel>
  );
}
