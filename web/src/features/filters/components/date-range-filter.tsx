import { useState } from 'react';
import { daysBetween, isIsoDate, lastDays, type DateRange } from '../../../lib/dates';

type Props = { from: string; to: string; onChange: (range: DateRange) => void };

const PRESETS = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  // A rolling quarter (13 weeks), like the other presets; a financial quarter is a custom range away.
  { days: 91, label: 'Last quarter' },
] as const;

/** Date presets plus custom from/to inputs. `to` is exclusive, exactly as in the URL and the API. */
export function DateRangeFilter({ from, to, onChange }: Props) {
  const presets = PRESETS.map((p) => ({ ...p, range: lastDays(p.days) }));
  const active = presets.find((p) => p.range.from === from && p.range.to === to);

  return (
    <fieldset className="filter-group">
      <legend>Date range</legend>
      <div className="preset-buttons" role="group" aria-label="Preset ranges">
        {presets.map((p) => (
          <button
            key={p.days}
            type="button"
            className="toggle"
            aria-pressed={active?.days === p.days}
            onClick={() => onChange(p.range)}
          >
            {p.label}
          </button>
        ))}
        <span className={`preset-custom${active ? '' : ' is-active'}`} aria-live="polite">
          {active ? '' : `Custom: ${daysBetween(from, to)} days`}
        </span>
      </div>
      {/* Keyed by the committed range so the inputs reset when a preset or the Back button changes it. */}
      <CustomRange key={`${from}|${to}`} from={from} to={to} onChange={onChange} />
    </fieldset>
  );
}

// Typing a year into a date input passes through 0002, 0020, 0202…; only plausible years are applied.
const EARLIEST = '2000-01-01';
const LATEST = '2100-01-01';

function CustomRange({ from, to, onChange }: Props) {
  const [draft, setDraft] = useState<DateRange>({ from, to });
  const complete = isIsoDate(draft.from) && isIsoDate(draft.to);
  const invalid = complete && draft.from >= draft.to;

  const update = (patch: Partial<DateRange>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    const plausible = [next.from, next.to].every((d) => isIsoDate(d) && d >= EARLIEST && d <= LATEST);
    if (plausible && next.from < next.to && (next.from !== from || next.to !== to)) onChange(next);
  };

  return (
    <div className="date-inputs">
      <div className="field">
        <label htmlFor="filter-from">From</label>
        <input
          id="filter-from"
          data-testid="filter-from"
          type="date"
          value={draft.from}
          min={EARLIEST}
          max={LATEST}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'filter-range-error' : undefined}
          onChange={(event) => update({ from: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-to">
          To <span className="label-hint">(not included)</span>
        </label>
        <input
          id="filter-to"
          data-testid="filter-to"
          type="date"
          value={draft.to}
          min={EARLIEST}
          max={LATEST}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'filter-range-error' : 'filter-to-hint'}
          onChange={(event) => update({ to: event.target.value })}
        />
      </div>
      <p id="filter-to-hint" className="visually-hidden">
        The range stops at the start of this day, so pick the day after the last one you want.
      </p>
      {invalid ? (
        <p id="filter-range-error" className="field-error" role="alert">
          “From” must be before “To”.
        </p>
      ) : null}
    </div>
  );
}
