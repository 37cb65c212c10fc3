import { zErrorResponse, zPostsQuery, zPostsResponse } from '@lp/contracts/api';
import { listPosts } from '@lp/db/queries/posts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decodeCursor, encodeCursor } from './cursor';
import { checkRange } from './range';
import { retentionNote } from './retention';

const postsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/posts',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['posts'],
        summary: 'The posts behind the numbers, newest first, with every tag and its evidence',
        description: 'Evidence offsets index into `text`. Page with the opaque `nextCursor` (null on the last page).',
        querystring: zPostsQuery,
        response: { 200: zPostsResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const q = req.query;
      checkRange(q.from, q.to);
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const rows = await listPosts(app.db, { ...q, after, limit: q.limit + 1 });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        posts: page.map((p) => ({ ...p, id: String(p.id) })),
        nextCursor: rows.length > q.limit && last ? encodeCursor({ publishedAt: last.publishedAt, id: last.id }) : null,
        retention: retentionNote(app.retentionDays),
      };
    },
  );
};
export default postsRoutes;
