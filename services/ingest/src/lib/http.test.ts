import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './http';

describe('Retry-After', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)?.toISOString()).toBe('2025-01-01T00:02:00.000Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:05:00 GMT', now)?.toISOString()).toBe('2025-01-01T00:05:00.000Z');
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
