import { describe, expect, it } from 'vitest';
import { londonDay } from './london-day';

describe('londonDay', () => {
  it('is the UTC date in winter (GMT)', () => {
    expect(londonDay('2025-01-15T23:30:00Z')).toBe('2025-01-15');
  });
  it('moves late-evening UTC instants to the next London day in summer (BST)', () => {
    expect(londonDay('2025-07-01T23:30:00Z')).toBe('2025-07-02');
    expect(londonDay('2025-07-01T22:59:59Z')).toBe('2025-07-01');
  });
  it('follows the clock changes', () => {
    // Clocks go forward at 01:00 UTC on 30 March 2025 and back at 01:00 UTC on 26 October 2025.
    expect(londonDay('2025-03-29T23:30:00Z')).toBe('2025-03-29');
    expect(londonDay('2025-10-26T23:30:00Z')).toBe('2025-10-26');
    expect(londonDay('2025-10-25T23:30:00Z')).toBe('2025-10-26');
  });
});
