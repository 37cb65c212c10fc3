import { PermanentError } from '../../lib/errors';
import { relistWindow, type TaskResult } from '../relist/window';
import type { Connector, ConnectorFactory, Cursor, Page } from '../types';
import { linkedinGet } from './client';
import { zLinkedinConfig } from './config';
import { readList, transformComment, transformPost } from './transform';

/** A page of the organisation's posts, or a page of comments on a post (or replies to a comment). */
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
          let older = false;
          for (const raw of list.elements) {
            const t = transformPost(raw, cfg.organization, deps.pseudonymise);
            if (!t.ok) {
              out.bad.push({ key: t.id ?? t.reason, externalId: t.id, reason: t.reason, payload: raw });
              continue;
            }
            if (t.raw.createdAt < since) {
              older = true;
              continue;
            }
            // Drafts and posts being removed are not public conversation.
            if (t.raw.lifecycleState && t.raw.lifecycleState !== 'PUBLISHED') continue;
            out.items.push({ externalId: t.draft.externalId, draft: t.draft, thread: null });
            out.next.push({ kind: 'comments', target: t.draft.externalId, post: t.draft.externalId, start: 0 });
          }
          if (!older && list.elements.length === COUNT) out.next.push({ kind: 'posts', start: task.start + COUNT });
          return out;
        }
        const body = await get(`/rest/socialActions/${encodeURIComponent(task.target)}/comments`, {
          start: String(task.start),
          count: String(COUNT),
        });
        const list = readList(body, `comments on ${task.target}`);
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
        if (list.elements.length === COUNT) out.next.push({ ...task, start: task.start + COUNT });
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
      });
    },
  };
};
