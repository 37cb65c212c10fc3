import { describe, expect, it } from 'vitest';
import type { PostDraft } from '@lp/contracts/post';
import { judge, missing, relistWindow, textHash, versionOf, type Known, type TaskResult } from './window';

const H = 3_600_000;
const NOW = new Date('2026-12-04T12:00:00Z');
const k = (id: string, hoursAgo: number, thread: string | null = null, text = id): Known => ({
  id,
  at: NOW.getTime() - hoursAgo * H,
  thread,
  h: textHash(text),
  v: '',
});
const draft = (id: string, hoursAgo: number, text = id, version = ''): PostDraft => ({
  platform: 'test',
  externalId: id,
  url: null,
  publishedAt: new Date(NOW.getTime() - hoursAgo * H).toISOString(),
  text,
  lang: 'en',
  authorPseudonym: null,
  metrics: { reposts: 0, likes: 0, replies: 0 },
  synthetic: false,
  version,
});

describe('deletions seen by re-listing a window', () => {
  const windowStart = NOW.getTime() - 48 * H;

  it('a remembered post inside the window that was not listed again is gone, with its comments', () => {
    const known = [k('p1', 1), k('p2', 2), k('c1', 1, 'p2'), k('old', 60)];
    const gone = missing(known, { windowStart, seen: [k('p1', 1)], threads: ['p1'] }).map((x) => x.id);
    // The old post is outside the window: not listed is not evidence it was deleted.
    expect(gone.sort()).toEqual(['c1', 'p2']);
  });

  it('judges comments only on threads read whole', () => {
    const known = [k('p1', 1), k('c1', 1, 'p1'), k('p2', 2), k('c2', 2, 'p2')];
    const seen = [k('p1', 1), k('p2', 2)];
    expect(missing(known, { windowStart, seen, threads: ['p1'] }).map((x) => x.id)).toEqual(['c1']);
  });

  it('deletes only what two complete passes in a row missed (a page that shifted mid-pass skips, it does not delete)', () => {
    const pass = { windowStart, seen: [k('p1', 1)], threads: [] };
    const first = judge([k('p1', 1), k('p2', 2)], pass);
    expect(first.deleted).toEqual([]);
    expect(first.remember.find((x) => x.id === 'p2')?.m).toBe(1);
    // Listed again by the next pass: forgiven.
    const back = judge(first.remember, { windowStart, seen: [k('p1', 1), k('p2', 2)], threads: [] });
    expect(back.deleted).toEqual([]);
    expect(back.remember.find((x) => x.id === 'p2')?.m).toBeUndefined();
    // Missed twice: deleted.
    expect(judge(first.remember, pass).deleted).toEqual(['p2']);
  });

  it('remembers comments of a listed post whose comments could not be read, to judge them later', () => {
    const known = [k('p1', 1), k('c1', 1, 'p1'), k('old', 60), k('c0', 59, 'old')];
    const { deleted, remember } = judge(known, { windowStart, seen: [k('p1', 1)], threads: [] });
    expect(deleted).toEqual([]);
    // c1 is kept for the next pass; the old post's comment is outside every listing and let go.
    expect(remember.map((x) => x.id).sort()).toEqual(['c1', 'p1']);
  });
});

describe('versions on platforms without an edit time', () => {
  it('keeps the stored version while the text is unchanged, and takes the time of noticing when it changes', () => {
    const before = { ...k('p1', 1), v: '2026-12-01T00:00:00.000Z' };
    expect(versionOf(draft('p1', 1), before, NOW)).toBe('2026-12-01T00:00:00.000Z');
    expect(versionOf(draft('p1', 1, 'edited'), before, NOW)).toBe(NOW.toISOString());
    expect(versionOf(draft('p1', 1, 'new'), undefined, NOW)).toBe('');
    expect(versionOf(draft('p1', 1, 'x', '2026-12-02T00:00:00.000Z'), before, NOW)).toBe('2026-12-02T00:00:00.000Z');
  });
});

