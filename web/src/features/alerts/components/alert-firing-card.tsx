import { useId } from 'react';
import type { AlertFiringWithDeliveries } from '@lp/contracts/alerts';
import { formatPostTime } from '../../../lib/dates';
import { CONDITION_WORDS, KIND_WORDS, metricValue, windowWords } from '../utils/alert-words';
import { AlertDeliveries } from './alert-deliveries';
import { SummaryRow } from './summary-row';

type Props = {
  firing: AlertFiringWithDeliveries;
  onAcknowledge: (id: string) => void;
  acknowledging: boolean;
};

// The link is the API's own; anything but a web address is not followed.
const safeLink = (link: string) => (/^(https?:\/\/|\/|\?)/i.test(link) ? link : null);

/** One fired alert: what happened, why it counts as unusual, what drove it, where it went, who has seen it. */
export function AlertFiringCard({ firing: f, onAcknowledge, acknowledging }: Props) {
  const headingId = useId();
  const terms = [...f.terms].sort((a, b) => b.z - a.z);
  const link = safeLink(f.link);
  const when = windowWords(f.window);
  return (
    <article
      className={`nhsuk-card alert-card${f.acknowledgedAt ? '' : ' alert-card-unacknowledged'}`}
      aria-labelledby={headingId}
      data-testid="alert-firing"
      data-id={f.id}
    >
      <div className="nhsuk-card__content">
        <header className="alert-card-header">
          <h3 className="nhsuk-card__heading" id={headingId}>
            {f.alertName}
          </h3>
          <strong className={`nhsuk-tag ${f.kind === 'rule' ? 'nhsuk-tag--blue' : 'nhsuk-tag--purple'}`}>
            {KIND_WORDS[f.kind]}
          </strong>
          {f.quiet ? <strong className="nhsuk-tag nhsuk-tag--grey">Fired in quiet hours</strong> : null}
        </header>
        <p className="alert-summary" data-testid="alert-summary">
          {f.summary}
        </p>
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Window (UK time)">{when}</SummaryRow>
          {f.source ? (
            <>
              <SummaryRow label="Source">{f.source.id}</SummaryRow>
              <SummaryRow label="Condition">{CONDITION_WORDS[f.source.condition]}</SummaryRow>
              <SummaryRow label="Now">
                {f.source.recovered ? 'Recovered' : 'Not recovered yet'}
                {f.source.error ? <span className="alert-block">Error: {f.source.error}</span> : null}
              </SummaryRow>
            </>
          ) : null}
          {f.kind === 'rule' ? (
            <>
              <SummaryRow label="This window">{metricValue(f.metric, f.value)}</SummaryRow>
              <SummaryRow label="Usual">
                {metricValue(f.metric, f.baseline)}
                {f.baselineWeeks !== null
                  ? ` (the middle of the same hour of the week over ${f.baselineWeeks} ${f.baselineWeeks === 1 ? 'week' : 'weeks'})`
                  : ''}
              </SummaryRow>
              <SummaryRow label="Alert level">{metricValue(f.metric, f.threshold)}</SummaryRow>
            </>
          ) : null}
          <SummaryRow label="Fired">{formatPostTime(f.firedAt)}</SummaryRow>
        </dl>
        {terms.length > 0 ? (
          <>
            <h4>Terms that stand out</h4>
            <ol className="alert-terms" data-testid="alert-terms">
              {terms.map((t) => (
                <li key={t.term}>
                  {t.term} <span className="alert-z">(z {t.z.toFixed(1)})</span>
                </li>
              ))}
            </ol>
          </>
        ) : null}
        {f.posts.length > 0 ? (
          <>
            <h4>Posts that drove it</h4>
            <ul className="alert-posts" data-testid="alert-posts">
              {f.posts.map((p, i) => (
                <li key={p.id}>
                  <p>{p.text ?? <span className="muted">Text no longer kept</span>}</p>
                  {p.url && safeLink(p.url) ? (
                    <a href={p.url} target="_blank" rel="noreferrer noopener">
                      Open post<span className="nhsuk-u-visually-hidden"> {i + 1} behind this alert</span>
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {f.sources.length > 0 ? (
          <>
            <h4>Sources involved</h4>
            <ul className="alert-plain-list">
              {f.sources.map((s) => (
                <li key={s.id}>
                  {s.id}: {s.posts.toLocaleString('en-GB')} {s.posts === 1 ? 'post' : 'posts'}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {f.leftOut.length > 0 ? (
          <>
            <h4>Sources left out</h4>
            <ul className="alert-plain-list">
              {f.leftOut.map((s) => (
                <li key={s.id}>
                  {s.id}: {s.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {link ? (
          <p>
            <a href={link} data-testid="alert-link">
              Open this window on the dashboard
            </a>
          </p>
        ) : null}
        <h4>Deliveries</h4>
        <AlertDeliveries deliveries={f.deliveries} alertName={f.alertName} />
        <div className="alert-ack">
          {f.acknowledgedAt ? (
            <p data-testid="alert-acknowledged">
              Acknowledged by {f.acknowledgedBy ?? 'someone'} at {formatPostTime(f.acknowledgedAt)}
            </p>
          ) : (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => onAcknowledge(f.id)}
              disabled={acknowledging}
              data-testid="alert-ack"
            >
              {acknowledging ? 'Acknowledging…' : 'Acknowledge'}
              <span className="nhsuk-u-visually-hidden">
                {' '}
                {f.alertName}, {when}
              </span>
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
