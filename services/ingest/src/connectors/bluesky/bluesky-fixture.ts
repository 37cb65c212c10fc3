import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a PDS + AppView, speaking the XRPC shapes of the atproto lexicons:
 * createSession/refreshSession (rotating refresh tokens, 400 ExpiredToken for stale access
 * tokens, 401 AuthenticationRequired for a wrong app password), searchPosts (q, sort=latest,
 * since (inclusive) and until (exclusive) on sortAt, offset cursor, limit ≤ 100, hitsTotal),
 * getAuthorFeed (keyset cursor, reasonRepost items), ratelimit-* headers, and scripted faults
 * (429, 500…).
 */
export interface FixturePost {
  uri: string;
  cid: string;
  author: { did: string; handle: string; displayName?: string };
  record: Record<string, unknown>;
  indexedAt: string;
  [k: string]: unknown;
}
export interface FeedItem {
  post: FixturePost;
  reason?: { $type: string; by?: unknown; indexedAt: string };
}
export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Only this method answers with the fault (default: any method but the session ones). */
  nsid?: string;
}
export interface FixtureRequest {
  nsid: string;
  query: Record<string, string>;
  auth: 'none' | 'access' | 'refresh' | 'stale' | 'unknown';
  status: number;
  served: string[];
}

export const FIXTURE_ACCOUNT = {
  handle: 'lp-bot.bsky.social',
  did: 'did:plc:lpbot000000000000000000',
  password: 'abcd-efgh-ijkl-mnop',
};
const BASE = Date.UTC(2025, 0, 6, 9);

/** A post view as the AppView serialises it; n spaces posts five minutes apart. */
export function makePost(
  n: number,
  over: Partial<FixturePost> = {},
  text = `Waiting times at the NHS walk-in centre, ${n}. #NHS`,
): FixturePost {
  const did = `did:plc:nurse${n % 5}aaaaaaaaaaaaaaaaaa`;
  const at = new Date(BASE + n * 5 * 60_000).toISOString();
  return {
    uri: `at://${did}/app.bsky.feed.post/3lpost${String(n).padStart(6, '0')}`,
    cid: `bafyreicid${n}`,
    author: { did, handle: `nurse${n % 5}.bsky.social`, displayName: `Nurse ${n % 5}` },
    record: { $type: 'app.bsky.feed.post', text, createdAt: at, langs: ['en-GB'] },
    replyCount: n % 3,
    repostCount: n % 4,
    likeCount: n % 7,
    quoteCount: 1,
    indexedAt: at,
    labels: [],
    ...over,
  };
}

/** makePost(n) published at `at` (createdAt and indexedAt), for windows measured back from now. */
export const makePostAt = (n: number, at: Date, over: Partial<FixturePost> = {}): FixturePost => {
  const p = makePost(n, over);
  return { ...p, indexedAt: at.toISOString(), record: { ...p.record, createdAt: at.toISOString() } };
};

const postTime = (p: FixturePost) =>
  Math.min(Date.parse(p.indexedAt), Date.parse(String(p.record.createdAt ?? p.indexedAt)) || Infinity);
const feedTime = (i: FeedItem) => (i.reason ? Date.parse(i.reason.indexedAt) : postTime(i.post));

