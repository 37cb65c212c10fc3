import type { MouseEvent } from 'react';
import { viewSearch, type View } from '../lib/view-state';

const VIEWS: Array<{ view: View; label: string }> = [
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'sources', label: 'Sources' },
];

/** Real links (open in a new tab, keyboard, history all work); a plain click switches views in place. */
export function AppNav({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const follow = (next: View) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onChange(next);
  };
  return (
    <div className="nhsuk-navigation-container">
      <nav className="nhsuk-navigation app-nav" aria-label="Main">
        <ul className="nhsuk-header__navigation-list nhsuk-header__navigation-list--left-aligned">
          {VIEWS.map((v) => (
            <li key={v.view} className="nhsuk-header__navigation-item">
              <a
                className="nhsuk-header__navigation-link"
                href={`${window.location.pathname}${viewSearch(v.view, window.location.search)}`}
                aria-current={v.view === view ? 'page' : undefined}
                onClick={follow(v.view)}
                data-testid={`nav-${v.view}`}
              >
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
