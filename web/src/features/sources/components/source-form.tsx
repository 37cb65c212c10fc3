import { useId, useState, type FormEvent } from 'react';
import type { SourceDetail } from '@lp/contracts/sources';
import { SECRET_FIELDS, SOURCE_TYPES } from '@lp/contracts/source-types';
import { errorMessage } from '../../../lib/api-client';
import { useCreateSource } from '../api/create-source';
import { useUpdateSource } from '../api/update-source';
import {
  CONFIG_EXAMPLES,
  toCreateInput,
  toUpdateInput,
  type FieldErrors,
  type SourceFormValues,
} from '../utils/source-form';

type Props = {
  /** The dashboard source being edited; absent when adding one. */
  editing?: SourceDetail;
  onDone: (id: string) => void;
  onCancel?: () => void;
};

const exampleConfig = (type: string) => JSON.stringify(CONFIG_EXAMPLES[type] ?? {}, null, 2);

function initialValues(editing: SourceDetail | undefined): SourceFormValues {
  if (editing)
    return {
      id: editing.id,
      type: editing.type,
      every: editing.every,
      config: JSON.stringify(editing.config, null, 2),
      secrets: {},
    };
  return { id: '', type: 'rss', every: '15m', config: exampleConfig('rss'), secrets: {} };
}

/** Add a dashboard source, or edit one. Credentials are write-only: blank keeps what is stored. */
export function SourceForm({ editing, onDone, onCancel }: Props) {
  const uid = useId();
  const [values, setValues] = useState<SourceFormValues>(() => initialValues(editing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateSource();
  const update = useUpdateSource();
  const mutation = editing ? update : create;
  const secretFields = SECRET_FIELDS[values.type] ?? [];
  const set = (patch: Partial<SourceFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const onTypeChange = (type: string) => {
    // Swap the example config only while the box still holds an untouched example.
    const untouched = values.config.trim() === '' || values.config === exampleConfig(values.type);
    set({ type, secrets: {}, ...(untouched && { config: exampleConfig(type) }) });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (editing) {
      const { input, errors: found } = toUpdateInput(values);
      setErrors(found);
      if (input) update.mutate({ id: editing.id, input }, { onSuccess: (s) => onDone(s.id) });
    } else {
      const { input, errors: found } = toCreateInput(values);
      setErrors(found);
      if (input)
        create.mutate(input, {
          onSuccess: (s) => {
            setValues(initialValues(undefined));
            onDone(s.id);
          },
        });
    }
  };

  const field = (name: keyof FieldErrors) => ({
    id: `${uid}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${uid}-${name}-error` : undefined,
  });
  const fieldError = (name: keyof FieldErrors) =>
    errors[name] ? (
      <p className="field-error" id={`${uid}-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;

  return (
    <form className="source-form" data-testid="add-source-form" onSubmit={onSubmit} noValidate>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${uid}-id`}>Id</label>
          <input
            {...field('id')}
            name="id"
            value={values.id}
            onChange={(e) => set({ id: e.target.value })}
            disabled={Boolean(editing)}
            autoComplete="off"
            spellCheck={false}
          />
          {fieldError('id')}
        </div>
        <div className="field">
          <label htmlFor={`${uid}-type`}>Type</label>
          <select
            {...field('type')}
            name="type"
            value={values.type}
            onChange={(e) => onTypeChange(e.target.value)}
            disabled={Boolean(editing)}
          >
            {SOURCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          {fieldError('type')}
        </div>
        <div className="field">
          <label htmlFor={`${uid}-every`}>
            Poll every <span className="label-hint">(30s, 5m, 1h)</span>
          </label>
          <input
            {...field('every')}
            name="every"
            value={values.every}
            onChange={(e) => set({ every: e.target.value })}
          />
          {fieldError('every')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-config`}>
          Config <span className="label-hint">(JSON object; the fields of this type, without credentials)</span>
        </label>
        <textarea
          {...field('config')}
          name="config"
          rows={6}
          value={values.config}
          onChange={(e) => set({ config: e.target.value })}
          spellCheck={false}
        />
        {fieldError('config')}
      </div>
      {secretFields.map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${uid}-secret-${name}`}>
            {name}{' '}
            <span className="label-hint">
              {editing && editing.secretFields.includes(name)
                ? '(set; leave blank to keep it)'
                : '(credential: stored encrypted, never shown again)'}
            </span>
          </label>
          <input
            id={`${uid}-secret-${name}`}
            name={`secret-${name}`}
            type="password"
            autoComplete="new-password"
            value={values.secrets[name] ?? ''}
            onChange={(e) => set({ secrets: { ...values.secrets, [name]: e.target.value } })}
            aria-describedby={errors.secrets ? `${uid}-secrets-error` : undefined}
          />
        </div>
      ))}
      {fieldError('secrets')}
      {mutation.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : editing ? 'Save changes' : 'Add source'}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
