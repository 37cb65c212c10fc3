import { describe, expect, it } from 'vitest';
import { niceCountAxis } from './axis';

describe('niceCountAxis', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten, in four equal steps from zero', () => {
    expect(niceCountAxis(1650).ticks).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceCountAxis(400).ticks).toEqual([0, 100, 200, 300, 400]);
    expect(niceCountAxis(37).ticks).toEqual([0, 10, 20, 30, 40]);
    expect(niceCountAxis(9).ticks).toEqual([0, 5, 10, 15, 20]);
    expect(niceCountAxis(7).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceCountAxis(0).ticks).toEqual([0, 1, 2, 3, 4]);
    expect(niceCountAxis(3).ticks).toEqual([0, 1, 2, 3, 4]);
    expect(niceCountAxis(90).domain).toEqual([0, 100]);
  });
});
