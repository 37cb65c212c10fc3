import { useId, useState, type FormEvent } from 'react';
import type { SourceDetail } from '@lp/contracts/sources';
import { configToFields, SOURCE_FORMS } from '@lp/contracts/source-forms';
import { isStreamSourceType, SECRET_FIELDS, SOURCE_TYPES } from '@lp/contracts/source-types';
import { errorMessage } from '../../../lib/api-client';
import { useCreateSource } from '../api/create-source';
import { useUpdateSource } from '../api/update-source';
import { toCreateInput, toUpdateInput, type FieldErrors, type SourceFormValues } from '../utils/source-form';

type Props = {
  /** The dashboard source being edited; absent when adding one. */
  editing?: SourceDetail;
  /** After a save: the source's id (the view then checks it by fetching one page). */
  onDone: (id: string) => void;
  onCancel?: () => void;
};

function initialValues(editing: SourceDetail | undefined, type = 'rss'): SourceFormValues {
  if (editing) {
    const { values, extra } = configToFields(editing.type, editing.config);
    return { id: editing.id, type: editing.type, every: editing.every, fields: values, extra, secrets: {} };
  }
  return { id: '', type, every: '15m', fields: configToFields(type, {}).values, extra: {}, secrets: {} };
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

  const spec = SOURCE_FORMS[values.type];
  const onTypeChange = (type: string) =>
    setValues((v) => ({ ...initialValues(undefined, type), id: v.id, every: v.every }));
  const setField = (name: string, value: string | boolean) =>
    setValues((v) => ({ ...v, fields: { ...v.fields, [name]: value } }));

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

  const field = (name: 'id' | 'type' | 'every' | 'secrets') => ({
    id: `${uid}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${uid}-${name}-error` : undefined,
  });
  const fieldError = (name: 'id' | 'type' | 'every' | 'secrets') =>
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
                {SOURCE_FORMS[t]?.label ?? t}
              </option>
            ))}
          </select>
          {fieldError('type')}
        </div>
        {/* A stream is read as it happens, never polled: no schedule to set. */}
        {isStreamSourceType(values.type) ? null : (
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
        )}
      </div>
      {spec ? <p className="muted">{spec.about}</p> : null}
      {(spec?.fields ?? []).map((f) => {
        const id = `${uid}-f-${f.name}`;
        const error = errors.fields?.[f.name];
        const describedBy = error ? `${id}-error` : undefined;
        const value = values.fields[f.name];
        return (
          <div className={f.kind === 'boolean' ? 'field field-checkbox' : 'field'} key={`${values.type}-${f.name}`}>
            {f.kind === 'boolean' ? (
              <>
                <input
                  id={id}
                  name={f.name}
                  type="checkbox"
                  checked={value === true}
                  onChange={(e) => setField(f.name, e.target.checked)}
                />
                <label htmlFor={id}>
                  {f.label} <span className="label-hint">({f.help})</span>
                </label>
              </>
            ) : (
              <>
                <label htmlFor={id}>
                  {f.label}
                  {f.required ? '' : ' (optional)'} <span className="label-hint">({f.help})</span>
                </label>
                {f.kind === 'list' ? (
                  <textarea
                    id={id}
                    name={f.name}
                    rows={3}
                    value={typeof value === 'string' ? value : ''}
                    onChange={(e) => setField(f.name, e.target.value)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy}
                    spellCheck={false}
                  />
                ) : (
                  <input
                    id={id}
                    name={f.name}
                    type={f.kind === 'url' ? 'url' : 'text'}
                    inputMode={f.kind === 'integer' ? 'numeric' : undefined}
                    placeholder={f.placeholder}
                    value={typeof value === 'string' ? value : ''}
                    onChange={(e) => setField(f.name, e.target.value)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy}
                    autoComplete="off"
                    spellCheck={false}
                  />
                )}
              </>
            )}
            {error ? (
              <p className="field-error" id={`${id}-error`}>
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {secretFields.map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${uid}-secret-${name}`}>
            {spec?.secrets?.[name]?.label ?? name}{' '}
            {spec?.secrets?.[name] ? <span className="label-hint">({spec.secrets[name].help}) </span> : null}
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
