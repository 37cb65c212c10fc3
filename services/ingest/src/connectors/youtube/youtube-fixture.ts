import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the YouTube Data API v3 in its documented shape: GET
 * /youtube/v3/commentThreads (allThreadsRelatedToChannelId or videoId, order=time, maxResults ≤ 100,
 * pageToken) with up to five replies inline per thread, and GET /youtube/v3/comments?parentId for the
 * rest; the key in X-Goog-Api-Key (or `key`); Google's error body `{ error: { code, message,
 * errors: [{ domain, reason }] } }` for a bad key (400), quotaExceeded (403), commentsDisabled (403)
 * and videoNotFound (404); one quota unit per call, and scripted faults.
 */

export const FIXTURE_API_KEY = 'fixture-youtube-api-key';
/** The organisation's channel. */
export const CHANNEL = 'UCfixtureChannel00000001';

export interface YtComment {
  id: string;
  snippet: Record<string, unknown>;
}

interface Thread {
  videoId: string;
  top: YtComment;
  replies: YtComment[];
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  reason?: string;
  path?: string;
}

export interface FixtureRequest {
  path: string;
  query: Record<string, string>;
  apiKey: string | undefined;
  served: string[];
}

/** YouTube returns at most this many replies inside a thread; the rest come from comments.list. */
const INLINE_REPLIES = 5;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** A comment resource as the API sends it (snippet fields from the docs). */
export function makeComment(
  id: string,
  at: Date,
  over: Partial<{ text: string; author: string; authorChannel: string; videoId: string; parentId: string }> = {},
): YtComment {
  const text = over.text ?? `Comment ${id}: the ward staff were brilliant with my dad`;
  return {
    id,
    snippet: {
      channelId: CHANNEL,
      videoId: over.videoId ?? 'vid00000001',
      textDisplay: text,
      textOriginal: text,
      authorDisplayName: over.author ?? `@viewer-${id}`,
      authorProfileImageUrl: 'https://yt3.ggpht.com/x',
      authorChannelUrl: `http://www.youtube.com/@viewer-${id}`,
      authorChannelId: { value: over.authorChannel ?? `UCviewer${id.padStart(16, '0').slice(-16)}` },
      canRate: true,
      viewerRating: 'none',
      likeCount: 3,
      publishedAt: iso(at.getTime()),
      updatedAt: iso(at.getTime()),
      ...(over.parentId ? { parentId: over.parentId } : {}),
    },
  };
}

