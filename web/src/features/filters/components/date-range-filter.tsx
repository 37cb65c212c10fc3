import { useState } from 'react';
import { addDays, daysBetween, isIsoDate, lastDays, todaySoFar, type DateRange } from '../../../lib/dates';

type Props = { from: string; to: string; onChange: (range: DateRange) => void };

// Whole days ending yesterday, so each can be compared with the period before; today has its own.
const PRESETS = [
  { days: 0, label: 'Today so far' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  // A rolling quarter (13 weeks), like the other presets; a financial quarter is a custom range away.
  { days: 91, label: 'Last quarter' },
] as const;

/**
 * Date presets plus custom first/last-day inputs. The inputs show the last day included, as people
 * count; the URL and the API keep `to` exclusive (the day after).
 */
export function DateRangeFilter({ from, to, onChange }: Props) {
  const presets = PRESETS.map((p) => ({ ...p, range: p.days === 0 ? todaySoFar() : lastDays(p.days) }));
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
  // `last` is the last day shown and included: the day before the exclusive `to`.
  const [draft, setDraft] = useState({ from, last: addDays(to, -1) });
  const complete = isIsoDate(draft.from) && isIsoDate(draft.last);
  const invalid = complete && draft.from > draft.last;

  const update = (patch: Partial<typeof draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    const plausible = [next.from, next.last].every((d) => isIsoDate(d) && d >= EARLIEST && d < LATEST);
    if (!plausible || next.from > next.last) return;
    const range = { from: next.from, to: addDays(next.last, 1) };
    if (range.from !== from || range.to !== to) onChange(range);
  };

  return (
    <div className="date-inputs">
      <div className="field">
        <label htmlFor="filter-from">First day</label>
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
        <label htmlFor="filter-to">Last day</label>
        <input
          id="filter-to"
          data-testid="filter-to"
          type="date"
          value={draft.last}
          min={EARLIEST}
          max={LATEST}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'filter-range-error' : undefined}
          onChange={(event) => update({ last: event.target.value })}
        />
      </div>
      {invalid ? (
        <p id="filter-range-error" className="field-error" role="alert">
          The first day must not be after the last day.
        </p>
      ) : null}
    </div>
  );
}
