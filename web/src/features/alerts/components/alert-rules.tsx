import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ALERT_EVALUATE_EVERY_MINUTES } from '@lp/contracts/alerts';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState, RefreshError } from '../../../components/ui/query-states';
import { lastDays } from '../../../lib/dates';
import { getTopicsQueryOptions } from '../../topics/api/get-topics';
import { useAlertRules } from '../api/get-alert-rules';
import { AlertRuleForm } from './alert-rule-form';
import { AlertRuleList } from './alert-rule-list';

/** Admins: the rules that raise alerts, and the form to add or edit one. */
export function AlertRules() {
  const rules = useAlertRules();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // The same query (and cache) as the form's topic list: rules name their topic by name.
  const [range] = useState(() => lastDays(7));
  const topics = useQuery(getTopicsQueryOptions(range));
  const names = useMemo(() => new Map((topics.data?.topics ?? []).map((t) => [t.id, t.name])), [topics.data]);
  const editing = rules.data?.alerts.find((r) => r.id === editingId);

  return (
    <>
      <Panel
        title="Rules"
        testId="alert-rules-panel"
        busy={rules.isFetching}
        description={`Each rule checks its posts every ${ALERT_EVALUATE_EVERY_MINUTES} minutes against the same hour of the week in past weeks.`}
      >
        {rules.isPending ? (
          <LoadingState label="Loading rules…" />
        ) : !rules.data ? (
          <ErrorState
            what="alert rules"
            error={rules.error}
            onRetry={() => void rules.refetch()}
            retrying={rules.isFetching}
          />
        ) : (
          <>
            {rules.isError ? (
              <RefreshError
                what="alert rules"
                error={rules.error}
                onRetry={() => void rules.refetch()}
                retrying={rules.isFetching}
              />
            ) : null}
            {saved ? (
              <p className="form-success" role="status" data-testid="alert-rule-saved">
                {saved}
              </p>
            ) : null}
            {rules.data.alerts.length === 0 ? (
              <EmptyState message="No rules yet." detail="Add one below." />
            ) : (
              <AlertRuleList
                rules={rules.data.alerts}
                topicName={(id) => names.get(id) ?? id}
                onEdit={(id) => {
                  setSaved(null);
                  setEditingId(id);
                }}
              />
            )}
          </>
        )}
      </Panel>
      {editing ? (
        <Panel title={`Edit rule: ${editing.name}`} testId="alert-rule-edit-panel">
          <AlertRuleForm
            key={editing.id}
            editing={editing}
            onDone={(rule) => {
              setEditingId(null);
              setSaved(`Saved “${rule.name}”.`);
            }}
            onCancel={() => setEditingId(null)}
          />
        </Panel>
      ) : (
        <Panel
          title="Add a rule"
          testId="alert-rule-add-panel"
          description="A rule needs a few weeks of history for the hour of the week it checks before it can fire; until then it says it is learning."
        >
          <AlertRuleForm onDone={(rule) => setSaved(`Added “${rule.name}”.`)} />
        </Panel>
      )}
    </>
  );
}
