import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Graph API in its documented shape: GET /{version}/{page-id}/feed
 * (`since` in Unix seconds, `limit`, `after` cursors, newest first), GET /{version}/{post-id}/comments
 * (`filter=stream`: comments and replies in one chronological list, replies carrying `parent`),
 * GET /{version}/debug_token; the token as `Authorization: Bearer`; `{ data, paging: { cursors,
 * next } }` lists; Meta's error body `{ error: { message, type, code, error_subcode } }` (190 for a
 * bad or expired token, 4/32/80001 for throttling, mostly with status 400); x-app-usage and
 * x-business-use-case-usage headers on every answer; scripted faults.
 */

export const FIXTURE_PAGE = '104000000000001';
export const FIXTURE_PAGE_TOKEN = 'fixture-page-token';

export interface FbItem {
  id: string;
  created_time: string;
  [k: string]: unknown;
}

export interface Fault {
  status: number;
  /** A Graph error body: code and subcode. */
  code?: number;
  subcode?: number;
  headers?: Record<string, string>;
  path?: string;
}

export interface FixtureRequest {
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  served: string[];
}

/** Graph's time format: 2026-12-04T09:15:00+0000. */
export const graphTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, '+0000');

export function makeFbPost(n: number, at: Date, over: Record<string, unknown> = {}): FbItem {
  return {
    id: `${FIXTURE_PAGE}_${9000 + n}`,
    message: `Ward ${n} celebrates its nurses of the year`,
    created_time: graphTime(at),
    permalink_url: `https://www.facebook.com/${FIXTURE_PAGE}/posts/${9000 + n}`,
    from: { id: FIXTURE_PAGE, name: 'Example NHS Foundation Trust' },
    shares: { count: 2 },
    reactions: { data: [], summary: { total_count: n % 7 } },
    comments: { data: [], summary: { total_count: 0 } },
    ...over,
  };
}

export function makeFbComment(post: FbItem, n: number, at: Date, over: Record<string, unknown> = {}): FbItem {
  const postNo = post.id.split('_')[1];
  return {
    id: `${postNo}_${500 + n}`,
    message: `Comment ${n}: the staff on the ward were so kind`,
    created_time: graphTime(at),
    permalink_url: `https://www.facebook.com/${FIXTURE_PAGE}/posts/${postNo}?comment_id=${500 + n}`,
    from: { id: `77000${n}`, name: `Visitor ${n}` },
    like_count: 1,
    comment_count: 0,
    ...over,
  };
}

export async function startFacebookFixture(opts: { pageSize?: number } = {}) {
  const posts: FbItem[] = [];
  const comments = new Map<string, FbItem[]>();
  const faults: Fault[] = [];
  const requests: FixtureRequest[] = [];
  let appUsage = { call_count: 1, total_cputime: 1, total_time: 1 };
  let regainMinutes = 0;
  let tokenExpiresAt = 0;
  let token = FIXTURE_PAGE_TOKEN;
  let expired = false;

  const usageHeaders = () => ({
    'x-app-usage': JSON.stringify(appUsage),
    'x-business-use-case-usage': JSON.stringify({
      [FIXTURE_PAGE]: [
        {
          type: 'pages',
          call_count: 1,
          total_cputime: 1,
          total_time: 1,
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    }),
  });
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...usageHeaders(), ...headers })
      .end(JSON.stringify(body));
  const graphError = (res: ServerResponse, status: number, code: number, message: string, subcode?: number) =>
    send(res, status, {
      error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'x' },
    });

  const list = (res: ServerResponse, url: URL, all: FbItem[], request: FixtureRequest) => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 100, opts.pageSize ?? 100);
    const after = url.searchParams.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const slice = all.slice(start, start + limit);
    request.served = slice.map((p) => p.id);
    const more = start + limit < all.length;
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
    send(res, 200, {
      data: slice,
      paging: {
        cursors: { before: cursor(start), after: cursor(start + slice.length) },
        ...(more ? { next: `${url.origin}${url.pathname}?after=${cursor(start + slice.length)}` } : {}),
      },
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const request: FixtureRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      served: [],
    };
    requests.push(request);
    const i = faults.findIndex((f) => !f.path || url.pathname.includes(f.path));
    if (i >= 0) {
      const [f] = faults.splice(i, 1);
      if (f!.code !== undefined) return graphError(res, f!.status, f!.code, 'fault', f!.subcode);
      return send(res, f!.status, { error: { message: 'An unexpected error has occurred.', code: 2 } }, f!.headers);
    }
    if (expired)
      return graphError(res, 400, 190, 'Error validating access token: Session has expired on Thursday.', 463);
    if (req.headers.authorization !== `Bearer ${token}`)
      return graphError(res, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const m = /^\/v\d+\.\d+\/(.+)$/.exec(url.pathname);
    const path = m?.[1] ?? '';
    if (path === 'debug_token')
      return send(res, 200, {
        data: {
          app_id: '1',
          type: 'PAGE',
          is_valid: true,
          expires_at: tokenExpiresAt,
          scopes: ['pages_read_engagement'],
        },
      });
    if (path === `${FIXTURE_PAGE}/feed`) {
      const since = Number(url.searchParams.get('since') ?? 0) * 1000;
      const all = posts
        .filter((p) => !(Date.parse(p.created_time.replace('+0000', 'Z')) < since)) // a malformed time is served as is
        .sort((a, b) => b.created_time.localeCompare(a.created_time));
      return list(res, url, all, request);
    }
    const c = /^(\d+_\d+)\/comments$/.exec(path);
    if (c) {
      if (!posts.some((p) => p.id === c[1]))
        return graphError(
          res,
          400,
          100,
          `Unsupported get request. Object with ID '${c[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          33,
        );
      const all = [...(comments.get(c[1]!) ?? [])].sort((a, b) => a.created_time.localeCompare(b.created_time));
      return list(res, url, all, request);
    }
    graphError(res, 400, 100, 'Unknown path components');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    graphRequests: () => requests.filter((r) => !r.path.endsWith('/debug_token')),
    add(...items: FbItem[]) {
      for (const item of items) {
        const at = posts.findIndex((p) => p.id === item.id);
        if (at >= 0) posts[at] = item;
        else posts.push(item);
      }
    },
    addComments(post: FbItem, ...items: FbItem[]) {
      const list = (comments.get(post.id) ?? []).filter((c) => !items.some((i) => i.id === c.id));
      comments.set(post.id, [...list, ...items]);
    },
    /** Deleted on Facebook: gone from every listing; a post takes its comments with it. */
    remove(id: string) {
      const p = posts.findIndex((x) => x.id === id);
      if (p >= 0) {
        posts.splice(p, 1);
        comments.delete(id);
        return;
      }
      for (const [key, list] of comments)
        comments.set(
          key,
          list.filter((x) => x.id !== id && (x.parent as { id?: string } | undefined)?.id !== id),
        );
    },
    setUsage(percent: number, regain = 0) {
      appUsage = { call_count: percent, total_cputime: 1, total_time: 1 };
      regainMinutes = regain;
    },
    setTokenExpiry: (at: Date | null) => (tokenExpiresAt = at ? Math.floor(at.getTime() / 1000) : 0),
    /** The page token is revoked or expires: every call answers code 190. */
    revokeToken: () => (token = 'revoked'),
    /** The token's time is up: Meta answers code 190, subcode 463. */
    expireToken: () => (expired = true),
    fail(...f: Fault[]) {
      faults.push(...f);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type FacebookFixture = Awaited<ReturnType<typeof startFacebookFixture>>;
