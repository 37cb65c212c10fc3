import { describe, expect, it } from 'vitest';
import { parseFeedDate } from './dates';

describe('feed dates', () => {
  it.each([
    ['Mon, 06 Jan 2025 09:00:00 GMT', '2025-01-06T09:00:00.000Z'],
    ['Mon, 6 Jan 2025 09:00:00 +0100', '2025-01-06T08:00:00.000Z'],
    ['6 Jan 25 09:00 EST', '2025-01-06T14:00:00.000Z'],
    ['Tue, 01 Jul 2025 10:30:00 BST', '2025-07-01T09:30:00.000Z'],
    ['Thu, 05 June 2025 10:30:00 +0000', '2025-06-05T10:30:00.000Z'],
    ['Mon, 06 Jan 2025 09:00:00', '2025-01-06T09:00:00.000Z'],
    ['2025-01-06T09:00:00Z', '2025-01-06T09:00:00.000Z'],
    ['2025-01-06T10:00:00.123+01:00', '2025-01-06T09:00:00.000Z'],
    ['2025-01-06', '2025-01-06T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  it.each([
    'yesterday',
    '1',
    'Mon, 31 Feb 2025 09:00:00 GMT',
    '06 Jan 2025 25:00:00 GMT',
    'Mon, 06 Jan 2025 09:00 XYZ',
    '',
  ])('refuses %j rather than guess', (input) => {
    expect(parseFeedDate(input)).toBeNull();
  });
});
