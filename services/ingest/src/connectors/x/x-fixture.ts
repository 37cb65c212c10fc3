import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for X API v2 recent search (GET /2/tweets/search/recent) speaking its documented
 * shape: `{ data, includes: { users }, meta: { newest_id, oldest_id, result_count, next_token } }`,
 * newest first, `since_id` (exclusive) or `start_time` (inclusive, refused when older than seven
 * days), `next_token` paging that never expires, `max_results` 10..100, a bearer token,
 * x-rate-limit-* headers (reset in epoch seconds), partial `errors`, and scripted 401/429/500
 * faults. Every post served is counted as a billed read.
 */
export type FixtureTweet = { id: string; [k: string]: unknown };
export interface Fault {
  status: number;
  /** A function is called when the fault is served, so a reset header can be relative to that moment. */
  headers?: Record<string, string> | (() => Record<string, string>);
  body?: unknown;
}
export interface XFixture {
  url: string;
  token: string;
  add(...tweets: FixtureTweet[]): void;
  /** Requests left in the current window (x-rate-limit-remaining counts down from it). */
  setRemaining(n: number): void;
  /** The next requests answer with these faults, in order. */
  fail(...faults: Fault[]): void;
  /** Partial problems sent with the next successful answer, as X does for withheld or missing resources. */
  partialErrors(errors: unknown[]): void;
  requests: Array<{ query: Record<string, string>; auth: string | undefined; served: string[] }>;
  /** Called as each request arrives, before it is answered: a test adds posts "while" a history is read. */
  onRequest(hook: ((request: { query: Record<string, string> }, n: number) => void) | null): void;
  /** Posts served in `data` so far: what X would bill. */
  reads(): number;
  close(): Promise<void>;
}

const X_EPOCH = 1_288_834_974_657n;
/** A realistic post id: X's snowflakes carry their creation time, which the connector reads. */
export const snowflake = (at: Date, seq = 0): string => String(((BigInt(at.getTime()) - X_EPOCH) << 22n) | BigInt(seq));
/** `n` ids one second apart, oldest first, starting at `from`. */
export const snowflakes = (from: Date, n: number): string[] =>
  Array.from({ length: n }, (_, i) => snowflake(new Date(from.getTime() + i * 1000)));

const timeOf = (id: string) => new Date(Number((BigInt(id) >> 22n) + X_EPOCH));
const authorOf = (id: string) => String(100 + Number(BigInt(id) % 7n));
export const usernameOf = (authorId: string) => `ward_nurse_${authorId}`;

/**
 * A User as v2 serialises it with every field we may ask for. Authors 100–104 are staff, 105 a
 * member of the public and 106 a trust's account; X sends its own t.co link in `url` and the
 * target in entities.url.urls[].expanded_url.
 */
export function makeUser(authorId: string): Record<string, unknown> {
  // authorOf gives ids 100–106: count from 100, so 105 and 106 are the public and the trust.
  const n = (((Number(authorId) - 100) % 7) + 7) % 7;
  const profile =
    n === 6
      ? {
          name: 'Anytown NHS Foundation Trust',
          description: 'News from our hospitals. Not monitored 24/7.',
          site: 'https://www.anytown.nhs.uk',
        }
      : n === 5
        ? { name: `Pat ${authorId}`, description: 'Mum of two. Proud of our NHS 💙', site: null }
        : { name: `Nurse ${authorId}`, description: 'Ward nurse, Band 5, views my own', site: null };
  const user: Record<string, unknown> = {
    id: authorId,
    name: profile.name,
    username: usernameOf(authorId),
    description: profile.description,
    url: '',
    entities: { description: {} },
  };
  if (profile.site) {
    const tco = `https://t.co/${authorId}abc`;
    user.url = tco;
    user.entities = {
      url: { urls: [{ start: 0, end: 23, url: tco, expanded_url: profile.site, display_url: profile.site.slice(8) }] },
    };
  }
  return user;
}

/** X returns id, name and username by default, and the other user fields only when asked for. */
function withUserFields(user: Record<string, unknown>, asked: string | undefined): Record<string, unknown> {
  const fields = new Set(['id', 'name', 'username', ...(asked ?? '').split(',')]);
  return Object.fromEntries(Object.entries(user).filter(([k]) => fields.has(k)));
}

