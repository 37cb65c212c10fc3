import { Panel } from '../../../components/ui/panel';
import { useCan } from '../../../lib/session';
import { AlertHistory } from './alert-history';
import { AlertRules } from './alert-rules';
import './alerts.css';

/** Analysts and admins: the alerts that fired; admins also keep the rules that raise them. */
export function AlertsView() {
  const isAdmin = useCan('admin');
  return (
    <div className="alerts-view" data-testid="alerts-view">
      <h1>Alerts</h1>
      <p className="nhsuk-body">
        An alert fires when posts jump well above what is usual for that hour of the week, or when a source stops or
        keeps failing. Each one says why, what drove it and where it was sent. Acknowledge an alert to show the team it
        is in hand.
      </p>
      <AlertHistory />
      {isAdmin ? (
        <AlertRules />
      ) : (
        <Panel title="Rules" testId="alert-rules-panel">
          <p className="nhsuk-body" data-testid="alert-rules-admin-only">
            Admins set the rules that raise these alerts: what each watches, how sensitive it is and where it sends.
          </p>
        </Panel>
      )}
    </div>
  );
}
