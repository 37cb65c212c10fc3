import type { MouseEvent } from 'react';
import { roleAtLeast, type Role } from '@lp/contracts/auth';
import { useSessionUser } from '../lib/session';
import { viewSearch, type View } from '../lib/view-state';

const VIEWS: Array<{ view: View; label: string; role: Role }> = [
  { view: 'dashboard', label: 'Dashboard', role: 'viewer' },
  { view: 'report', label: 'Weekly report', role: 'viewer' },
  { view: 'labels', label: 'Label a sample', role: 'analyst' },
  { view: 'alerts', label: 'Alerts', role: 'analyst' },
  { view: 'model', label: 'Model', role: 'viewer' },
  { view: 'sources', label: 'Sources', role: 'admin' },
  { view: 'watchlist', label: 'Watch list', role: 'admin' },
  { view: 'users', label: 'Users', role: 'admin' },
  { view: 'audit', label: 'Audit log', role: 'admin' },
];

/** Real links (open in a new tab, keyboard, history all work); a plain click switches views in place. */
export function AppNav({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const { role } = useSessionUser();
  const shown = VIEWS.filter((v) => roleAtLeast(role, v.role));
  // One link needs no navigation bar.
  if (shown.length < 2) return null;
  const follow = (next: View) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onChange(next);
  };
  return (
    <div className="nhsuk-navigation-container">
      <nav className="nhsuk-navigation app-nav" aria-label="Main">
        <ul className="nhsuk-header__navigation-list nhsuk-header__navigation-list--left-aligned">
          {shown.map((v) => (
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
