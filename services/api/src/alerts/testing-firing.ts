/** Realistic firings for the alert tests, checked against the contract so a drift in it fails here. */
import { zAlertFiring, type AlertFiring } from '@lp/contracts/alerts';

export function ruleFiring(overrides: Partial<AlertFiring> = {}): AlertFiring {
  return zAlertFiring.parse({
    id: '1042',
    alert: 'r7k2m9q4',
    alertName: 'Posts about our hospitals',
    kind: 'rule',
    metric: 'volume',
    // 14:05–15:05 in London on Thu 3 Dec 2026 (GMT, so the same in UTC).
    window: { from: '2026-12-03T14:05:00.000Z', to: '2026-12-03T15:05:00.000Z' },
    value: 142,
    baseline: 40,
    threshold: 61,
    baselineWeeks: 8,
    summary: '142 posts in the hour to 15:05, against a usual 40 for a Thursday afternoon',
    terms: [
      { term: 'norovirus', z: 6.12 },
      { term: 'ward closure', z: 5.4 },
    ],
    posts: [
      { id: 'p1', url: 'https://bsky.app/profile/a/post/1', text: 'Ward 4 shut again, norovirus. Visiting cancelled.' },
      { id: 'p2', url: null, text: 'Norovirus & ward closure at the General <again>' },
      { id: 'p3', url: null, text: null },
      { id: 'p4', url: null, text: 'Third post with text' },
      { id: 'p5', url: null, text: 'Fifth post, beyond the three shown' },
    ],
    sources: [
      { id: 'bluesky', posts: 97 },
      { id: 'reddit-nhs', posts: 45 },
    ],
    leftOut: [{ id: 'mastodon', reason: 'still reading its history' }],
    link: 'https://lp.example.nhs.uk/explore?from=2026-12-03T14:05:00.000Z&to=2026-12-03T15:05:00.000Z',
    source: null,
    quiet: false,
    firedAt: '2026-12-03T15:05:07.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...overrides,
  });
}

export function sourceHealthFiring(overrides: Partial<AlertFiring> = {}): AlertFiring {
  return ruleFiring({
    id: '1043',
    alert: null,
    alertName: 'Source stopped: reddit-nhs',
    kind: 'source_health',
    metric: null,
    value: null,
    baseline: null,
    threshold: null,
    baselineWeeks: null,
    summary: 'reddit-nhs has sent no posts for 6 hours',
    terms: [],
    posts: [],
    sources: [],
    leftOut: [],
    link: 'https://lp.example.nhs.uk/sources/reddit-nhs',
    source: { id: 'reddit-nhs', condition: 'stopped', recovered: false, error: 'HTTP 503 from the API' },
    ...overrides,
  });
}
