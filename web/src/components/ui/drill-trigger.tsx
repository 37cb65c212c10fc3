import type { ReactNode } from 'react';
import { openDrill, type Drill } from '../../lib/drill-state';
import { useCan } from '../../lib/session';

type Props = {
  drill: Drill;
  /** The accessible name; it starts with the visible text so speech users can say what they see. */
  label: string;
  children: ReactNode;
};

/** A button that opens the posts behind a table cell or row. */
export function DrillTrigger({ drill, label, children }: Props) {
  // The posts behind a figure are the analyst's; a viewer sees the figure itself.
  const canDrill = useCan('analyst');
  if (!canDrill) return <>{children}</>;
  return (
    <button
      type="button"
      className="link-button drill-trigger"
      data-testid="drill-trigger"
      data-sentiment={drill.sentiment ?? undefined}
      aria-label={label}
      aria-haspopup="dialog"
      onClick={() => openDrill(drill)}
    >
      {children}
    </button>
  );
}
