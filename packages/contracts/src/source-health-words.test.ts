import { describe, expect, it } from 'vitest';
import { describeSourceHealth, type SourceHealthFacts } from './source-health-words';

const facts = (over: Partial<SourceHealthFacts>): SourceHealthFacts => ({
  type: 'x',
  managedBy: 'dashboard',
  enabled: true,
  state: 'ok',
  lastError: null,
  lastSuccessAt: '2026-12-01T08:00:00.000Z',
  postsLastDay: 40,
  itemsWaiting: 0,
  ...over,
});

describe('the health table in plain words', () => {
  it('warns a week before a token expires, and says so once it has', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    const soon = describeSourceHealth(facts({ credentialExpiresAt: '2026-12-09T00:00:00Z' }), now);
    expect(soon).toEqual({
      summary: 'Collecting; the token expires on 9 Dec 2026.',
      nextAction: 'Token expires soon: replace it before then (in Edit, then Resume).',
      tone: 'warn',
    });
    const later = describeSourceHealth(facts({ credentialExpiresAt: '2027-02-01T00:00:00Z' }), now);
    expect(later.tone).toBe('good');
    const gone = describeSourceHealth(facts({ credentialExpiresAt: '2026-12-01T00:00:00Z' }), now);
    expect(gone).toMatchObject({ summary: 'The token expired on 1 Dec 2026.', tone: 'bad' });
    // Without a clock the expiry is not judged (a view without one says what the state says).
    expect(describeSourceHealth(facts({ credentialExpiresAt: '2026-12-01T00:00:00Z' })).tone).toBe('good');
  });

  it('tells a spent daily quota (YouTube) from a monthly read budget (X)', () => {
    const daily = describeSourceHealth(
      facts({ state: 'budget_spent', lastError: 'daily quota spent; polling resumes 2026-12-05T08:00:00.000Z' }),
    );
    expect(daily.summary).toMatch(/^Today's quota is spent; polling resumes after midnight Pacific time/);
    expect(daily.nextAction).toMatch(/dailyQuotaUnits/);
    const monthly = describeSourceHealth(facts({ state: 'budget_spent', lastError: 'monthly read budget spent' }));
    expect(monthly.nextAction).toMatch(/monthlyReadBudget/);
  });

  it('says a refused or expired token needs replacing, and where', () => {
    const refused = 'x.example answered… 401: the token was refused by api.x.com (Unauthorized) for /2/tweets';
    const words = describeSourceHealth(
      facts({ state: 'stopped', enabled: false, lastError: refused.replace(/^.*?401/, '401') }),
    );
    expect(words).toEqual({
      summary: 'The platform refused the token or password.',
      nextAction: 'Token refused or expired: replace it in Edit, then Resume.',
      tone: 'bad',
    });
    const fromFile = describeSourceHealth(
      facts({ state: 'stopped', managedBy: 'file', lastError: '403: api.x.com refused access with this token' }),
    );
    expect(fromFile.nextAction).toBe(
      'Token refused or expired: replace it in the sources file or the ingest environment, then Resume.',
    );
  });

  it('names the fix for each reason a source stops', () => {
    const next = (lastError: string) => describeSourceHealth(facts({ state: 'stopped', lastError })).summary;
    expect(next('this address is not a feed (it is an HTML page)')).toBe('This address is not a feed.');
    expect(next('missing credentials: bearerToken')).toBe('A credential is missing.');
    expect(next('environment variable X_TOKEN (for bearerToken) is not set in the ingest process')).toBe(
      'A credential is missing.',
    );
    expect(next('not fetched: 10.0.0.1 is a private address')).toBe('The address is private or not allowed.');
    expect(next('news.example answered 410 for /feed: the feed is gone')).toBe(
      'The address or account no longer exists.',
    );
    expect(next('401: news.example wants a sign-in for this feed (401)')).toBe(
      'This feed is not public: it asks for a sign-in.',
    );
    expect(next('something nobody foresaw')).toBe('Stopped by an error that retrying cannot fix.');
  });

  it('asks for nothing while a source is fine, waiting or healing by itself', () => {
    expect(describeSourceHealth(facts({}))).toEqual({ summary: 'Collecting.', nextAction: null, tone: 'good' });
    expect(describeSourceHealth(facts({ state: 'new' })).nextAction).toBeNull();
    const limited = describeSourceHealth(
      facts({ state: 'rate_limited', lastError: 'rate limited by api.x.com until 2026-12-01T09:15:00.000Z' }),
    );
    expect(limited).toEqual({
      summary: 'The platform asked us to wait until 2026-12-01T09:15:00.000Z.',
      nextAction: null,
      tone: 'warn',
    });
    const backoff = describeSourceHealth(
      facts({ state: 'backoff', lastError: 'request to news.example failed: fetch failed' }),
    );
    expect(backoff.summary).toBe('The platform could not be reached; retrying.');
    expect(backoff.nextAction).toMatch(/retries by itself/);
  });

  it('points at the cause when posts stop or pile up, and at Resume when paused', () => {
    expect(describeSourceHealth(facts({ postsLastDay: 0 })).nextAction).toMatch(/search terms/);
    expect(describeSourceHealth(facts({ itemsWaiting: 5_000 })).nextAction).toMatch(/NLP workers/);
    expect(describeSourceHealth(facts({ state: 'paused', enabled: false })).nextAction).toBe(
      'Resume it to collect again.',
    );
    expect(describeSourceHealth(facts({ state: 'budget_spent' })).nextAction).toMatch(/monthlyReadBudget/);
  });

  it('names a missed span, and a stream nobody is reading', () => {
    const gap = {
      from: '2026-12-01T09:00:00.000Z',
      to: '2026-12-01T14:30:00.000Z',
      reason: 'the stream was away 6 h, longer than the 2 h the instance replays: posts between … were not collected',
    };
    const w = describeSourceHealth(
      facts({ type: 'jetstream', lastGap: gap, lastSuccessAt: '2026-12-01T14:59:00.000Z' }),
      new Date('2026-12-01T15:00:00Z'),
    );
    expect(w.tone).toBe('warn');
    expect(w.summary).toBe(
      'Collecting; posts from 1 Dec, 09:00 to 1 Dec, 14:30 were missed (the stream was away 6 h, longer than the 2 h the instance replays).',
    );
    expect(w.nextAction).toMatch(/show as a gap in the dashboard and reports/);
    const silent = describeSourceHealth(
      facts({ type: 'jetstream', lastSuccessAt: '2026-12-01T08:00:00.000Z' }),
      new Date('2026-12-01T09:00:00Z'),
    );
    expect(silent.tone).toBe('bad');
    expect(silent.nextAction).toMatch(/stream role/);
    // A polled source that last succeeded an hour ago is simply between polls.
    expect(describeSourceHealth(facts({}), new Date('2026-12-01T09:00:00Z')).tone).toBe('good');
    expect(describeSourceHealth(facts({ type: 'jetstream', state: 'new' })).summary).toMatch(/stream consumer/);
  });
});
