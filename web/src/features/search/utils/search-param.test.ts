import { describe, expect, it } from 'vitest';
import { parseSearchTerm, withSearchTerm } from './search-param';

describe('search term in the URL', () => {
  it('reads q, trimmed and capped at the API limit', () => {
    expect(parseSearchTerm('?from=2025-01-01&q=%22nurses+are+tired%22')).toBe('"nurses are tired"');
    expect(parseSearchTerm('?q=++')).toBe('');
    expect(parseSearchTerm('')).toBe('');
    expect(parseSearchTerm(`?q=${'x'.repeat(300)}`)).toHaveLength(200);
  });

  it('writes q beside the other filters and removes it when blank', () => {
    const search = withSearchTerm(' "nurses are tired" -pay ', '?from=2025-01-01&to=2025-02-01&topic=pay');
    expect(search).toBe('?from=2025-01-01&to=2025-02-01&topic=pay&q=%22nurses+are+tired%22+-pay');
    expect(parseSearchTerm(search)).toBe('"nurses are tired" -pay');
    expect(withSearchTerm('', search)).toBe('?from=2025-01-01&to=2025-02-01&topic=pay');
  });
});
