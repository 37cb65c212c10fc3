import { describe, expect, it } from 'vitest';
import type { AlertDelivery } from '@lp/contracts/alerts';
import { deliveryStatusWords, metricValue, watchesWords, windowWords } from './alert-words';

describe('alert words', () => {
  it('says what a rule watches in plain words', () => {
    expect(watchesWords('negative_share', { voice: 'staff' })).toBe('Share of posts that are negative — staff posts');
    expect(watchesWords('volume', { aboutUs: true })).toBe('Number of posts — about us');
    expect(watchesWords('volume', {})).toBe('Number of posts — all posts');
    expect(watchesWords('volume', { topic: 'pay', source: 'rss-a', aboutUs: false }, () => 'Pay')).toBe(
      'Number of posts — not about us, topic: Pay, source: rss-a',
    );
  });

  it('shows a negative share as a percentage and a volume as posts', () => {
    expect(metricValue('negative_share', 0.384)).toBe('38% negative');
    expect(metricValue('negative_share', 0.052)).toBe('5.2% negative');
    expect(metricValue('volume', 42)).toBe('42 posts');
    expect(metricValue('volume', 12.5)).toBe('12.5 posts');
    expect(metricValue('volume', 1)).toBe('1 post');
    expect(metricValue('volume', null)).toBe('–');
  });

  it('gives the window in UK time, the day once when it does not change', () => {
    // 14:00Z in summer is 15:00 in London.
    expect(windowWords({ from: '2025-07-03T14:00:00Z', to: '2025-07-03T15:00:00Z' })).toBe(
      'Thu 3 Jul 2025, 15:00 to 16:00',
    );
    expect(windowWords({ from: '2025-12-03T23:00:00Z', to: '2025-12-04T00:00:00Z' })).toBe(
      'Wed 3 Dec 2025, 23:00 to 00:00',
    );
    expect(windowWords({ from: '2025-12-03T23:30:00Z', to: '2025-12-04T00:30:00Z' })).toBe(
      'Wed 3 Dec 2025, 23:30 to Thu 4 Dec 2025, 00:30',
    );
  });

  it('words a failed delivery with its error and a held one as held for quiet hours', () => {
    const d: AlertDelivery = {
      channel: 'c1',
      type: 'slack',
      target: 'https://hooks.slack.com/…',
      status: 'failed',
      attempts: 2,
      lastError: 'HTTP 500',
      sentAt: null,
      nextAttemptAt: null,
    };
    expect(deliveryStatusWords(d)).toBe('Failed, will try again: HTTP 500');
    expect(deliveryStatusWords({ ...d, status: 'held', lastError: null })).toBe('Held for quiet hours');
  });
});
