import { useEffect, useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { zTopicsResponse } from '@lp/contracts/api';
import { isoWeekRange, type ReportArchive, type ReportSettingsResponse } from '@lp/contracts/reports';
import { Panel } from '../../../components/ui/panel';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { apiGet, errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useReportArchive, useReportSettings, useSaveReportSettings, useSendReport } from '../api/report-admin';

const STATUS_LABEL = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' } as const;
const STATUS_TAG = { pending: 'grey', sending: 'blue', sent: 'green', failed: 'red' } as const;

const nextSendText = (s: ReportSettingsResponse) => {
  if (!s.emailEnabled) return 'Email is off: the server has no SMTP_URL (see “The Monday email” in the README).';
  if (s.recipients.length === 0) return 'No one receives the Monday email yet: add recipients below.';
  if (!s.nextSend) return `Every Monday at ${s.sendTime} (UK time).`;
  return `Next email: ${new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(s.nextSend))} (UK time), with the week before it.`;
};

/** Admins, under the report: who gets the Monday email and when, what was sent, and re-sending. */
export function ReportAdmin({ week }: { week: string }) {
  const settings = useReportSettings();
  return (
    <>
      <Panel
        title="The Monday email"
        testId="report-settings"
        description={settings.data ? nextSendText(settings.data) : undefined}
      >
        {settings.isPending ? (
          <LoadingState label="Loading the report settings" />
        ) : settings.isError ? (
          <ErrorState what="the report settings" error={settings.error} onRetry={() => settings.refetch()} />
        ) : (
          <SettingsForm saved={settings.data} week={week} />
        )}
      </Panel>
      <ArchivePanel week={week} emailEnabled={settings.data?.emailEnabled ?? false} />
    </>
  );
}

function SettingsForm({ saved, week }: { saved: ReportSettingsResponse; week: string }) {
  const uid = useId();
  const save = useSaveReportSettings();
  const [recipients, setRecipients] = useState(saved.recipients.join('\n'));
  const [sendTime, setSendTime] = useState(saved.sendTime);
  const [topics, setTopics] = useState<string[]>(saved.topics);
  const [done, setDone] = useState(false);
  useEffect(() => setDone(false), [recipients, sendTime, topics]);
  const range = isoWeekRange(week);
  const choices = useQuery({
    queryKey: ['report-topic-choices', range.from],
    queryFn: ({ signal }) => apiGet('/api/v1/topics', range, zTopicsResponse, signal),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const list = recipients
      .split(/[\s,;]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    save.mutate({ recipients: list, sendTime, topics }, { onSuccess: () => setDone(true) });
  };
  return (
    <form onSubmit={onSubmit} data-testid="report-settings-form">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={`${uid}-to`}>
          Recipients
        </label>
        <div className="nhsuk-hint" id={`${uid}-to-hint`}>
          One email address per line, up to 50. Each gets the summary in the email and the full report as a PDF.
        </div>
        <textarea
          id={`${uid}-to`}
          className="nhsuk-textarea"
          rows={4}
          aria-describedby={`${uid}-to-hint`}
          value={recipients}
          onChange={(e) => setRecipients(e.target.value)}
          data-testid="report-recipients"
        />
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={`${uid}-time`}>
          Send on Mondays at (UK time)
        </label>
        <input
          id={`${uid}-time`}
          className="nhsuk-input nhsuk-input--width-10"
          type="time"
          required
          value={sendTime}
          onChange={(e) => setSendTime(e.target.value)}
          data-testid="report-send-time"
        />
      </div>
      <fieldset className="checkbox-group">
        <legend className="nhsuk-label">Topics the board follows (up to 10)</legend>
        <p className="nhsuk-hint">
          Each gets its own line in the report, with its staff index, whether or not it is busy.
        </p>
        {choices.isError ? (
          <ErrorState what="the topics" error={choices.error} onRetry={() => choices.refetch()} />
        ) : null}
        {(choices.data?.topics ?? []).map((t) => {
          const checked = topics.includes(t.id);
          return (
            <div key={t.id} className="checkbox-item">
              <input
                id={`${uid}-topic-${t.id}`}
                type="checkbox"
                checked={checked}
                disabled={!checked && topics.length >= 10}
                onChange={(e) => setTopics(e.target.checked ? [...topics, t.id] : topics.filter((x) => x !== t.id))}
              />
              <label htmlFor={`${uid}-topic-${t.id}`}>{t.name}</label>
            </div>
          );
        })}
      </fieldset>
      {save.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      {done ? (
        <p className="form-success" role="status">
          Saved.
        </p>
      ) : null}
      <button type="submit" className="button button-small" disabled={save.isPending}>
        Save settings
      </button>
    </form>
  );
}

function ArchivePanel({ week, emailEnabled }: { week: string; emailEnabled: boolean }) {
  const archive = useReportArchive();
  const send = useSendReport();
  return (
    <Panel
      title="Reports sent"
      testId="report-archive"
      description="Each week emailed, by the Monday schedule or by hand, and how it went for each recipient."
    >
      <div className="report-actions">
        <button
          type="button"
          className="button button-small"
          disabled={!emailEnabled || send.isPending}
          onClick={() => send.mutate({ week })}
          data-testid="report-send-now"
        >
          Email week {Number(week.slice(6))} to the recipients now
        </button>
        {send.isPending ? <span role="status">Sending…</span> : null}
      </div>
      {send.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(send.error)}
        </p>
      ) : null}
      {archive.isPending ? (
        <LoadingState label="Loading the reports sent" />
      ) : archive.isError ? (
        <ErrorState what="the reports sent" error={archive.error} onRetry={() => archive.refetch()} />
      ) : archive.data.reports.length === 0 ? (
        <p>No report has been emailed yet.</p>
      ) : (
        <ArchiveTable
          reports={archive.data.reports}
          busy={send.isPending || !emailEnabled}
          onResend={(w, to) => send.mutate({ week: w, to: [to] })}
        />
      )}
    </Panel>
  );
}

function ArchiveTable(props: {
  reports: ReportArchive['reports'];
  busy: boolean;
  onResend: (week: string, to: string) => void;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Report deliveries">
      <table className="nhsuk-table" data-testid="report-archive-table">
        <caption className="nhsuk-u-visually-hidden">Reports emailed, by week and recipient</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Recipient</th>
            <th scope="col">Status</th>
            <th scope="col">Sent or last tried</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {props.reports.flatMap((r) =>
            (r.deliveries.length ? r.deliveries : [null]).map((d, i) => (
              <tr key={`${r.week}-${d?.recipient ?? 'none'}`} data-testid="report-delivery" data-week={r.week}>
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={Math.max(1, r.deliveries.length)}>
                    <a href={`?view=report&week=${r.week}`}>{r.week}</a>
                  </th>
                ) : null}
                {d ? (
                  <>
                    <td>{d.recipient}</td>
                    <td>
                      <strong className={`nhsuk-tag nhsuk-tag--${STATUS_TAG[d.status]}`}>
                        {STATUS_LABEL[d.status]}
                      </strong>
                      {d.attempts > 1 ? <span className="nhsuk-body-s"> ({d.attempts} tries)</span> : null}
                      {d.status === 'failed' && d.lastError ? (
                        <div className="nhsuk-body-s field-error">{d.lastError}</div>
                      ) : null}
                    </td>
                    <td>{d.sentAt ? formatPostTime(d.sentAt) : '–'}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        disabled={props.busy || d.status === 'sending'}
                        onClick={() => props.onResend(r.week, d.recipient)}
                      >
                        Re-send
                        <span className="nhsuk-u-visually-hidden">
                          {' '}
                          week {r.week} to {d.recipient}
                        </span>
                      </button>
                    </td>
                  </>
                ) : (
                  <td colSpan={4}>No recipients</td>
                )}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
