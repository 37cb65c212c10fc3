import { zErrorResponse, zTrendsQuery, zTrendsResponse } from '@lp/contracts/api';
import { trendBuckets } from '@lp/db/queries/rollups';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkRange } from './range';

const trendsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/trends',
    {
      schema: {
        tags: ['trends'],
        summary: 'Sentiment counts per day or Monday-start week (Europe/London)',
        description:
          '`total` counts each post once whatever its topics; positive + neutral + negative + unscored = total. With `topic`, only posts carrying that topic.',
        querystring: zTrendsQuery,
        response: { 200: zTrendsResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      checkRange(req.query.from, req.query.to);
      const buckets = await trendBuckets(app.db, req.query);
      return { buckets };
    },
  );
};
export default trendsRoutes;
