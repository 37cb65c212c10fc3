import type { AlertDelivery } from '@lp/contracts/alerts';
import type { ReactNode } from 'react';
import { formatPostTime } from '../../../lib/dates';
import { CHANNEL_WORDS, deliveryStatusWords } from '../utils/alert-words';

const FAILED: ReadonlySet<AlertDelivery['status']> = new Set(['failed', 'gave_up']);

/**
 * Where a fired alert went and how that went. nhsuk's responsive table: a table on a wide screen,
 * one labelled block per delivery on a phone, so nothing scrolls sideways.
 */
export function AlertDeliveries({ deliveries, alertName }: { deliveries: AlertDelivery[]; alertName: string }) {
  if (deliveries.length === 0) return <p className="muted">No channels: this alert was shown here only.</p>;
  const cell = (heading: string, content: ReactNode, className?: string) => (
    <td className={['nhsuk-table__cell', className].filter(Boolean).join(' ')} role="cell">
      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
        {heading}{' '}
      </span>
      <span className="alert-delivery-value">{content}</span>
    </td>
  );
  return (
    <table className="nhsuk-table-responsive alert-deliveries" role="table" data-testid="alert-deliveries">
      <caption className="nhsuk-u-visually-hidden">Deliveries of {alertName}</caption>
      <thead className="nhsuk-table__head" role="rowgroup">
        <tr role="row">
          <th scope="col" className="nhsuk-table__header" role="columnheader">
            Channel
          </th>
          <th scope="col" className="nhsuk-table__header" role="columnheader">
            Sent to
          </th>
          <th scope="col" className="nhsuk-table__header" role="columnheader">
            Status
          </th>
          <th scope="col" className="nhsuk-table__header" role="columnheader">
            Attempts
          </th>
          <th scope="col" className="nhsuk-table__header" role="columnheader">
            Sent
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {deliveries.map((d) => (
          <tr key={d.channel} className="nhsuk-table__row" role="row" data-testid="alert-delivery">
            {cell('Channel', CHANNEL_WORDS[d.type])}
            {cell('Sent to', d.target)}
            {cell(
              'Status',
              <>
                {deliveryStatusWords(d)}
                {d.status === 'failed' && d.nextAttemptAt ? ` (next try ${formatPostTime(d.nextAttemptAt)})` : ''}
              </>,
              FAILED.has(d.status) ? 'alert-delivery-failed' : undefined,
            )}
            {cell('Attempts', d.attempts.toLocaleString('en-GB'))}
            {cell('Sent', d.sentAt ? formatPostTime(d.sentAt) : 'Not yet')}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
