import { useSources } from '../api/get-sources';

/**
 * Demo data must never pass for real NHS conversations: whenever an enabled source is synthetic,
 * say so above everything else.
 */
export function SyntheticBanner() {
  const sources = useSources();
  const synthetic = (sources.data?.sources ?? []).filter((s) => s.enabled && s.synthetic);
  if (synthetic.length === 0) return null;

  return (
    <div className="nhsuk-width-container">
      <aside
        className="nhsuk-warning-callout synthetic-banner"
        data-testid="synthetic-banner"
        aria-label="Demo data notice"
      >
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="visually-hidden">Important: </span>
            Demo data
          </span>
        </h2>
        <p>
          This dashboard includes synthetic posts generated for demonstration ({synthetic.map((s) => s.id).join(', ')}).
          They were not written by real people and do not reflect real opinion. Each one is marked{' '}
          <span className="badge badge-synthetic">Synthetic</span>.
        </p>
      </aside>
    </div>
  );
}
