import type { ReactNode } from 'react';

/** One row of an nhsuk summary list: a key and its value (stacked on a phone). */
export function SummaryRow({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
