import { useId, useState, type FormEvent } from 'react';
import { zEventCreate, zEventKind, type EventKind } from '@lp/contracts/events';
import { errorMessage } from '../../../lib/api-client';
import { useCreateEvent } from '../api/create-event';
import { EVENT_KIND_LABELS } from '../utils/event-kinds';

type Props = { defaultDay: string };

type Values = { day: string; title: string; kind: EventKind; url: string };

/** Adds an annotation (a strike day, a local incident…) to the time charts. */
export function AddEventForm({ defaultDay }: Props) {
  const uid = useId();
  const [values, setValues] = useState<Values>({ day: defaultDay, title: '', kind: 'incident', url: '' });
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useCreateEvent();
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = zEventCreate.safeParse({ ...values, url: values.url.trim() || undefined });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setInvalid(issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'check the fields');
      return;
    }
    setInvalid(null);
    create.mutate(parsed.data, { onSuccess: () => set({ title: '', url: '' }) });
  };

  const error = invalid ?? (create.isError ? errorMessage(create.error) : null);
  return (
    <form className="event-form" data-testid="add-event-form" onSubmit={onSubmit} aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`}>Add annotation</h3>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${uid}-day`}>Day</label>
          <input
            id={`${uid}-day`}
            name="day"
            type="date"
            required
            value={values.day}
            onChange={(e) => set({ day: e.target.value })}
          />
        </div>
        <div className="field event-title-field">
          <label htmlFor={`${uid}-title`}>Title</label>
          <input
            id={`${uid}-title`}
            name="title"
            type="text"
            required
            maxLength={200}
            value={values.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-kind`}>Kind</label>
          <select
            id={`${uid}-kind`}
            name="kind"
            value={values.kind}
            onChange={(e) => set({ kind: e.target.value as EventKind })}
          >
            {zEventKind.options.map((k) => (
              <option key={k} value={k}>
                {EVENT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-url`}>
            Link <span className="label-hint">(optional)</span>
          </label>
          <input
            id={`${uid}-url`}
            name="url"
            type="url"
            placeholder="https://"
            value={values.url}
            onChange={(e) => set({ url: e.target.value })}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add annotation'}
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
