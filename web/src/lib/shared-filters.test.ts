import { describe, expect, it } from 'vitest';
import { parseFilters } from './url-state';
import { sharedFilters, withShared } from './shared-filters';

describe('shared filters', () => {
  it('takes only the filters that are set', () => {
    const f = parseFilters('?from=2025-01-01&to=2025-01-08&voice=staff&aboutUs=false&topic=pay');
    expect(sharedFilters(f)).toEqual({ voice: 'staff', aboutUs: 'false' });
  });

  it("lets a request's own values win and fills in the rest", () => {
    const merged = withShared(
      { from: '2025-01-01', to: '2025-01-02', sentiment: 'negative' as const, source: null },
      { sentiment: 'positive', voice: 'staff', source: 'x-main' },
    );
    expect(merged).toEqual({
      from: '2025-01-01',
      to: '2025-01-02',
      sentiment: 'negative',
      voice: 'staff',
      source: 'x-main',
    });
  });
});