describe('one poll of a pass', () => {
  type Task = { page: number };
  const pages: Record<number, TaskResult<Task>> = {
    0: { items: [{ externalId: 'a', draft: draft('a', 1), thread: null }], bad: [], next: [{ page: 1 }] },
    1: {
      items: [{ externalId: 'b', draft: draft('b', 2), thread: null }],
      bad: [{ key: 'bad1', externalId: 'x', reason: 'no date', payload: {} }],
      next: [],
    },
  };
  const poll = (cursor: Record<string, unknown> | null, maxRequests: number, callsLeft: number | null = null) =>
    relistWindow<Task>({
      cursor,
      now: NOW,
      windowHours: 48,
      maxRequests,
      callsLeft,
      platform: 'test',
      start: () => [{ page: 0 }],
      run: async (t) => pages[t.page]!,
      threadOf: () => null,
    });

  it('carries an unfinished pass in the cursor and judges only when it ends', async () => {
    const first = await poll(null, 1);
    expect(first.items.map((i) => i.externalId)).toEqual(['a']);
    expect(first.full).toBe(true);
    expect(first.deletions).toBeUndefined();
    const second = await poll(first.nextCursor, 1);
    expect(second.items.map((i) => i.externalId)).toEqual(['b']);
    expect(second.full).toBe(false);
    expect(second.quarantined).toHaveLength(1);
    // The first complete pass covers its window.
    expect(second.coveredFrom).toEqual(new Date(NOW.getTime() - 48 * H));
    const third = await poll(second.nextCursor, 10, 100);
    expect(third.items).toHaveLength(2);
    expect(third.deletions).toEqual([]);
    expect(third.quarantined).toHaveLength(0); // the bad item was reported once
    expect(third.reads).toBe(2);
  });

  it('stops at the calls left in a quota without asking to poll again at once', async () => {
    const first = await poll(null, 10, 1);
    expect(first.reads).toBe(1);
    expect(first.full).toBe(false);
    expect((first.nextCursor as { pass?: unknown }).pass).toBeDefined();
  });
});

