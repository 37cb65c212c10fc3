import { PermanentError } from '../../lib/errors';
import { relistWindow, type TaskResult } from '../relist/window';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { GraphNotFoundError, graphGet, tokenExpiry } from './client';
import { zFacebookConfig } from './config';
import { COMMENT_FIELDS, POST_FIELDS, readList, transformComment, transformPost } from './transform';

export type FacebookTask =
  | { kind: 'feed'; after?: string; restarted?: boolean }
  | { kind: 'comments'; postId: string; after?: string; restarted?: boolean };

/** Graph's page size ceiling for a feed is 100; comments allow more, 100 keeps a poll's calls predictable. */
const LIMIT = '100';
/** How often the token's expiry is asked (debug_token is one more call). */
const TOKEN_CHECK_MS = 6 * 3_600_000;

/**
 * The Page's feed since the window's start (`since`, newest first, `after` cursors), then each
 * listed post's comments and replies in one flat stream (`filter=stream`). The token's expiry is
 * read from debug_token every few hours for the health table.
 */
export const createFacebookConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zFacebookConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const token = deps.secrets.pageAccessToken;
      if (!token) throw new PermanentError('missing credentials: pageAccessToken');
      const now = deps.now();
      const checkedAt = Number((cursor as { tokenCheckedAt?: number } | null)?.tokenCheckedAt ?? 0);
      let credentialExpiresAt: Date | null | undefined;
      let checked = false;
      if (now.getTime() - checkedAt >= TOKEN_CHECK_MS) {
        credentialExpiresAt = await tokenExpiry(cfg.baseUrl, cfg.apiVersion, token);
        checked = true;
      }
      const get = (path: string, params: Record<string, string>) =>
        graphGet(cfg.baseUrl, cfg.apiVersion, token, path, params);

      const run = async (task: FacebookTask, since: number): Promise<TaskResult<FacebookTask>> => {
        const out: TaskResult<FacebookTask> = { items: [], bad: [], next: [] };
        let res: Awaited<ReturnType<typeof get>>;
        try {
          res =
            task.kind === 'feed'
              ? await get(`${cfg.pageId}/feed`, {
                  fields: POST_FIELDS,
                  since: String(Math.floor(since / 1000)),
                  limit: LIMIT,
                  ...(task.after ? { after: task.after } : {}),
                })
              : await get(`${task.postId}/comments`, {
                  fields: COMMENT_FIELDS,
                  filter: 'stream',
                  order: 'chronological',
                  limit: LIMIT,
                  ...(task.after ? { after: task.after } : {}),
                });
        } catch (err) {
          if (!(err instanceof GraphNotFoundError)) throw err;
          // Meta invalidates a cursor when its item is deleted, and says not to store them: start
          // that listing again, once (what repeats is dropped within the pass).
          if (task.after && !task.restarted) return { ...out, next: [{ ...task, after: undefined, restarted: true }] };
          // A post deleted since it was listed (the object does not exist) has no comments to read;
          // it is judged missing as usual. Any other refusal stops the source with the reason.
          if (task.kind === 'comments' && err.gone && !task.after) return out;
          throw err;
        }
        let list: ReturnType<typeof readList>;
        try {
          list = readList(res.body, task.kind === 'feed' ? 'the Page feed' : `comments of ${task.postId}`);
        } catch (err) {
          if (task.kind === 'feed') throw err;
          // Kept with the reason; the post is not marked read, so none of its comments is judged.
          out.bad.push({
            key: `${task.postId}:${task.after ?? ''}`,
            externalId: null,
            reason: (err as Error).message,
            payload: res.body,
          });
          return out;
        }
        for (const raw of list.data) {
          const t =
            task.kind === 'feed'
              ? transformPost(raw, cfg.pageId, deps.pseudonymise)
              : transformComment(raw, cfg.pageId, deps.pseudonymise);
          if (!t.ok) {
            out.bad.push({ key: t.id ?? t.reason, externalId: t.id, reason: t.reason, payload: raw });
            continue;
          }
          out.items.push({
            externalId: t.draft.externalId,
            draft: t.draft,
            thread: task.kind === 'feed' ? null : task.postId,
          });
          if (task.kind === 'feed') out.next.push({ kind: 'comments', postId: t.draft.externalId });
        }
        if (list.after) out.next.push({ ...task, after: list.after });
        else if (task.kind === 'comments') out.threadsRead = [task.postId];
        // Near one of Meta's hourly limits: stop here and let the window recover before going on.
        if (res.usage.highest >= cfg.usageCeiling)
          out.pauseUntil = new Date(now.getTime() + Math.max(res.usage.regainMinutes, 10) * 60_000);
        return out;
      };

      const page = await relistWindow<FacebookTask>({
        cursor,
        now,
        windowHours: cfg.windowHours,
        maxRequests: cfg.maxRequestsPerPoll,
        callsLeft: null,
        platform: 'facebook',
        start: () => [{ kind: 'feed' }],
        run,
        threadOf: (t) => (t.kind === 'comments' ? t.postId : null),
      });
      page.nextCursor = { ...page.nextCursor, tokenCheckedAt: checked ? now.getTime() : checkedAt };
      if (checked && credentialExpiresAt !== undefined) page.credentialExpiresAt = credentialExpiresAt;
      return page;
    },
  };
};