export async function startYoutubeFixture(opts: { pageSize?: number } = {}) {
  const threads: Thread[] = [];
  const disabled = new Set<string>();
  const faults: Fault[] = [];
  const requests: FixtureRequest[] = [];
  let units = 0;
  let quota = Number.POSITIVE_INFINITY;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));
  const googleError = (res: ServerResponse, code: number, reason: string, message: string, headers = {}) =>
    send(res, code, { error: { code, message, errors: [{ message, domain: 'youtube', reason }] } }, headers);

  const page = <T>(all: T[], url: URL) => {
    const size = Math.min(Number(url.searchParams.get('maxResults') ?? 20) || 20, 100, opts.pageSize ?? 100);
    const start = Number(Buffer.from(url.searchParams.get('pageToken') ?? '', 'base64url').toString() || 0);
    const slice = all.slice(start, start + size);
    const more = start + size < all.length;
    return { slice, nextPageToken: more ? Buffer.from(String(start + size)).toString('base64url') : undefined };
  };

  const threadResource = (t: Thread) => ({
    kind: 'youtube#commentThread',
    etag: 'e',
    id: t.top.id,
    snippet: {
      channelId: CHANNEL,
      videoId: t.videoId,
      topLevelComment: { kind: 'youtube#comment', etag: 'e', ...t.top },
      canReply: true,
      totalReplyCount: t.replies.length,
      isPublic: true,
    },
    ...(t.replies.length
      ? { replies: { comments: t.replies.slice(0, INLINE_REPLIES).map((r) => ({ kind: 'youtube#comment', ...r })) } }
      : {}),
  });
  const publishedMs = (c: YtComment) => Date.parse(c.snippet.publishedAt as string);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const apiKey = (req.headers['x-goog-api-key'] as string | undefined) ?? url.searchParams.get('key') ?? undefined;
    const request: FixtureRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      apiKey,
      served: [],
    };
    requests.push(request);
    const i = faults.findIndex((f) => !f.path || url.pathname.startsWith(f.path));
    if (i >= 0) {
      const [f] = faults.splice(i, 1);
      return googleError(res, f!.status, f!.reason ?? 'backendError', 'fault', f!.headers);
    }
    if (apiKey !== FIXTURE_API_KEY)
      return googleError(res, 400, 'badRequest', 'API key not valid. Please pass a valid API key.');
    if (units >= quota)
      return googleError(
        res,
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your quota.',
      );
    units += 1;

    if (url.pathname === '/youtube/v3/commentThreads') {
      const videoId = url.searchParams.get('videoId');
      const channel = url.searchParams.get('allThreadsRelatedToChannelId');
      if (videoId && disabled.has(videoId))
        return googleError(
          res,
          403,
          'commentsDisabled',
          'The video identified by the videoId parameter has disabled comments.',
        );
      if (!videoId && channel !== CHANNEL) return googleError(res, 404, 'channelNotFound', 'Channel not found.');
      const all = threads
        .filter((t) => (videoId ? t.videoId === videoId : true))
        .sort((a, b) => publishedMs(b.top) - publishedMs(a.top));
      const { slice, nextPageToken } = page(all, url);
      request.served = slice.map((t) => t.top.id);
      return send(res, 200, {
        kind: 'youtube#commentThreadListResponse',
        etag: 'e',
        ...(nextPageToken ? { nextPageToken } : {}),
        pageInfo: { totalResults: slice.length, resultsPerPage: slice.length },
        items: slice.map(threadResource),
      });
    }
    if (url.pathname === '/youtube/v3/comments') {
      const parentId = url.searchParams.get('parentId');
      const thread = threads.find((t) => t.top.id === parentId);
      if (!thread) return googleError(res, 404, 'commentNotFound', 'The comment could not be found.');
      const { slice, nextPageToken } = page(thread.replies, url);
      request.served = slice.map((c) => c.id);
      return send(res, 200, {
        kind: 'youtube#commentListResponse',
        etag: 'e',
        ...(nextPageToken ? { nextPageToken } : {}),
        items: slice.map((c) => ({ kind: 'youtube#comment', ...c })),
      });
    }
    googleError(res, 404, 'notFound', 'Not Found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const findComment = (id: string) => {
    for (const t of threads) {
      if (t.top.id === id) return { thread: t, comment: t.top };
      const r = t.replies.find((c) => c.id === id);
      if (r) return { thread: t, comment: r };
    }
    return null;
  };

  return {
    url,
    requests,
    unitsUsed: () => units,
    /** A thread with its replies (oldest first, as comments.list sends them). A raw object may be malformed on purpose. */
    addThread(top: YtComment, replies: YtComment[] = [], videoId = 'vid00000001') {
      threads.push({ videoId, top, replies });
    },
    addReplies(threadId: string, ...replies: YtComment[]) {
      findComment(threadId)!.thread.replies.push(...replies);
    },
    /** The author edits: new text, and updatedAt moves. */
    edit(id: string, text: string, at: Date) {
      const found = findComment(id)!;
      Object.assign(found.comment.snippet, { textOriginal: text, textDisplay: text, updatedAt: iso(at.getTime()) });
    },
    /** Deleted by its author or the channel: gone from every listing (a thread takes its replies with it). */
    remove(id: string) {
      const found = findComment(id)!;
      if (found.thread.top.id === id) threads.splice(threads.indexOf(found.thread), 1);
      else found.thread.replies = found.thread.replies.filter((c) => c.id !== id);
    },
    disableComments: (videoId: string) => disabled.add(videoId),
    /** Units the project may still spend today; further calls answer quotaExceeded. */
    setQuota: (n: number) => (quota = units + n),
    fail(...f: Fault[]) {
      faults.push(...f);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type YoutubeFixture = Awaited<ReturnType<typeof startYoutubeFixture>>;
