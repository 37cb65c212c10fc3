import { describe, expect, it } from 'vitest';
import { parseView, viewSearch } from './view-state';

describe('view in the URL', () => {
  it('reads the sources view and defaults to the dashboard', () => {
    expect(parseView('?view=sources')).toBe('sources');
    expect(parseView('?view=nonsense&from=2025-01-01')).toBe('dashboard');
    expect(parseView('')).toBe('dashboard');
    expect(parseView('?view=users')).toBe('users');
    expect(parseView('?view=audit')).toBe('audit');
    expect(parseView('?view=account')).toBe('account');
  });

  it('keeps the dashboard filters when switching views', () => {
    expect(viewSearch('sources', '?from=2025-01-01&to=2025-01-08')).toBe('?from=2025-01-01&to=2025-01-08&view=sources');
    expect(viewSearch('dashboard', '?view=sources&topic=pay')).toBe('?topic=pay');
    expect(viewSearch('dashboard', '?view=sources')).toBe('');
  });
});
