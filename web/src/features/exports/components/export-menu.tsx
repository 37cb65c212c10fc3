import { useId, useState } from 'react';
import {
  STREAM_ROW_LIMIT,
  type ExportBucket,
  type ExportFilters,
  type ExportFormat,
  type ExportKind,
} from '@lp/contracts/exports';
import { buildUrl, errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useSharedFilters } from '../../../lib/shared-filters';
import { useExportHistory, useExportJob, useStartExport } from '../api/exports';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (Excel, R, Power BI)',
  xlsx: 'Excel workbook (XLSX)',
  jsonl: 'JSON Lines',
};

const lastDay = (to: string) => new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

type Props = {
  from: string;
  to: string;
  /** The view's topic filter (comma-separated ids), if any. */
  topic: string | null;
  /** Posts in the view (from the overview), to choose a direct download or a background job. */
  posts: number | null;
};

/**
 * "Download this view" (analysts): the posts or the topic breakdown behind what is on screen,
 * with the same filters. Small exports download at once; large ones are prepared in the
 * background with a progress bar, then downloaded from a link that expires.
 */
export function ExportMenu({ from, to, topic, posts }: Props) {
  const uid = useId();
  const shared = useSharedFilters();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ExportKind>('posts');
  const [bucket, setBucket] = useState<ExportBucket>('week');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartExport();
  const job = useExportJob(jobId);
  const history = useExportHistory(open);

  const params = { from, to, format, topic, ...shared, ...(kind === 'topics' ? { bucket } : {}) };
  const direct = buildUrl(`/api/v1/exports/${kind}`, params);
  const limit = history.data?.streamRowLimit ?? STREAM_ROW_LIMIT;
  const large = kind === 'posts' && posts !== null && posts > limit;
  const filters: ExportFilters = {
    ...(topic ? { topic: topic.split(',') } : {}),
    ...(shared.source ? { source: shared.source } : {}),
    ...(shared.sentiment ? { sentiment: shared.sentiment } : {}),
    ...(shared.lang ? { lang: shared.lang } : {}),
    ...(shared.voice ? { voice: shared.voice } : {}),
    ...(shared.aboutUs ? { aboutUs: shared.aboutUs === 'true' } : {}),
  };
  const prepare = () =>
    start.mutate(
      { kind, format, from, to, filters, ...(kind === 'topics' ? { bucket } : {}) },
      { onSuccess: (r) => setJobId(r.job.id) },
    );
  const running = job.data?.job;

  return (
    <details
      className="export-disclosure"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      data-testid="export-menu"
    >
      <summary>Download this view</summary>
      <div className="export-form">
        <fieldset className="filter-group">
          <legend className="nhsuk-label">What</legend>
          <div className="checkbox-item">
            <input
              type="radio"
              id={`${uid}-posts`}
              name={`${uid}-kind`}
              checked={kind === 'posts'}
              onChange={() => setKind('posts')}
            />
            <label htmlFor={`${uid}-posts`}>
              Posts with their tags{posts !== null ? ` (${posts.toLocaleString('en-GB')})` : ''}
            </label>
          </div>
          <div className="checkbox-item">
            <input
              type="radio"
              id={`${uid}-topics`}
              name={`${uid}-kind`}
              checked={kind === 'topics'}
              onChange={() => setKind('topics')}
            />
            <label htmlFor={`${uid}-topics`}>Topic breakdown</label>
          </div>
        </fieldset>
        {kind === 'topics' ? (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-bucket`}>
              Per
            </label>
            <select
              id={`${uid}-bucket`}
              className="nhsuk-select"
              value={bucket}
              onChange={(e) => setBucket(e.target.value as ExportBucket)}
            >
              <option value="day">day</option>
              <option value="week">week</option>
              <option value="month">month</option>
            </select>
          </div>
        ) : null}
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor={`${uid}-format`}>
            Format
          </label>
          <select
            id={`${uid}-format`}
            className="nhsuk-select"
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            {(Object.keys(FORMAT_LABELS) as ExportFormat[]).map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <div className="export-go">
          {large ? (
            <button
              type="button"
              className="button button-small"
              disabled={start.isPending}
              onClick={prepare}
              data-testid="export-prepare"
            >
              Prepare the file
            </button>
          ) : (
            <a className="button button-small" href={direct} download data-testid="export-download">
              Download
            </a>
          )}
        </div>
      </div>
      <p className="nhsuk-body-s">
        With this view’s dates and filters.{' '}
        {large ? `Over ${limit.toLocaleString('en-GB')} posts: the file is prepared in the background. ` : ''}
        <a href={buildUrl('/api/v1/exports/dictionary', { kind })} target="_blank" rel="noopener">
          What each column holds
        </a>
        .
      </p>
      {start.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(start.error)}
        </p>
      ) : null}
      {running ? (
        <div className="export-job" role="status" data-testid="export-job">
          {running.state === 'done' && running.url ? (
            <>
              Ready: <a href={running.url}>download {running.rows.toLocaleString('en-GB')} rows</a> until{' '}
              {formatPostTime(running.expiresAt!)}.
            </>
          ) : running.state === 'failed' ? (
            <span className="field-error">{running.error ?? 'The export failed.'}</span>
          ) : (
            <>
              <label htmlFor={`${uid}-progress`}>
                Preparing: {running.rows.toLocaleString('en-GB')}
                {running.totalRows ? ` of ${running.totalRows.toLocaleString('en-GB')}` : ''} rows
              </label>{' '}
              <progress id={`${uid}-progress`} max={1} value={running.progress} />
            </>
          )}
        </div>
      ) : null}
      {open && history.data && history.data.exports.length > 0 ? (
        <div className="export-history" data-testid="export-history">
          <h3 className="nhsuk-heading-xs">Your recent exports</h3>
          <ul className="nhsuk-list nhsuk-body-s">
            {history.data.exports.slice(0, 8).map((e) => (
              <li key={e.id}>
                {formatPostTime(e.createdAt)}: {e.kind === 'posts' ? 'posts' : 'topic breakdown'},{' '}
                {e.format.toUpperCase()}, {e.from} to {lastDay(e.to)}, {e.rows.toLocaleString('en-GB')} rows
                {e.url ? (
                  <>
                    {' '}
                    · <a href={e.url}>download</a>
                  </>
                ) : e.state === 'streamed' ? null : (
                  ` · ${e.state}`
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </details>
  );
}
