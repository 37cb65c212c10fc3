import { describe, expect, it } from 'vitest';
import { parseSourcesFile } from './sources-file';
import { compileWatchlist, watchlistTerms, zWatchlist } from './watchlist';

const watchlist = zWatchlist.parse({
  names: ['Royal Free', 'Royal Free Hospital'],
  wards: ['Ward 7'],
  hashtags: ['RoyalFreeNHS'],
  accounts: ['@RoyalFreeNHS'],
});

describe('watch list', () => {
  const match = compileWatchlist(watchlist);
  it('finds whole-word, case-insensitive mentions and names the longest term', () => {
    expect(match('Great care at the royal free hospital today')).toBe('Royal Free Hospital');
    expect(match('Royal Free A&E was heaving')).toBe('Royal Free');
    expect(match('Night shift on ward 7 again')).toBe('Ward 7');
    expect(match('Night shift on ward 71 again')).toBeNull();
    expect(match('Thanks #RoyalFreeNHS')).toBe('#RoyalFreeNHS');
    expect(match('cc @royalfreenhs')).toBe('@RoyalFreeNHS');
    expect(match('Royalfreedom is not us')).toBeNull();
  });

  it('seeds search queries', () => {
    expect(watchlistTerms(watchlist)).toEqual(['Royal Free', 'Royal Free Hospital', 'Ward 7', '#RoyalFreeNHS']);
  });

  it('is read from the sources file and validated', () => {
    const parsed = parseSourcesFile(
      'sources: []\nwatchlist:\n  names: [Royal Free]\n  hashtags: [RoyalFreeNHS]\n',
      's.yaml',
      {},
    );
    expect(parsed.watchlist.names).toEqual(['Royal Free']);
    expect(() => parseSourcesFile('sources: []\nwatchlist:\n  hashtags: ["#bad tag"]\n', 's.yaml', {})).toThrow(
      /line 3: watchlist\.hashtags\[0\]/,
    );
    expect(() => parseSourcesFile('sources: []\nwatchlist:\n  nmaes: [x]\n', 's.yaml', {})).toThrow(/watchlist/);
  });
});
