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
      <aside className="synthetic-banner" data-testid="synthetic-banner" aria-label="Demo data notice">
        <p>
          <strong>Demo data:</strong> includes synthetic posts ({synthetic.map((s) => s.id).join(', ')}), not real
          people’s opinions; each is marked <span className="badge badge-synthetic">Synthetic</span>.
        </p>
      </aside>
    </div>
  );
}
