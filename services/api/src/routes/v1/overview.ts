import { zErrorResponse } from '@lp/contracts/api';
import { zOverviewQuery, zOverviewResponse } from '@lp/contracts/overview';
import { languageCounts, sourceCounts, topicCounts, voiceCounts, type ClassCounts } from '@lp/db/queries/rollups';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { negativeShare, previousPeriod, sentimentIndex } from './overview-math';
import { checkRange } from './range';

const VOICES = ['staff', 'org', 'public'] as const;
const EMPTY: ClassCounts = { total: 0, positive: 0, neutral: 0, negative: 0, unscored: 0, meanScore: null };

const classes = (c: ClassCounts) => ({
  total: c.total,
  positive: c.positive,
  neutral: c.neutral,
  negative: c.negative,
  unscored: c.unscored,
});

function sum(rows: ClassCounts[]): ClassCounts {
  const t = { total: 0, positive: 0, neutral: 0, negative: 0, unscored: 0, meanScore: null };
  for (const r of rows) {
    t.total += r.total;
    t.positive += r.positive;
    t.neutral += r.neutral;
    t.negative += r.negative;
    t.unscored += r.unscored;
  }
  return t;
}

/** The comms lead's first question: how do people feel this period, and what changed since the last. */
const overviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/overview',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['overview'],
        summary: 'Volume, sentiment index with its 95% interval, and change against the previous period',
        description:
          'Sentiment index = 100 × (positive − negative) / scored posts, with a normal-approximation 95% interval; null under 30 scored posts. The previous period has the same length and ends where this one starts. Topics carry their negative share and its change in percentage points.',
        querystring: zOverviewQuery,
        response: { 200: zOverviewResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const { from, to, ...filters } = req.query;
      checkRange(from, to);
      const previous = previousPeriod(from, to);
      const { topic: _topic, ...forTopics } = filters;
      // Per voice for both periods; the all-voices figures are their sum (a post has exactly one voice).
      const [votesNow, votesBefore, topicsNow, topicsBefore, sources, languages] = await Promise.all([
        voiceCounts(app.db, { from, to, ...filters }),
        voiceCounts(app.db, { ...previous, ...filters }),
        topicCounts(app.db, { from, to, ...forTopics }),
        topicCounts(app.db, { ...previous, ...forTopics }),
        sourceCounts(app.db, { from, to, ...filters }),
        languageCounts(app.db, { from, to, ...filters }),
      ]);
      const cur = sum(votesNow);
      const prev = sum(votesBefore);
      const before = new Map(topicsBefore.map((t) => [t.topicId, t]));
      const figures = (now: ClassCounts, then: ClassCounts) => {
        const currentIndex = sentimentIndex(now);
        const previousIndex = sentimentIndex(then);
        return {
          current: { ...classes(now), index: currentIndex },
          before: { ...classes(then), index: previousIndex },
          indexChange:
            currentIndex.value !== null && previousIndex.value !== null
              ? currentIndex.value - previousIndex.value
              : null,
        };
      };
      const topics = topicsNow.map((t) => {
        const share = negativeShare(t);
        const b = before.get(t.topicId);
        const prevShare = b ? negativeShare(b) : null;
        return {
          id: t.topicId,
          name: app.topicNames.get(t.topicId) ?? t.topicId,
          total: t.total,
          negativeShare: share,
          previousNegativeShare: prevShare,
          negativeShareChange: share !== null && prevShare !== null ? 100 * (share - prevShare) : null,
        };
      });
      return {
        period: { from, to },
        previous,
        ...figures(cur, prev),
        volumeChange: prev.total > 0 ? (cur.total - prev.total) / prev.total : null,
        topics,
        sources: sources.map((s) => ({ id: s.sourceId, ...classes(s) })),
        voices: VOICES.map((voice) => ({
          voice,
          ...figures(
            votesNow.find((v) => v.voice === voice) ?? EMPTY,
            votesBefore.find((v) => v.voice === voice) ?? EMPTY,
          ),
        })),
        languages,
      };
    },
  );
};
export default overviewRoutes;
