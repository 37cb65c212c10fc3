import { describe, expect, it } from 'vitest';
import { PASSIVE_AFTER_MS, isPassive } from './activity';

describe('passive requests', () => {
  it('counts requests as passive only a minute after the last activity', () => {
    const now = Date.now();
    expect(isPassive(now)).toBe(false);
    expect(isPassive(now + PASSIVE_AFTER_MS - 1_000)).toBe(false);
    expect(isPassive(now + PASSIVE_AFTER_MS + 1_000)).toBe(true);
  });
});
