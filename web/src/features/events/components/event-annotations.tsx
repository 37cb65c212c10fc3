import { errorMessage } from '../../../lib/api-client';
import { useCan } from '../../../lib/session';
import { addDays, formatBucketLong } from '../../../lib/dates';
import { useDeleteEvent } from '../api/delete-event';
import { useEvents } from '../api/get-events';
import { EVENT_KIND_LABELS } from '../utils/event-kinds';
import { AddEventForm } from './add-event-form';
import { ImportEvents } from './import-events';

type Props = { from: string; to: string };

/** Under the trend chart: the range's annotations as a list (keyboard-reachable), the add form and the CSV import. */
export function EventAnnotations({ from, to }: Props) {
  const events = useEvents({ from, to });
  const remove = useDeleteEvent();
  // Everyone reads annotations; admins add, import and delete them (the server refuses others).
  const canEdit = useCan('admin');
  const list = events.data?.events ?? [];

  return (
    <div className="event-annotations">
      <details className="event-list">
        <summary>Annotations in this range ({events.isPending ? '…' : list.length})</summary>
        {events.isError ? <p className="field-error">{errorMessage(events.error)}</p> : null}
        {list.length > 0 ? (
          <ul>
            {list.map((e) => (
              <li key={e.id} data-testid="event-item">
                <span>
                  {formatBucketLong(e.day, 'day')}:{' '}
                  {e.url ? (
                    <a href={e.url} target="_blank" rel="noreferrer">
                      {e.title}
                    </a>
                  ) : (
                    e.title
                  )}{' '}
                  <span className="event-kind">({EVENT_KIND_LABELS[e.kind]})</span>
                </span>{' '}
                {canEdit ? (
                  <button
                    type="button"
                    className="link-button"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(e.id)}
                    aria-label={`Delete annotation ${e.title}`}
                  >
                    Delete
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {remove.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(remove.error)}
          </p>
        ) : null}
      </details>
      {canEdit ? (
        <>
          <AddEventForm defaultDay={addDays(to, -1)} />
          <ImportEvents />
        </>
      ) : null}
    </div>
  );
}
