import { zErrorResponse, zTopicsQuery, zTopicsResponse } from '@lp/contracts/api';
import { topicCounts } from '@lp/db/queries/rollups';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkRange } from './range';
import { topicByWeekOrCoarser, topicsForViewer, withholdsSmallCounts } from '../../privacy/small-counts';

const topicsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/topics',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['topics'],
        summary: 'Posts per topic with their sentiment, most discussed first',
        description:
          'For the viewer role, counts of 1–9 in any breakdown finer than topic × week are null, with `suppressed: true` on the object holding them and the shares, mean scores and changes that would give them back also null (README “No singling out”).',
        querystring: zTopicsQuery,
        response: { 200: zTopicsResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      checkRange(req.query.from, req.query.to);
      const counts = new Map((await topicCounts(app.db, req.query)).map((c) => [c.topicId, c]));
      // Every taxonomy topic is listed (zero when quiet); tags of topics since removed from the taxonomy still show.
      const ids = new Set([...app.topicNames.keys(), ...counts.keys()]);
      const topics = [...ids].map((id) => {
        const c = counts.get(id);
        return {
          id,
          name: app.topicNames.get(id) ?? id,
          total: c?.total ?? 0,
          positive: c?.positive ?? 0,
          neutral: c?.neutral ?? 0,
          negative: c?.negative ?? 0,
          meanScore: c?.meanScore ?? null,
        };
      });
      topics.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
      return withholdsSmallCounts(req.user?.role)
        ? topicsForViewer({ topics }, topicByWeekOrCoarser(req.query))
        : { topics };
    },
  );
};
export default topicsRoutes;
