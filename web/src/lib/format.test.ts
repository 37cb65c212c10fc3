import { describe, expect, it } from 'vitest';
import { formatCounted, formatPlatform, formatScore, formatShare, safeExternalUrl } from './format';

describe('format helpers', () => {
  it('signs scores with a true minus', () => {
    expect(formatScore(0.4234)).toBe('+0.42');
    expect(formatScore(-0.6)).toBe('\u22120.60');
    expect(formatScore(-0.001)).toBe('0.00');
    expect(formatScore(null)).toBe('–');
  });

  it('counts and shares', () => {
    expect(formatCounted(1, 'like')).toBe('1 like');
    expect(formatCounted(2310, 'reply', 'replies')).toBe('2,310 replies');
    expect(formatShare(1, 3)).toBe('33%');
    expect(formatShare(0, 0)).toBe('0%');
  });

  it('names platforms', () => {
    expect(formatPlatform('bluesky')).toBe('Bluesky');
    expect(formatPlatform('newsite')).toBe('Newsite');
  });

  it('only lets web links through', () => {
    expect(safeExternalUrl('https://bsky.app/profile/x/post/1')).toBe('https://bsky.app/profile/x/post/1');
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl('not a url')).toBeNull();
    expect(safeExternalUrl(null)).toBeNull();
  });
});
