import { SECRET_FIELDS, durationSeconds } from '@lp/contracts/source-types';
import { fieldsToConfig, type FieldValue } from '@lp/contracts/source-forms';
import { zSourceId, type SourceCreate, type SourceUpdate } from '@lp/contracts/sources';

/** What the add/edit form holds: each field as typed, per the type's form (contracts/source-forms). */
export type SourceFormValues = {
  id: string;
  type: string;
  every: string;
  fields: Record<string, FieldValue>;
  /** Config keys the form does not show (kept as they are on an edit). */
  extra: Record<string, unknown>;
  secrets: Record<string, string>;
};

export type FieldErrors = Partial<Record<'id' | 'type' | 'every' | 'secrets', string>> & {
  /** Per config field of the type. */
  fields?: Record<string, string>;
};

function common(values: SourceFormValues, errors: FieldErrors) {
  if (durationSeconds(values.every) === null) errors.every = 'Use a duration like 30s, 5m or 1h';
  const { config, errors: fieldErrors } = fieldsToConfig(values.type, values.fields, values.extra);
  if (Object.keys(fieldErrors).length > 0) errors.fields = fieldErrors;
  const secrets = Object.fromEntries(Object.entries(values.secrets).filter(([, v]) => v !== ''));
  return { config, secrets };
}

/** Checks the add form as the API would and builds its body. */
export function toCreateInput(values: SourceFormValues): { input?: SourceCreate; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const id = zSourceId.safeParse(values.id);
  if (!id.success) errors.id = 'Use lower-case letters, digits, - or _, like "trust-news"';
  if (!values.type) errors.type = 'Choose a type';
  const { config, secrets } = common(values, errors);
  const missing = (SECRET_FIELDS[values.type] ?? []).filter((f) => !secrets[f]);
  if (missing.length > 0) errors.secrets = `${values.type} sources need ${missing.join(', ')}`;
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    input: {
      id: values.id,
      type: values.type,
      every: values.every,
      enabled: true,
      config,
      ...(Object.keys(secrets).length > 0 && { secrets }),
    },
  };
}

/** The edit form: blank credential fields keep the stored ones. */
export function toUpdateInput(values: SourceFormValues): { input?: SourceUpdate; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const { config, secrets } = common(values, errors);
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, input: { every: values.every, config, ...(Object.keys(secrets).length > 0 && { secrets }) } };
}
