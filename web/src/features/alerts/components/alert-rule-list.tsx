import { useId, useState } from 'react';
import type { AlertChannelView, AlertRule } from '@lp/contracts/alerts';
import { errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useDeleteAlertRule } from '../api/delete-alert-rule';
import { useUpdateAlertRule } from '../api/update-alert-rule';
import { CHANNEL_WORDS, watchesWords } from '../utils/alert-words';
import { SummaryRow } from './summary-row';

type Props = {
  rules: AlertRule[];
  topicName: (id: string) => string;
  onEdit: (id: string) => void;
};

/** Every rule as a card of plain words, with its switch, Edit and Delete (which asks first). */
export function AlertRuleList({ rules, topicName, onEdit }: Props) {
  const update = useUpdateAlertRule();
  const remove = useDeleteAlertRule();
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <>
      {update.isError ? (
        <p className="field-error" role="alert">
          Not changed: {errorMessage(update.error)}
        </p>
      ) : null}
      {remove.isError ? (
        <p className="field-error" role="alert">
          Not deleted: {errorMessage(remove.error)}
        </p>
      ) : null}
      <ul className="alert-rules" data-testid="alert-rules">
        {rules.map((rule) => (
          <li key={rule.id}>
            <RuleCard
              rule={rule}
              watches={watchesWords(rule.metric, rule.filter, topicName)}
              busy={
                (update.isPending && update.variables?.id === rule.id) ||
                (remove.isPending && remove.variables === rule.id)
              }
              onToggle={() => update.mutate({ id: rule.id, patch: { enabled: !rule.enabled } })}
              onEdit={() => onEdit(rule.id)}
              confirming={confirming === rule.id}
              onDelete={() => setConfirming(rule.id)}
              onCancelDelete={() => setConfirming(null)}
              onConfirmDelete={() => remove.mutate(rule.id, { onSuccess: () => setConfirming(null) })}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function channelWords(c: AlertChannelView): string {
  if (c.type === 'email') return `${CHANNEL_WORDS.email}: ${(c.to ?? []).join(', ')}`;
  const secret = c.type === 'webhook' && c.hasSecret ? ' (signed)' : '';
  return `${CHANNEL_WORDS[c.type]}: ${c.url ?? 'address saved'}${secret}`;
}

function statusWords(status: AlertRule['status']): string {
  return status.message || (status.state === 'off' ? 'Off' : 'Watching');
}

const STATE_TAGS: Record<AlertRule['status']['state'], { label: string; className: string }> = {
  ok: { label: 'Watching', className: 'nhsuk-tag--green' },
  learning: { label: 'Learning', className: 'nhsuk-tag--yellow' },
  off: { label: 'Off', className: 'nhsuk-tag--grey' },
};

function RuleCard(props: {
  rule: AlertRule;
  watches: string;
  busy: boolean;
  onToggle: () => void;
  onEdit: () => void;
  confirming: boolean;
  onDelete: () => void;
  onCancelDelete: () => void;
  onConfirmDelete: () => void;
}) {
  const { rule } = props;
  const uid = useId();
  const tag = STATE_TAGS[rule.status.state];
  return (
    <article
      className="nhsuk-card alert-card"
      aria-labelledby={`${uid}-name`}
      data-testid="alert-rule"
      data-name={rule.name}
    >
      <div className="nhsuk-card__content">
        <header className="alert-card-header">
          <h3 className="nhsuk-card__heading" id={`${uid}-name`}>
            {rule.name}
          </h3>
          <strong className={`nhsuk-tag ${tag.className}`}>{tag.label}</strong>
          {rule.builtIn ? <strong className="nhsuk-tag nhsuk-tag--white">Built in</strong> : null}
        </header>
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Watches">{props.watches}</SummaryRow>
          <SummaryRow label="Sensitivity" testId="alert-rule-sensitivity">
            {rule.sensitivityWords}
          </SummaryRow>
          <SummaryRow label="Checks">
            The last {rule.windowMinutes} minutes, once it holds at least {rule.minVolume.toLocaleString('en-GB')}{' '}
            {rule.minVolume === 1 ? 'post' : 'posts'}; quiet for {rule.cooldownMinutes} minutes after an alert
          </SummaryRow>
          <SummaryRow label="Quiet hours">
            {rule.quietHours ? `${rule.quietHours.from} to ${rule.quietHours.to} (UK time): held for a digest` : 'None'}
          </SummaryRow>
          <SummaryRow label="Channels">
            {rule.channels.length === 0 ? (
              'None: alerts show on this page only'
            ) : (
              <ul className="alert-plain-list">
                {rule.channels.map((c) => (
                  <li key={c.id}>{channelWords(c)}</li>
                ))}
              </ul>
            )}
          </SummaryRow>
          <SummaryRow label="Status" testId="alert-rule-status">
            {statusWords(rule.status)}
            {rule.status.lastEvaluatedAt ? (
              <span className="alert-block muted">Last checked {formatPostTime(rule.status.lastEvaluatedAt)}</span>
            ) : null}
            {rule.status.lastFiredAt ? (
              <span className="alert-block muted">Last fired {formatPostTime(rule.status.lastFiredAt)}</span>
            ) : null}
          </SummaryRow>
        </dl>
        <div className="alert-rule-actions">
          <div className="alert-checkbox">
            <input
              id={`${uid}-enabled`}
              type="checkbox"
              checked={rule.enabled}
              disabled={props.busy}
              onChange={props.onToggle}
              data-testid="alert-rule-enabled"
            />
            <label className="nhsuk-label" htmlFor={`${uid}-enabled`}>
              Enabled<span className="nhsuk-u-visually-hidden">: {rule.name}</span>
            </label>
          </div>
          <button type="button" className="link-button" onClick={props.onEdit} data-testid="alert-rule-edit">
            Edit<span className="nhsuk-u-visually-hidden"> {rule.name}</span>
          </button>
          <button type="button" className="link-button" onClick={props.onDelete} data-testid="alert-rule-delete">
            Delete<span className="nhsuk-u-visually-hidden"> {rule.name}</span>
          </button>
          {props.confirming ? (
            <div className="alert-confirm" role="group" aria-labelledby={`${uid}-confirm`}>
              <p id={`${uid}-confirm`}>
                Delete “{rule.name}”? It stops at once; the alerts it raised stay in the history.
              </p>
              <div className="form-actions">
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--warning"
                  onClick={props.onConfirmDelete}
                  disabled={props.busy}
                  data-testid="alert-rule-delete-confirm"
                >
                  Yes, delete this rule
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={props.onCancelDelete}>
                  Cancel
                </button>
              </div>
            </div>
          ) : null}
        </div>
      </div>
    </article>
  );
}
