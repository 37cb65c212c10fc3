import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for LinkedIn's versioned REST API (Community Management) in its documented
 * shape: GET /rest/posts?author={URN}&q=author&sortBy=CREATED&start&count (newest first) and GET
 * /rest/socialActions/{post or comment URN}/comments?start&count, as `{ paging: { start, count,
 * total, links }, elements }`; requires `Authorization: Bearer`, `LinkedIn-Version` (YYYYMM) and
 * `X-Restli-Protocol-Version: 2.0.0`; LinkedIn's error body `{ status, serviceErrorCode, code,
 * message }` for 401 and 426 (no such version); 429 on a spent limit; scripted faults.
 */

export const FIXTURE_ORG = 'urn:li:organization:2414183';
export const FIXTURE_LI_TOKEN = 'fixture-linkedin-token';

export type LiItem = Record<string, unknown>;

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  path?: string;
}

export interface FixtureRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
}

export function makeLiPost(n: number, at: Date, over: LiItem = {}): LiItem {
  return {
    id: `urn:li:share:${7000000000000000000n + BigInt(n)}`,
    author: FIXTURE_ORG,
    commentary: `Meet the team on ward ${n}: our nurses of the month`,
    visibility: 'PUBLIC',
    lifecycleState: 'PUBLISHED',
    lifecycleStateInfo: { isEditedByAuthor: false },
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    isReshareDisabledByAuthor: false,
    createdAt: at.getTime(),
    publishedAt: at.getTime(),
    lastModifiedAt: at.getTime(),
    ...over,
  };
}

export function makeLiComment(on: string, n: number, at: Date, over: LiItem = {}): LiItem {
  const activity = `urn:li:activity:${7100000000000000000n + BigInt(n)}`;
  const actor = (over.actor as string | undefined) ?? `urn:li:person:member${n}`;
  return {
    actor,
    commentUrn: `urn:li:comment:(${activity},${6900000000000000000n + BigInt(n)})`,
    id: String(6900000000000000000n + BigInt(n)),
    object: on,
    message: { text: `Comment ${n}: proud to work with this team`, attributes: [] },
    created: { actor, time: at.getTime() },
    lastModified: { actor, time: at.getTime() },
    likesSummary: { totalLikes: 2, likedByCurrentUser: false },
    commentsSummary: { aggregatedTotalComments: 0, totalFirstLevelComments: 0 },
    ...over,
  };
}

export async function startLinkedinFixture() {
  const posts: LiItem[] = [];
  const comments = new Map<string, LiItem[]>();
  const faults: Fault[] = [];
  const requests: FixtureRequest[] = [];
  let token = FIXTURE_LI_TOKEN;
  const retired = new Set<string>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const liError = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
    send(res, status, { status, serviceErrorCode: 65600, code, message }, headers);
  const page = (res: ServerResponse, url: URL, all: LiItem[]) => {
    const start = Number(url.searchParams.get('start') ?? 0) || 0;
    const count = Math.min(Number(url.searchParams.get('count') ?? 10) || 10, 100);
    const slice = all.slice(start, start + count);
    send(res, 200, {
      paging: { start, count, total: all.length, links: [] },
      elements: slice,
    });
  };

  const server = createServer((req, res) => {
    // Rest.li wants URNs percent-encoded in the path, parentheses and commas included: a bare one
    // is Rest.li syntax and answers 400. Decoded once, as LinkedIn does.
    const url = new URL(req.url ?? '/', 'http://fixture');
    if (/^\/rest\/socialActions\/[^/]*[(),:]/.test(url.pathname))
      return send(res, 400, { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'Syntax exception in path variables' });
    const path = decodeURIComponent(url.pathname);
    requests.push({
      path,
      query: Object.fromEntries(url.searchParams),
      headers: {
        authorization: req.headers.authorization,
        version: req.headers['linkedin-version'] as string | undefined,
        restli: req.headers['x-restli-protocol-version'] as string | undefined,
      },
    });
    const i = faults.findIndex((f) => !f.path || path.startsWith(f.path));
    if (i >= 0) {
      const [f] = faults.splice(i, 1);
      return liError(res, f!.status, 'FAULT', 'fault', f!.headers);
    }
    if (req.headers.authorization !== `Bearer ${token}`)
      return liError(res, 401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user');
    const version = String(req.headers['linkedin-version'] ?? '');
    if (!/^\d{6}$/.test(version) || retired.has(version))
      return liError(res, 426, 'NONEXISTENT_VERSION', 'Requested version is not active');
    if (req.headers['x-restli-protocol-version'] !== '2.0.0')
      return liError(res, 400, 'ILLEGAL_ARGUMENT', 'Rest.li protocol version 2.0.0 is required');

    if (path === '/rest/posts') {
      if (url.searchParams.get('q') !== 'author' || url.searchParams.get('author') !== FIXTURE_ORG)
        return liError(
          res,
          403,
          'ACCESS_DENIED',
          'Not enough permissions to access: partnerApiPostsExternal.FINDER-author',
        );
      const all = [...posts].sort((a, b) => (b.createdAt as number) - (a.createdAt as number));
      return page(res, url, all);
    }
    const m = /^\/rest\/socialActions\/(.+)\/comments$/.exec(path);
    if (m) {
      const target = m[1]!;
      const all = [...(comments.get(target) ?? [])].sort(
        (a, b) => (a.created as { time: number }).time - (b.created as { time: number }).time,
      );
      if (!comments.has(target) && !posts.some((p) => p.id === target))
        return liError(res, 404, 'NOT_FOUND', 'Not found');
      return page(res, url, all);
    }
    liError(res, 404, 'NOT_FOUND', 'Not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    add(...items: LiItem[]) {
      for (const item of items) {
        const at = posts.findIndex((p) => p.id === item.id);
        if (at >= 0) posts[at] = item;
        else posts.push(item);
      }
    },
    /** Comments on a post, or replies on a comment (keyed by its commentUrn); updates the parent's reply count. */
    addComments(target: string, ...items: LiItem[]) {
      const list = (comments.get(target) ?? []).filter((c) => !items.some((i) => i.commentUrn === c.commentUrn));
      comments.set(target, [...list, ...items]);
      for (const list of comments.values())
        for (const c of list)
          if (c.commentUrn === target)
            c.commentsSummary = { aggregatedTotalComments: comments.get(target)!.length, totalFirstLevelComments: 0 };
    },
    /** Deleted: gone from every listing, with what hangs under it. */
    remove(id: string) {
      const p = posts.findIndex((x) => x.id === id);
      if (p >= 0) posts.splice(p, 1);
      comments.delete(id);
      for (const [key, list] of comments)
        comments.set(
          key,
          list.filter((c) => c.commentUrn !== id),
        );
    },
    revokeToken: () => (token = 'revoked'),
    /** LinkedIn stops serving an API version (426 NONEXISTENT_VERSION). */
    retireVersion: (v: string) => retired.add(v),
    fail(...f: Fault[]) {
      faults.push(...f);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type LinkedinFixture = Awaited<ReturnType<typeof startLinkedinFixture>>;