export async function startBlueskyFixture() {
  const index: FixturePost[] = [];
  const feeds = new Map<string, FeedItem[]>();
  const faults: Fault[] = [];
  const requests: FixtureRequest[] = [];
  const access = new Set<string>();
  const stale = new Set<string>();
  const refresh = new Set<string>();
  let tokens = 0;
  let remaining = 3000;
  let hook: ((request: FixtureRequest, n: number) => void) | null = null;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'ratelimit-limit': '3000',
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 300),
      'ratelimit-policy': '3000;w=300',
      ...headers,
    });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const issue = () => {
    const pair = { accessJwt: `fixture-access-${++tokens}`, refreshJwt: `fixture-refresh-${tokens}` };
    access.add(pair.accessJwt);
    refresh.add(pair.refreshJwt);
    return { ...pair, handle: FIXTURE_ACCOUNT.handle, did: FIXTURE_ACCOUNT.did, active: true };
  };

  const search = (q: URLSearchParams) => {
    const terms = [...(q.get('q') ?? '').matchAll(/"([^"]+)"|(\S+)/g)].map((m) => (m[1] ?? m[2]!).toLowerCase());
    const since = q.get('since') ? Date.parse(q.get('since')!) : -Infinity;
    const until = q.get('until') ? Date.parse(q.get('until')!) : Infinity;
    const all = index
      .filter(
        (p) =>
          terms.every((t) =>
            String(p.record.text ?? '')
              .toLowerCase()
              .includes(t),
          ) &&
          postTime(p) >= since &&
          postTime(p) < until,
      )
      .sort((a, b) => postTime(b) - postTime(a) || (a.uri < b.uri ? 1 : -1));
    const limit = Number(q.get('limit') ?? 25);
    const offset = Number(q.get('cursor') ?? 0);
    const posts = all.slice(offset, offset + limit);
    return { posts, hitsTotal: all.length, ...(offset + limit < all.length ? { cursor: String(offset + limit) } : {}) };
  };

  const authorFeed = (q: URLSearchParams) => {
    const items = [...(feeds.get(q.get('actor') ?? '') ?? [])].sort(
      (a, b) => feedTime(b) - feedTime(a) || (a.post.cid < b.post.cid ? 1 : -1),
    );
    const limit = Number(q.get('limit') ?? 50);
    const [ct, ccid] = (q.get('cursor') ?? '').split('::');
    const after = q.get('cursor')
      ? items.filter((i) => feedTime(i) < Number(ct) || (feedTime(i) === Number(ct) && i.post.cid < ccid!))
      : items;
    const feed = after.slice(0, limit);
    const last = feed[feed.length - 1];
    return { feed, ...(after.length > limit && last ? { cursor: `${feedTime(last)}::${last.post.cid}` } : {}) };
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const nsid = url.pathname.replace(/^\/xrpc\//, '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const auth: FixtureRequest['auth'] = !token
      ? 'none'
      : access.has(token)
        ? 'access'
        : refresh.has(token)
          ? 'refresh'
          : stale.has(token)
            ? 'stale'
            : 'unknown';
    const r: FixtureRequest = { nsid, query: Object.fromEntries(url.searchParams), auth, status: 200, served: [] };
    requests.push(r);
    hook?.(r, requests.length);
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      r.status = status;
      send(res, status, body, headers);
    };
    const session = nsid.startsWith('com.atproto.server.');
    const f = faults.findIndex((x) => (x.nsid ? x.nsid === nsid : !session));
    if (f >= 0) {
      const fault = faults.splice(f, 1)[0]!;
      return answer(
        fault.status,
        fault.body ?? { error: fault.status === 429 ? 'RateLimitExceeded' : 'InternalServerError' },
        fault.headers,
      );
    }
    if (nsid === 'com.atproto.server.createSession' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const { identifier, password } = JSON.parse(body || '{}') as { identifier?: string; password?: string };
      const known = identifier === FIXTURE_ACCOUNT.handle || identifier === FIXTURE_ACCOUNT.did;
      if (!known || password !== FIXTURE_ACCOUNT.password)
        return answer(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
      return answer(200, issue(), { 'ratelimit-policy': '30;w=300' });
    }
    if (nsid === 'com.atproto.server.refreshSession' && req.method === 'POST') {
      if (auth !== 'refresh') return answer(400, { error: 'ExpiredToken', message: 'Token has expired' });
      refresh.delete(token!); // refresh tokens rotate: each is good once
      return answer(200, issue());
    }
    if (auth === 'stale') return answer(400, { error: 'ExpiredToken', message: 'Token has expired' });
    if (auth !== 'access') return answer(401, { error: 'AuthenticationRequired', message: 'Authentication Required' });
    remaining = Math.max(0, remaining - 1);
    const limit = Number(url.searchParams.get('limit') ?? 25);
    if (!(limit >= 1 && limit <= 100))
      return answer(400, { error: 'InvalidRequest', message: 'limit can not be greater than 100' });
    if (nsid === 'app.bsky.feed.searchPosts') {
      if (!url.searchParams.get('q'))
        return answer(400, { error: 'InvalidRequest', message: 'Params must have the property "q"' });
      const body = search(url.searchParams);
      r.served = body.posts.map((p) => p.uri);
      return answer(200, body);
    }
    if (nsid === 'app.bsky.feed.getAuthorFeed') {
      if (!feeds.has(url.searchParams.get('actor') ?? ''))
        return answer(400, { error: 'InvalidRequest', message: 'Profile not found' });
      const body = authorFeed(url.searchParams);
      r.served = body.feed.map((i) => (i.reason ? `repost:${i.post.uri}` : i.post.uri));
      return answer(200, body);
    }
    return answer(501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
  };

  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Posts the search index holds. */
    index(...posts: FixturePost[]) {
      index.push(...posts);
    },
    /** Items of an account's feed, under the actor as the connector names it. */
    feed(actor: string, ...items: FeedItem[]) {
      feeds.set(actor, [...(feeds.get(actor) ?? []), ...items]);
    },
    /** The next matching requests answer with these faults. */
    fail(...f: Fault[]) {
      faults.push(...f);
    },
    /** Every access token issued so far now answers 400 ExpiredToken (refresh tokens stay good). */
    expireAccessTokens() {
      for (const t of access) stale.add(t);
      access.clear();
    },
    setRemaining(n: number) {
      remaining = n;
    },
    /** Called as each request arrives, before it is answered: a test indexes posts "while" a history is read. */
    onRequest(h: ((request: FixtureRequest, n: number) => void) | null) {
      hook = h;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type BlueskyFixture = Awaited<ReturnType<typeof startBlueskyFixture>>;
