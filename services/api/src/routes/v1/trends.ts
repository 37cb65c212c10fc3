import { zErrorResponse, zTrendsQuery, zTrendsResponse } from '@lp/contracts/api';
import { trendBuckets } from '@lp/db/queries/rollups';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkRange } from './range';
import { onlyTopicFilter, trendsForViewer, withholdsSmallCounts } from '../../privacy/small-counts';

const trendsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/trends',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['trends'],
        summary: 'Sentiment counts per day or Monday-start week (Europe/London)',
        description:
          "`total` counts each post once whatever its topics; positive + neutral + negative + unscored = total. With one `topic`, only posts carrying it; with several (comma-separated), `series` holds one series per topic and `buckets` the first topic's. Filters: source, sentiment, lang, voice, aboutUs. For the viewer role, counts of 1–9 in any breakdown finer than topic × week are null, with `suppressed: true` on the object holding them and the shares, mean scores and changes that would give them back also null (README “No singling out”).",
        querystring: zTrendsQuery,
        response: { 200: zTrendsResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const { topic: topics, ...q } = req.query;
      checkRange(q.from, q.to);
      // One query per topic: a post tagged with two chosen topics is in both series, never summed into one.
      const [buckets, ...perTopic] = await Promise.all([
        trendBuckets(app.db, { ...q, topic: topics?.[0] }),
        ...(topics && topics.length > 1 ? topics.map((topic) => trendBuckets(app.db, { ...q, topic })) : []),
      ]);
      const series = perTopic.map((b, i) => {
        const topic = topics?.[i] ?? '';
        return { topic, name: app.topicNames.get(topic) ?? topic, buckets: b };
      });
      const figures = { buckets, series };
      if (!withholdsSmallCounts(req.user?.role)) return figures;
      return trendsForViewer(figures, q, onlyTopicFilter(q));
    },
  );
};
export default trendsRoutes;
