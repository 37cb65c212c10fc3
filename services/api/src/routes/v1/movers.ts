import { zErrorResponse } from '@lp/contracts/api';
import { roleAtLeast } from '@lp/contracts/auth';
import { zMoversQuery, zMoversResponse } from '@lp/contracts/overview';
import { topMovers } from '@lp/db/queries/posts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { foldNearDuplicates } from './near-duplicates';
import { checkRange } from './range';

/** "What changed": the negative posts with the most reach, the ones that pulled the index down. */
const moversRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/movers',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['overview'],
        summary: 'The posts that moved the numbers most (reach × negativity)',
        description:
          'impact = (1 + reposts + likes + replies) × −score, for negative posts only; highest first. Same filters as /overview (sentiment is implied); the dashboard passes the headline’s voice. Near-identical posts (word sets overlapping ≥ 80%) are folded into the highest ranked, whose `similar` counts them.',
        querystring: zMoversQuery,
        response: { 200: zMoversResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const { topic, sentiment: _sentiment, ...q } = req.query;
      checkRange(q.from, q.to);
      // Ranked deeper than asked, so that near-identical repeats can be folded and the list still filled.
      const rows = await topMovers(app.db, {
        ...q,
        limit: Math.min(200, q.limit * 5),
        topic: topic ? [topic] : undefined,
      });
      // Viewers (executives) read what was said, not where: the link to the original is the analyst's.
      const links = req.user !== null && roleAtLeast(req.user.role, 'analyst');
      return {
        posts: foldNearDuplicates(rows, q.limit).map((p) => ({ ...p, id: String(p.id), url: links ? p.url : null })),
      };
    },
  );
};
export default moversRoutes;