/** A post as v2 serialises it with our tweet.fields. */
export function makeTweet(id: string, over: Partial<Record<string, unknown>> = {}): FixtureTweet {
  return {
    id,
    text: `Long wait in A&amp;E at the Royal Free tonight, ${id.slice(-4)} #NHS`,
    created_at: timeOf(id).toISOString(),
    edit_history_tweet_ids: [id],
    author_id: authorOf(id),
    lang: 'en',
    public_metrics: {
      retweet_count: 2,
      reply_count: 1,
      like_count: 7,
      quote_count: 0,
      bookmark_count: 0,
      impression_count: 90,
    },
    ...over,
  };
}

const cmp = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
const problem = (status: number, title: string, detail: string) => ({ title, type: 'about:blank', status, detail });

export async function startXFixture(token = 'test-bearer-token'): Promise<XFixture> {
  const tweets: FixtureTweet[] = [];
  const faults: Fault[] = [];
  const requests: XFixture['requests'] = [];
  let remaining = 450;
  let pending: unknown[] | null = null;
  let reads = 0;
  let hook: ((request: { query: Record<string, string> }, n: number) => void) | null = null;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const q = Object.fromEntries(url.searchParams);
    const request = { query: q, auth: req.headers.authorization, served: [] as string[] };
    requests.push(request);
    hook?.(request, requests.length);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        .end(JSON.stringify(body));
    const fault = faults.shift();
    if (fault)
      return send(
        fault.status,
        fault.body ?? problem(fault.status, 'Error', `status ${fault.status}`),
        typeof fault.headers === 'function' ? fault.headers() : fault.headers,
      );
    if (url.pathname !== '/2/tweets/search/recent' || req.method !== 'GET')
      return send(404, problem(404, 'Not Found Error', 'no such endpoint'));
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const max = Number(q.max_results ?? 10);
    const invalid = (detail: string) =>
      send(400, {
        errors: [{ message: detail }],
        title: 'Invalid Request',
        detail,
        type: 'https://api.twitter.com/2/problems/invalid-request',
      });
    if (!q.query) return invalid('The `query` query parameter can not be empty');
    if (!Number.isInteger(max) || max < 10 || max > 100) return invalid('max_results must be between 10 and 100');
    if (q.since_id && q.start_time) return invalid("Invalid use of 'since_id' in conjunction with 'start_time'");
    if (q.since_id && timeOf(q.since_id).getTime() < Date.now() - 7 * 86_400_000)
      return invalid('since_id must be a post id created after the start of the seven-day window');
    if (q.start_time && !(Date.parse(q.start_time) >= Date.now() - 7 * 86_400_000))
      return invalid(`Invalid 'start_time':'${q.start_time}'. 'start_time' must be on or after the last seven days`);
    // A next_token pages an unchanged request: it encodes the last id served and the filter it came with.
    let before: string | null = null;
    if (q.next_token) {
      const t = JSON.parse(Buffer.from(q.next_token, 'base64url').toString()) as { before: string; since: string };
      if (t.since !== (q.since_id ?? q.start_time ?? '')) return invalid('next_token does not match this request');
      before = t.before;
    }
    const startMs = q.start_time ? Date.parse(q.start_time) : null;
    const matching = tweets
      .filter(
        (t) => (!q.since_id || cmp(t.id, q.since_id) > 0) && (startMs === null || timeOf(t.id).getTime() >= startMs),
      )
      .filter((t) => !before || cmp(t.id, before) < 0)
      .sort((a, b) => cmp(b.id, a.id));
    const page = matching.slice(0, max);
    request.served = page.map((t) => t.id);
    reads += page.length;
    remaining = Math.max(0, remaining - 1);
    const headers = {
      'x-rate-limit-limit': '450',
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 15 * 60),
    };
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length > 0) Object.assign(meta, { newest_id: page[0]!.id, oldest_id: page[page.length - 1]!.id });
    if (matching.length > page.length)
      meta.next_token = Buffer.from(
        JSON.stringify({ before: page[page.length - 1]!.id, since: q.since_id ?? q.start_time ?? '' }),
      ).toString('base64url');
    const authors = [...new Set(page.map((t) => t.author_id).filter((a): a is string => typeof a === 'string'))];
    const body: Record<string, unknown> = { meta };
    if (page.length > 0) {
      body.data = page;
      body.includes = { users: authors.map((id) => withUserFields(makeUser(id), q['user.fields'])) };
    }
    if (pending) [body.errors, pending] = [pending, null];
    send(200, body, headers);
  };

  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    add: (...t) => void tweets.push(...t),
    setRemaining: (n) => void (remaining = n),
    fail: (...f) => void faults.push(...f),
    partialErrors: (e) => void (pending = e),
    requests,
    onRequest: (h) => void (hook = h),
    reads: () => reads,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
