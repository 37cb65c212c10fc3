import { AuthError, PermanentError } from '../../lib/errors';
import { relistWindow, type Bad, type Listed, type TaskResult } from '../relist/window';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { CommentsDisabledError, YOUTUBE_MAX_RESULTS, youtubeGet } from './client';
import { zYoutubeConfig } from './config';
import { parseThread, readList, transformComment } from './transform';

/** One call of a pass: a page of comment threads (channel or video), or a page of one thread's replies. */
export type YoutubeTask =
  | { kind: 'threads'; channelId?: string; videoId?: string; pageToken?: string }
  | { kind: 'replies'; threadId: string; ownerChannelId?: string; videoId?: string; pageToken?: string };

/**
 * Comment threads newest first (`order=time`) on the channel or the chosen videos, back to the
 * window's start; replies beyond the ones a thread carries (YouTube sends a few) through
 * comments.list. Every call costs one quota unit, charged to the day's budget with the page.
 */
export const createYoutubeConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zYoutubeConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const apiKey = deps.secrets.apiKey;
      if (!apiKey) throw new PermanentError('missing credentials: apiKey');
      const run = async (task: YoutubeTask, since: number): Promise<TaskResult<YoutubeTask>> => {
        const out: TaskResult<YoutubeTask> = { items: [], bad: [], next: [] };
        const bad = (id: string | null, reason: string, payload: unknown): Bad => ({
          key: id ?? reason,
          externalId: id,
          reason,
          payload,
        });
        if (task.kind === 'replies') {
          let body: unknown;
          try {
            body = await youtubeGet(cfg.baseUrl, apiKey, 'comments', {
              part: 'snippet',
              parentId: task.threadId,
              maxResults: String(YOUTUBE_MAX_RESULTS),
              textFormat: 'plainText',
              ...(task.pageToken ? { pageToken: task.pageToken } : {}),
            });
          } catch (err) {
            // The thread was deleted since it was listed: nothing to read, and it is judged missing as usual.
            if (err instanceof PermanentError && !(err instanceof AuthError) && /^404\b/.test(err.message)) return out;
            throw err;
          }
          let list: ReturnType<typeof readList>;
          try {
            list = readList(body, `replies to ${task.threadId}`);
          } catch (err) {
            // Kept with the reason; nothing under the thread is judged this pass.
            out.threadsUnread = [task.threadId];
            out.bad.push(bad(null, (err as Error).message, body));
            return out;
          }
          for (const raw of list.items) {
            const c = transformComment(raw, task, deps.pseudonymise);
            if (c.ok) out.items.push({ externalId: c.value.externalId, draft: c.value, thread: task.threadId });
            else out.bad.push(bad(c.id, c.reason, raw));
          }
          if (list.nextPageToken) out.next.push({ ...task, pageToken: list.nextPageToken });
          else out.threadsRead = [task.threadId];
          return out;
        }

        let list: { items: unknown[]; nextPageToken: string | null };
        try {
          const body = await youtubeGet(cfg.baseUrl, apiKey, 'commentThreads', {
            part: 'snippet,replies',
            ...(task.videoId ? { videoId: task.videoId } : { allThreadsRelatedToChannelId: task.channelId! }),
            order: 'time',
            maxResults: String(YOUTUBE_MAX_RESULTS),
            textFormat: 'plainText',
            ...(task.pageToken ? { pageToken: task.pageToken } : {}),
          });
          list = readList(body, 'commentThreads');
        } catch (err) {
          // A video with comments turned off has nothing to list; the rest of the source goes on.
          if (err instanceof CommentsDisabledError) return out;
          throw err;
        }
        let oldest: number | null = null;
        for (const raw of list.items) {
          const t = parseThread(raw);
          if (!t.ok) {
            out.bad.push(bad(t.id, t.reason, raw));
            continue;
          }
          const thread = t.value;
          const ctx = {
            ownerChannelId: thread.snippet.channelId,
            videoId: thread.snippet.videoId,
            replyCount: thread.snippet.totalReplyCount,
          };
          const top = transformComment(thread.snippet.topLevelComment, ctx, deps.pseudonymise);
          if (!top.ok) {
            out.bad.push(bad(top.id ?? thread.id, top.reason, raw));
            continue;
          }
          oldest = Date.parse(top.value.publishedAt);
          if (oldest < since) continue;
          out.items.push({ externalId: top.value.externalId, draft: top.value, thread: null });
          const replies: Listed[] = [];
          for (const r of thread.replies?.comments ?? []) {
            const c = transformComment(r, { ...ctx, replyCount: 0 }, deps.pseudonymise);
            if (c.ok) replies.push({ externalId: c.value.externalId, draft: c.value, thread: top.value.externalId });
            else out.bad.push(bad(c.id, c.reason, r));
          }
          out.items.push(...replies);
          if (thread.snippet.totalReplyCount > (thread.replies?.comments.length ?? 0))
            out.next.push({
              kind: 'replies',
              threadId: thread.id,
              ownerChannelId: thread.snippet.channelId,
              videoId: thread.snippet.videoId,
            });
          else out.threadsRead = [...(out.threadsRead ?? []), top.value.externalId];
        }
        // Newest first: once a page ends before the window, the rest of the listing is older still.
        // Only the page's last thread decides, so one out of order does not cut the listing short.
        if (list.nextPageToken && (oldest === null || oldest >= since))
          out.next.push({ ...task, pageToken: list.nextPageToken });
        return out;
      };

      return relistWindow<YoutubeTask>({
        cursor,
        now: deps.now(),
        windowHours: cfg.windowHours,
        maxRequests: cfg.maxRequestsPerPoll,
        callsLeft: deps.readsLeft,
        platform: 'youtube',
        start: () => [
          ...(cfg.channelId ? [{ kind: 'threads' as const, channelId: cfg.channelId }] : []),
          ...cfg.videoIds.map((videoId) => ({ kind: 'threads' as const, videoId })),
        ],
        run,
        threadOf: (t) => (t.kind === 'replies' ? t.threadId : null),
      });
    },
  };
};
