import { useId, type ReactNode } from 'react';

type PanelProps = {
  title: string;
  /** Stable hook for browser tests; present whatever state the panel is in. */
  testId?: string;
  description?: ReactNode;
  /** Right-hand header content: "updated …" stamp, view toggles. */
  actions?: ReactNode;
  busy?: boolean;
  className?: string;
  children: ReactNode;
};

/** A titled dashboard card. The section is labelled by its heading, so it is a landmark screen readers can jump to. */
export function Panel({ title, testId, description, actions, busy = false, className, children }: PanelProps) {
  const headingId = useId();
  return (
    <section
      className={['nhsuk-card', 'panel', className].filter(Boolean).join(' ')}
      aria-labelledby={headingId}
      aria-busy={busy}
      data-testid={testId}
    >
      <div className="nhsuk-card__content">
        <header className="panel-header">
          <div>
            <h2 id={headingId} className="nhsuk-card__heading">
              {title}
            </h2>
            {description ? <p className="panel-description">{description}</p> : null}
          </div>
          {actions ? <div className="panel-actions">{actions}</div> : null}
        </header>
        {children}
      </div>
    </section>
  );
}
