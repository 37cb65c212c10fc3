import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { countPosts, postExternalIds } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { EMPTY_WATCHLIST } from '../../watchlist';
import { makeTweet, snowflakes, startXFixture, type XFixture } from './x-fixture';
import { X_ENV, xSources } from './x-sources';

const hourAgo = () => new Date(Date.now() - 3_600_000);

describe('x connector faults through the real queue', () => {
  let fx: XFixture;

  beforeEach(async () => {
    fx = await startXFixture();
  });
  afterEach(() => fx.close());
  const { db, start, ingest, poll } = usePipeline({ processEnv: X_ENV, watchlist: EMPTY_WATCHLIST });

  const stateOf = async (id: string) => (await getSource(db, id))?.state;

  it('a 429 storm delays only that source, fails no job, and leaves another source polling', async () => {
    const other = await startXFixture(fx.token);
    try {
      const mine = snowflakes(hourAgo(), 5);
      const theirs = snowflakes(hourAgo(), 4).map((id) => String(BigInt(id) + 7n));
      fx.add(...mine.map((id) => makeTweet(id)));
      other.add(...theirs.map((id) => makeTweet(id)));
      await start({
        sources: xSources([
          { id: 'x1', baseUrl: fx.url, query: 'nhs' },
          { id: 'x2', baseUrl: other.url, query: 'nhs' },
        ]),
      });
      // No Retry-After: X's reset header (epoch seconds) sets the wait, as on the real API.
      const reset = () => ({
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      });
      fx.fail(
        { status: 429, headers: reset },
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 429, headers: reset },
      );

      await poll('x1');
      const limited = await waitFor(async () => {
        const s = await getSource(db, 'x1');
        return s?.state === 'rate_limited' ? s : null;
      }, 'x1 rate limited');
      expect(limited.notBefore!.getTime()).toBeGreaterThan(Date.now() - 1000);
      expect(limited.lastError).toMatch(/rate limited/);

      await poll('x2');
      await waitFor(async () => (await stateOf('x2')) === 'ok', 'x2 polled while x1 waits');
      expect((await getSource(db, 'x2'))?.notBefore).toBeNull();

      await waitFor(async () => (await countPosts(db)) === 9, "x1's posts after the storm", 20_000);
      expect(await stateOf('x1')).toBe('ok');
      expect(fx.requests).toHaveLength(4);
      expect(await postExternalIds(db)).toEqual([...mine, ...theirs].sort());
      // The other source was never delayed or retried.
      expect(other.requests).toHaveLength(1);
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a 500 is retried with backoff and the source recovers', async () => {
    fx.add(...snowflakes(hourAgo(), 3).map((id) => makeTweet(id)));
    await start({ sources: xSources([{ id: 'x1', baseUrl: fx.url, query: 'nhs' }]) });
    fx.fail({ status: 500, body: { title: 'Internal Server Error', type: 'about:blank', status: 500 } });

    await poll('x1');
    await waitFor(async () => (await stateOf('x1')) === 'backoff', 'the source to show its backoff');
    expect((await getSource(db, 'x1'))?.lastError).toMatch(/500/);
    await waitFor(async () => (await countPosts(db)) === 3, 'posts after the retry', 20_000);
    expect(await stateOf('x1')).toBe('ok');
    expect(fx.requests).toHaveLength(2);
  });

  it('a 401 stops the source and says why, without the token', async () => {
    fx.add(...snowflakes(hourAgo(), 3).map((id) => makeTweet(id)));
    await start({ sources: xSources([{ id: 'x1', baseUrl: fx.url, query: 'nhs' }], 'X_REVOKED_TOKEN') });

    await poll('x1');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'x1');
      return s?.state === 'stopped' ? s : null;
    }, 'the source stopped');
    expect(stopped.enabled).toBe(false);
    expect(stopped.lastError).toMatch(/401/);
    expect(stopped.lastError).not.toContain('revoked-token');
    expect(fx.requests).toHaveLength(1);
    expect(await countPosts(db)).toBe(0);
  });
});
