import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURE_CLIENT, type Child } from './reddit-samples';

/**
 * A local stand-in for Reddit's OAuth API in its documented shape: POST /api/v1/access_token
 * (HTTP Basic client credentials → bearer token), and with `Authorization: bearer` the listings
 * /r/{sub}/new, /r/{sub}/search (q, sort=new, restrict_sr) and /comments/{article}, as
 * `{ kind: 'Listing', data: { after, before, children: [{ kind, data }] } }`, newest first,
 * `limit` ≤ 100 and `after` paging; X-Ratelimit-Used/Remaining/Reset (seconds) headers; scripted faults.
 */

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  /** Which endpoint the fault hits (default: the next API request, never the token endpoint). */
  on?: 'token' | 'api';
  /** Only requests whose path starts with this. */
  path?: string;
}

export interface FixtureRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  authorization: string | undefined;
  served: string[];
}

const listing = (children: unknown[], after: string | null = null) => ({
  kind: 'Listing',
  data: { after, before: null, dist: children.length, children },
});
const byNewest = (a: Child, b: Child) => (b.data.created_utc as number) - (a.data.created_utc as number);

export async function startRedditFixture(opts: { tokenSeconds?: number } = {}) {
  const posts = new Map<string, Child[]>();
  const comments = new Map<string, Child[]>();
  const faults: Fault[] = [];
  const requests: FixtureRequest[] = [];
  const tokens = new Set<string>();
  let issued = 0;
  const window = { used: 0, remaining: 600, reset: 420 };
  let onRequest: ((r: FixtureRequest) => void) | null = null;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    let form = '';
    for await (const chunk of req) form += String(chunk);
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = Buffer.from(basic ?? '', 'base64')
      .toString()
      .split(':');
    if (id !== FIXTURE_CLIENT.id || secret !== FIXTURE_CLIENT.secret)
      return send(res, 401, { message: 'Unauthorized', error: 401 });
    if (new URLSearchParams(form).get('grant_type') !== 'client_credentials')
      return send(res, 200, { error: 'unsupported_grant_type' });
    const value = `fixture-token-${++issued}`;
    tokens.add(value);
    send(res, 200, { access_token: value, token_type: 'bearer', expires_in: opts.tokenSeconds ?? 86_400, scope: '*' });
  };

  const api = (url: URL, request: FixtureRequest, res: ServerResponse) => {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 25) || 25, 1), 100);
    const rate = () => {
      window.used += 1;
      window.remaining = Math.max(0, window.remaining - 1);
      return {
        'x-ratelimit-used': String(window.used),
        'x-ratelimit-remaining': window.remaining.toFixed(1),
        'x-ratelimit-reset': String(window.reset),
      };
    };
    const thread = /^\/comments\/([0-9a-z]+)\/?$/.exec(url.pathname);
    if (thread) {
      const post = [...posts.values()].flat().find((p) => p.data.id === thread[1]);
      if (!post) return send(res, 404, { message: 'Not Found', error: 404 });
      const all = [...(comments.get(post.data.name as string) ?? [])].sort(byNewest);
      // Replies nest under their parent as a Listing in `replies` ('' when none), as Reddit sends them.
      const tree = (parent: unknown): Child[] =>
        all
          .filter((c) => c.data.parent_id === parent)
          .map((c) => {
            const kids = tree(c.data.name);
            return { kind: c.kind, data: { ...c.data, replies: kids.length ? listing(kids) : '' } };
          });
      const top = tree(post.data.name);
      const shown: Child[] = top.slice(0, limit);
      if (top.length > limit) {
        const rest = top.slice(limit).map((c) => c.data.id as string);
        shown.push({ kind: 'more', data: { count: rest.length, name: `t1_${rest[0]}`, children: rest } });
      }
      request.served = all.map((c) => c.data.name as string);
      return send(res, 200, [listing([post]), listing(shown)], rate());
    }
    const m = /^\/r\/([A-Za-z0-9_]+)\/(new|search)\/?$/.exec(url.pathname);
    if (!m) return send(res, 404, { message: 'Not Found', error: 404 });
    let all = [...(posts.get(m[1]!.toLowerCase()) ?? [])].sort(byNewest);
    if (m[2] === 'search') {
      // Enough of Reddit's syntax for tests: terms (quoted phrases) OR-ed, matched in title and selftext.
      const terms = (url.searchParams.get('q') ?? '').split(/\s+OR\s+/).map((t) => t.replace(/"/g, '').toLowerCase());
      all = all.filter((p) => terms.some((t) => `${p.data.title} ${p.data.selftext}`.toLowerCase().includes(t)));
    }
    const after = url.searchParams.get('after');
    const start = after ? all.findIndex((p) => p.data.name === after) + 1 : 0;
    const slice = all.slice(start, start + limit);
    request.served = slice.map((p) => p.data.name as string);
    const more = start + limit < all.length;
    send(res, 200, listing(slice, more ? (slice[slice.length - 1]!.data.name as string) : null), rate());
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const request: FixtureRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      userAgent: req.headers['user-agent'],
      authorization: req.headers.authorization,
      served: [],
    };
    requests.push(request);
    onRequest?.(request);
    const isToken = url.pathname === '/api/v1/access_token' && req.method === 'POST';
    const i = faults.findIndex(
      (f) => (f.on ?? 'api') === (isToken ? 'token' : 'api') && (!f.path || url.pathname.startsWith(f.path)),
    );
    if (i >= 0) {
      const [f] = faults.splice(i, 1);
      return send(res, f!.status, { message: 'fault', error: f!.status }, f!.headers);
    }
    if (isToken) return void token(req, res);
    const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) return send(res, 401, { message: 'Unauthorized', error: 401 });
    api(url, request, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authUrl: `${url}/api/v1/access_token`,
    requests,
    /** API requests only (not the token endpoint). */
    apiRequests: () => requests.filter((r) => r.path !== '/api/v1/access_token'),
    tokenRequests: () => requests.filter((r) => r.path === '/api/v1/access_token'),
    add(sub: string, ...items: Child[]) {
      const list = posts.get(sub.toLowerCase()) ?? [];
      for (const item of items) {
        const at = list.findIndex((p) => p.data.name === item.data.name);
        // Re-adding a post replaces it: that is how a test edits or removes it.
        if (at >= 0) list[at] = item;
        else list.push(item);
      }
      posts.set(sub.toLowerCase(), list);
    },
    /** Gone from listings altogether, as search drops a post or a subreddit hides one. */
    remove(sub: string, fullname: string) {
      posts.set(
        sub.toLowerCase(),
        (posts.get(sub.toLowerCase()) ?? []).filter((p) => p.data.name !== fullname),
      );
    },
    addComments(post: Child, ...items: Child[]) {
      const key = post.data.name as string;
      const list = (comments.get(key) ?? []).filter((c) => !items.some((i) => i.data.name === c.data.name));
      comments.set(key, [...list, ...items]);
    },
    fail(...f: Fault[]) {
      faults.push(...f);
    },
    /** Every issued token stops working, as when Reddit expires or revokes them. */
    revokeTokens: () => tokens.clear(),
    /** Runs as each request arrives, before it is answered: the subreddit can change between requests. */
    onRequest(hook: ((r: FixtureRequest) => void) | null) {
      onRequest = hook;
    },
    setRateWindow(remaining: number, resetSeconds: number) {
      window.remaining = remaining;
      window.reset = resetSeconds;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type RedditFixture = Awaited<ReturnType<typeof startRedditFixture>>;
