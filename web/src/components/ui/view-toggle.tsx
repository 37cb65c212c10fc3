export type ChartView = 'chart' | 'table';

/** Switches a panel between its chart and the same numbers as a table (for screen readers, keyboards, copying). */
export function ViewToggle({
  view,
  onChange,
  label,
}: {
  view: ChartView;
  onChange: (view: ChartView) => void;
  label: string;
}) {
  return (
    <div className="view-toggle" role="group" aria-label={`${label} view`}>
      <button type="button" className="toggle" aria-pressed={view === 'chart'} onClick={() => onChange('chart')}>
        Chart
      </button>
      <button type="button" className="toggle" aria-pressed={view === 'table'} onClick={() => onChange('table')}>
        Table
      </button>
    </div>
  );
}
