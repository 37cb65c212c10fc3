import { zErrorResponse } from '@lp/contracts/api';
import { zSearchQuery, zSearchResponse } from '@lp/contracts/search';
import { classifySearchQuery, searchPosts } from '@lp/db/queries/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BadRequestError } from '../../plugins/external/error-handler';
import { decodeCursor, encodeCursor } from './cursor';
import { checkRange } from './range';
import { retentionNote } from './retention';

const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/search',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['posts'],
        summary: 'Full-text search over posts, newest first, with the words that matched',
        description:
          '`q` is web-search syntax with English stemming ("nurses" finds "nurse"): `"a phrase"`, `or`, `-word` ' +
          'to exclude. Takes the same filters as `/posts`. `matches` are offsets of the matched words in `text`. ' +
          'Page with the opaque `nextCursor` (null on the last page).',
        querystring: zSearchQuery,
        response: { 200: zSearchResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const q = req.query;
      checkRange(q.from, q.to);
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const kind = await classifySearchQuery(app.db, q.q);
      if (kind === 'empty')
        throw new BadRequestError(
          `"${q.q}" has no words to search for: very common words such as "the" and "and" are ignored`,
        );
      if (kind === 'exclude-only')
        throw new BadRequestError(`"${q.q}" only excludes words: add a word to look for, e.g. nurses -pay`);
      const rows = await searchPosts(app.db, { ...q, after, limit: q.limit + 1 });
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
export default searchRoutes;
