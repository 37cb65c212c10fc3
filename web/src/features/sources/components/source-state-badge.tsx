/** The poller's states (packages/db sources.state), worded for comms teams; unknown ones show as written. */
const STATES: Record<string, { label: string; tone: 'good' | 'warn' | 'bad' | 'idle' }> = {
  new: { label: 'Waiting for first poll', tone: 'idle' },
  ok: { label: 'OK', tone: 'good' },
  paused: { label: 'Paused', tone: 'idle' },
  rate_limited: { label: 'Rate limited', tone: 'warn' },
  backoff: { label: 'Backing off', tone: 'warn' },
  budget_spent: { label: 'Read budget spent', tone: 'warn' },
  error: { label: 'Error', tone: 'bad' },
  stopped: { label: 'Stopped', tone: 'bad' },
};

export function SourceStateBadge({ state }: { state: string }) {
  const known = STATES[state] ?? { label: state, tone: 'idle' as const };
  return (
    <span className={`status status-${known.tone}`} data-testid="source-state" data-state={state}>
      {known.label}
    </span>
  );
}