describe('what a pass does when things go wrong', () => {
  type Task = { n: number };
  const item = (id: string, hoursAgo: number) => ({ externalId: id, draft: draft(id, hoursAgo), thread: null });
  const run = (
    cursor: Record<string, unknown> | null,
    script: (t: Task) => Promise<TaskResult<Task>>,
    start: Task[] = [{ n: 0 }],
    maxRequests = 10,
  ) =>
    relistWindow<Task>({
      cursor,
      now: NOW,
      windowHours: 48,
      maxRequests,
      callsLeft: 100,
      platform: 'test',
      start: () => start,
      run: script,
      threadOf: (t) => (t.n > 0 ? `thread-${t.n}` : null),
    });

  it('keeps what a poll fetched before a 5xx or a 429, charges those calls, and retries the failing call next', async () => {
    const { RateLimitedError, TransientError } = await import('../../lib/errors');
    const retryAt = new Date(NOW.getTime() + 60_000);
    const fails = [new TransientError('503'), new RateLimitedError('429', retryAt)];
    for (const err of fails) {
      const page = await run(null, async (t) => {
        if (t.n === 1) throw err;
        return { items: [item('a', 1)], bad: [], next: [{ n: 1 }] };
      });
      expect(page.items.map((i) => i.externalId)).toEqual(['a']);
      expect(page.reads).toBe(1);
      expect(page.full).toBe(false);
      if (err instanceof RateLimitedError) expect(page.pauseUntil).toEqual(retryAt);
      else {
        // A temporary failure mid-pass waits a little (2 min, then 4) and says why on the source.
        expect(page.pauseUntil).toEqual(new Date(NOW.getTime() + 120_000));
        expect(page.problem).toMatch(/^503 \(try 1 of 3 for this listing/);
      }
      expect((page.nextCursor as { pass: { tasks: Task[] } }).pass.tasks).toEqual([{ n: 1 }]);
    }
    // The first call failing is the poller's business (backoff, rate limit, stop).
    await expect(run(null, async () => Promise.reject(new TransientError('503')))).rejects.toThrow('503');
  });

  it('stores an item deleted for being missed anew when it is listed again', async () => {
    const listing = (ids: string[]) => async () => ({ items: ids.map((id) => item(id, 1)), bad: [], next: [] });
    let cursor = (await run(null, listing(['a', 'b']))).nextCursor;
    cursor = (await run(cursor, listing(['a']))).nextCursor;
    const deleting = await run(cursor, listing(['a']));
    // Each deletion carries its own version, so a second deletion of the same item is stored too.
    expect(deleting.deletions).toEqual([{ platform: 'test', externalId: 'b', version: NOW.toISOString() }]);
    const back = await run(deleting.nextCursor, listing(['a', 'b']));
    // The store dedupes by version: '' was stored before, so it returns under the time it came back.
    expect(back.items.find((i) => i.externalId === 'b')?.draft.version).toBe(NOW.toISOString());
    expect(back.items.find((i) => i.externalId === 'a')?.draft.version).toBe('');
    expect((back.nextCursor as { gone?: unknown[] }).gone).toBeUndefined();
  });

  it('abandons a pass that never ends (a platform repeating its page token) without judging anything', async () => {
    const { MAX_CALLS_PER_PASS } = await import('./window');
    let cursor: Record<string, unknown> | null = null;
    let page: Awaited<ReturnType<typeof run>> | null = null;
    const endless = async () => ({ items: [item('a', 1)], bad: [], next: [{ n: 0 }] });
    for (let i = 0; i < MAX_CALLS_PER_PASS / 100; i++) {
      page = await run(cursor, endless, [{ n: 0 }], 100);
      cursor = page.nextCursor;
    }
    expect((cursor as { pass?: unknown }).pass).toBeUndefined();
    expect(page!.deletions).toBeUndefined();
    expect((cursor as { known: Known[] }).known.map((k) => k.id)).toEqual(['a']);
  });

  it('gives up a listing that keeps failing: its comments unjudged, the rest of the pass goes on', async () => {
    const { TransientError } = await import('../../lib/errors');
    const c = (id: string) => ({ externalId: id, draft: draft(id, 1), thread: 'thread-1' });
    const first = await run(null, async (t) =>
      t.n === 0
        ? { items: [item('thread-1', 1), item('p2', 2)], bad: [], next: [{ n: 1 }], threadsRead: [] }
        : { items: [c('c1')], bad: [], next: [], threadsRead: ['thread-1'] },
    );
    let cursor = first.nextCursor;
    // Next pass: the comments of thread-1 fail every time; p2 is gone.
    const failing = async (t: Task) => {
      if (t.n === 1) throw new TransientError('500');
      return { items: [item('thread-1', 1)], bad: [], next: [{ n: 1 }] };
    };
    const tries: Array<Awaited<ReturnType<typeof run>>> = [];
    for (let i = 0; i < 3; i++) {
      const page = await run(cursor, failing);
      tries.push(page);
      cursor = page.nextCursor;
    }
    expect(tries[0]!.problem).toMatch(/try 1 of 3/);
    expect(tries[1]!.problem).toMatch(/try 2 of 3/);
    // The third failure gives the call up; the pass ends, judging p2 (missed once) but not c1.
    expect(tries[2]!.problem).toBeUndefined();
    const known = (cursor as { known: Known[] }).known;
    expect(known.find((k) => k.id === 'p2')?.m).toBe(1);
    expect(known.find((k) => k.id === 'c1')?.m).toBeUndefined();
    expect(known.map((k) => k.id)).toContain('c1');
  });

  it('keeps a stored item that no longer parses rather than taking it for deleted', async () => {
    let cursor = (await run(null, async () => ({ items: [item('a', 1), item('b', 1)], bad: [], next: [] }))).nextCursor;
    const broken = async () => ({
      items: [item('a', 1)],
      bad: [{ key: 'b', externalId: 'b', reason: 'no date', payload: {} }],
      next: [],
    });
    for (let i = 0; i < 3; i++) {
      const page = await run(cursor, broken);
      expect(page.deletions).toEqual([]);
      cursor = page.nextCursor;
    }
  });
});
