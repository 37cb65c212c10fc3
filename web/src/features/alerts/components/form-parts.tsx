import { useId, type ReactNode, type Ref } from 'react';
import type { FieldErrors } from '../utils/rule-form';

/**
 * nhsuk's error summary: a heading, then each problem linking to its field. It takes focus when
 * shown (the form does that), so a screen reader hears the problems first.
 */
export function ErrorSummary({
  errors,
  fieldId,
  ref,
}: {
  errors: FieldErrors;
  fieldId: (key: string) => string | null;
  ref?: Ref<HTMLDivElement>;
}) {
  const titleId = useId();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div
      className="nhsuk-error-summary"
      role="alert"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={ref}
      data-testid="alert-rule-errors"
    >
      <h2 className="nhsuk-error-summary__title" id={titleId}>
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {entries.map(([key, message]) => {
            const id = fieldId(key);
            return <li key={key}>{id ? <a href={`#${id}`}>{message}</a> : message}</li>;
          })}
        </ul>
      </div>
    </div>
  );
}

/** The props that tie a control to its hint and error. */
export function describedBy(id: string, hint: boolean, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}

export function ErrorMessage({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  );
}

/** A labelled nhsuk form group; `children` is the control, given `id` and `describedBy(id, …)` by the caller. */
export function FormGroup({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

type Option<T extends string> = { value: T; label: string; hint?: string };

/** A fieldset of radios; the first radio carries `id`, so the error summary can link to the group. */
export function Radios<T extends string>({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  testId,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  options: Array<Option<T>>;
  value: T;
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`} data-testid={testId}>
      <fieldset className="nhsuk-fieldset" {...describedBy(id, Boolean(hint), error)} aria-invalid={undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={id} error={error} />
        {options.map((o, i) => {
          const optionId = i === 0 ? id : `${id}-${o.value}`;
          return (
            <div className="alert-radio" key={o.value}>
              <input
                type="radio"
                id={optionId}
                name={id}
                value={o.value}
                checked={value === o.value}
                onChange={() => onChange(o.value)}
                aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              />
              <div>
                <label className="nhsuk-label" htmlFor={optionId}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div className="nhsuk-hint" id={`${optionId}-hint`}>
                    {o.hint}
                  </div>
                ) : null}
              </div>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
