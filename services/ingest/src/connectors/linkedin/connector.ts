import { AuthError, PermanentError } from '../../lib/errors';
import { relistWindow, type TaskResult } from '../relist/window';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { encodeUrn, linkedinGet } from './client';
import { zLinkedinConfig } from './config';
import { readList, transformComment, transformPost } from './transform';

/** A page of the organisation's posts, or a page of comments on a post (or replies to a comment). */
const NOT_PUBLIC = new Set(['DRAFT', 'PUBLISH_REQUESTED', 'PUBLISH_FAILED']);

export type LinkedinTask =
  { kind: 'posts'; start: number } | { kind: 'comments'; target: string; post: string; start: number };

/**
 * The organisation's posts newest first (`q=author`, `sortBy=CREATED`, start/count paging) back to
 * the window's start, then each post's comments, and replies to comments that have them.
 */
export const createLinkedinConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zLinkedinConfig.parse(source.config);
  return {
    async fetchPage(cursor: Cursor | null): Promise<Page> {
      const token = deps.secrets.accessToken;
      if (!token) throw new PermanentError('missing credentials: accessToken');
      const COUNT = cfg.pageSize;
      // paging.total when LinkedIn sends it; otherwise on until an empty page (a page may come back
      // short when LinkedIn filters elements out, so short is not the end).
      const more = (list: { elements: unknown[]; total: number | null }, start: number) =>
        list.total !== null ? start + COUNT < list.total : list.elements.length > 0;
      const get = (path: string, params: Record<string, string>) =>
        linkedinGet(cfg.baseUrl, cfg.apiVersion, token, path, params);

      const run = async (task: LinkedinTask, since: number): Promise<TaskResult<LinkedinTask>> => {
        const out: TaskResult<LinkedinTask> = { items: [], bad: [], next: [] };
        if (task.kind === 'posts') {
          const body = await get('/rest/posts', {
            author: cfg.organization,
            q: 'author',
            sortBy: 'CREATED',
            start: String(task.start),
            count: String(COUNT),
          });
          const list = readList(body, 'the organisation’s posts');
          let oldest: number | null = null;
          for (const raw of list.elements) {
            const t = transformPost(raw, cfg.organization, deps.pseudonymise);
            if (!t.ok) {
              out.bad.push({ key: t.id ?? t.reason, externalId: t.id, reason: t.reason, payload: raw });
              continue;
            }
            oldest = t.raw.createdAt;
            if (t.raw.createdAt < since) continue;
            // Drafts and posts that never went out are not public conversation (any other state is live).
            if (t.raw.lifecycleState && NOT_PUBLIC.has(t.raw.lifecycleState)) continue;
            // Listed (and paged) by creation: a scheduled post is judged by that, not by its publication.
            out.items.push({ externalId: t.draft.externalId, draft: t.draft, thread: null, at: t.raw.createdAt });
            out.next.push({ kind: 'comments', target: t.draft.externalId, post: t.draft.externalId, start: 0 });
          }
          // Newest first: the page's last post decides whether older pages can still be in the window.
          if (more(list, task.start) && (oldest === null || oldest >= since))
            out.next.push({ kind: 'posts', start: task.start + COUNT });
          return out;
        }
        let body: unknown;
        try {
          body = await get(`/rest/socialActions/${encodeUrn(task.target)}/comments`, {
            start: String(task.start),
            count: String(COUNT),
          });
        } catch (err) {
          // A post or comment deleted since it was listed has nothing to read; judged missing as usual.
          if (err instanceof PermanentError && !(err instanceof AuthError) && /\b404\b/.test(err.message)) return out;
          throw err;
        }
        let list: ReturnType<typeof readList>;
        try {
          list = readList(body, `comments on ${task.target}`);
        } catch (err) {
          // Kept with the reason; the post is not marked read, so none of its comments is judged.
          out.bad.push({
            key: `${task.target}:${task.start}`,
            externalId: null,
            reason: (err as Error).message,
            payload: body,
          });
          return out;
        }
        for (const raw of list.elements) {
          const t = transformComment(raw, task.post, cfg.organization, deps.pseudonymise);
          if (!t.ok) {
            out.bad.push({ key: t.id ?? t.reason, externalId: t.id, reason: t.reason, payload: raw });
            continue;
          }
          out.items.push({ externalId: t.draft.externalId, draft: t.draft, thread: task.post });
          if ((t.raw.commentsSummary?.aggregatedTotalComments ?? 0) > 0 && task.target === task.post)
            out.next.push({ kind: 'comments', target: t.raw.commentUrn, post: task.post, start: 0 });
        }
        if (more(list, task.start)) out.next.push({ ...task, start: task.start + COUNT });
        else if (task.target === task.post) out.threadsRead = [task.post];
        return out;
      };

      return relistWindow<LinkedinTask>({
        cursor,
        now: deps.now(),
        windowHours: cfg.windowHours,
        maxRequests: cfg.maxRequestsPerPoll,
        callsLeft: null,
        platform: 'linkedin',
        start: () => [{ kind: 'posts', start: 0 }],
        run,
        threadOf: (t) => (t.kind === 'comments' ? t.post : null),
      });
    },
  };
};
