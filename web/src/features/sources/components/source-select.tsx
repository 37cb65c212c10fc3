import { useSources } from '../api/get-sources';

type Props = { value: string | null; onChange: (source: string | null) => void };

/** The source filter; options are the configured sources (paused ones included: their posts still count). */
export function SourceSelect({ value, onChange }: Props) {
  const sources = useSources();
  const options = [...(sources.data?.sources ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const missing = value && !options.some((s) => s.id === value);
  return (
    <div className="field">
      <label htmlFor="filter-source">Source</label>
      <select
        id="filter-source"
        data-testid="filter-source"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">All sources</option>
        {missing ? <option value={value}>{value}</option> : null}
        {options.map((s) => (
          <option key={s.id} value={s.id}>
            {s.id} ({s.type})
          </option>
        ))}
      </select>
    </div>
  );
}
