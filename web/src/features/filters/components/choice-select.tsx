type Props<T extends string> = {
  id: string;
  label: string;
  allLabel: string;
  value: T | null;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T | null) => void;
};

/** A labelled select with an "all" choice that clears the filter. */
export function ChoiceSelect<T extends string>({ id, label, allLabel, value, options, onChange }: Props<T>) {
  const known = options.some((o) => o.value === value);
  return (
    <div className="field">
      <label htmlFor={`filter-${id}`}>{label}</label>
      <select
        id={`filter-${id}`}
        data-testid={`filter-${id}`}
        value={value ?? ''}
        onChange={(event) => onChange((event.target.value || null) as T | null)}
      >
        <option value="">{allLabel}</option>
        {value && !known ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
