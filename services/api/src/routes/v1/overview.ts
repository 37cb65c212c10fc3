import { zErrorResponse } from '@lp/contracts/api';
import {
  zOverviewQuery,
  zOverviewResponse,
  type OverviewQuery,
  type OverviewFigures,
  type SentimentIndex,
} from '@lp/contracts/overview';
import { coverageByDay, gapsInDays, sourcesCoveredIn } from '@lp/db/queries/coverage';
import { languageCounts, sourceCounts, topicCounts, voiceCounts, type ClassCounts } from '@lp/db/queries/rollups';
import { listSources } from '@lp/db/queries/sources';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { indexDirection, judgeComparison } from './comparison';
import { negativeShare, previousPeriod, sentimentIndex } from './overview-math';
import { checkRange } from './range';
import { overviewForViewer, topicByWeekOrCoarser, withholdsSmallCounts } from '../../privacy/small-counts';

const VOICES = ['staff', 'org', 'public'] as const;
const EMPTY: ClassCounts = { total: 0, positive: 0, neutral: 0, negative: 0, unscored: 0, meanScore: null };
const NO_INDEX = (scored: number): SentimentIndex => ({ value: null, low: null, high: null, scored, enough: false });

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

/**
 * The overview's figures for a query: the route answers with them, and the weekly report reads
 * the same function, so a week gives the same numbers in both.
 */
export async function overviewFor(
  app: FastifyInstance,
  q: OverviewQuery,
  /** Compare with another period than the one of equal length just before (the report's 8 weeks). */
  opts: { previous?: { from: string; to: string } } = {},
): Promise<OverviewFigures> {
  const { from, to, topic: topics, ...filters } = q;
  checkRange(from, to);
  const previous = opts.previous ?? previousPeriod(from, to);
  const oneTopic = topics?.length === 1 ? topics[0] : undefined;
  const several = topics && topics.length > 1 ? topics : [];
  const viewFilters = { ...filters, topic: oneTopic };
  // Per voice for both periods; the all-voices figures are their sum (a post has exactly one voice).
  const [votesNow, votesBefore, topicsNow, topicsBefore, sources, sourcesBefore, languages, covered, known] =
    await Promise.all([
      voiceCounts(app.db, { from, to, ...viewFilters }),
      voiceCounts(app.db, { ...previous, ...viewFilters }),
      topicCounts(app.db, { from, to, ...filters }),
      topicCounts(app.db, { ...previous, ...filters }),
      sourceCounts(app.db, { from, to, ...viewFilters }),
      sourceCounts(app.db, { ...previous, ...viewFilters }),
      languageCounts(app.db, { from, to, ...viewFilters }),
      filters.source ? Promise.resolve([filters.source]) : sourcesCoveredIn(app.db, { from: previous.from, to }),
      listSources(app.db),
    ]);
  // Every source with data or coverage in either period must have covered both for a comparison.
  const inView = filters.source
    ? [filters.source]
    : [...new Set([...covered, ...sources.map((s) => s.sourceId), ...sourcesBefore.map((s) => s.sourceId)])].sort();
  const names = new Map(
    known.map((s) => [s.id, typeof s.config.name === 'string' && s.config.name ? s.config.name : s.id]),
  );
  const [days, missed] = await Promise.all([
    coverageByDay(app.db, { from: previous.from, to }, inView),
    gapsInDays(app.db, inView, { from: previous.from, to }),
  ]);
  const { comparison, sources: coverage } = judgeComparison({
    period: { from, to },
    previous,
    coverage: days,
    sourceNames: names,
  });
  // The spans a source knows it missed, named beside its days (their hours are already uncovered).
  for (const c of coverage)
    c.missed = missed
      .filter((g) => g.sourceId === c.id)
      .map((g) => ({ from: g.from.toISOString(), to: g.to.toISOString(), reason: g.reason }));
  const comparable = comparison.comparable;
  // An index is a balance of positive and negative: with one sentiment shown it would read ±100.
  const indexNote = filters.sentiment
    ? `The index is not shown while only ${filters.sentiment} posts are chosen: it weighs positive against negative posts.`
    : null;
  const indexOf = (c: ClassCounts) => (indexNote ? NO_INDEX(c.positive + c.neutral + c.negative) : sentimentIndex(c));

  const figures = (now: ClassCounts, then: ClassCounts) => {
    const currentIndex = indexOf(now);
    const previousIndex = indexOf(then);
    return {
      current: { ...classes(now), index: currentIndex },
      before: { ...classes(then), index: previousIndex },
      indexChange:
        comparable && currentIndex.value !== null && previousIndex.value !== null
          ? currentIndex.value - previousIndex.value
          : null,
      indexDirection: comparable ? indexDirection(currentIndex, previousIndex) : null,
    };
  };
  const volumeChange = (now: ClassCounts, then: ClassCounts) =>
    comparable && then.total > 0 ? (now.total - then.total) / then.total : null;

  const cur = sum(votesNow);
  const prev = sum(votesBefore);
  const before = new Map(topicsBefore.map((t) => [t.topicId, t]));
  const topicRows = topicsNow.map((t) => {
    const share = negativeShare(t);
    const b = before.get(t.topicId);
    const prevShare = b ? negativeShare(b) : null;
    return {
      id: t.topicId,
      name: app.topicNames.get(t.topicId) ?? t.topicId,
      total: t.total,
      negative: t.negative,
      previousNegative: b?.negative ?? 0,
      negativeShare: share,
      previousNegativeShare: prevShare,
      negativeShareChange: comparable && share !== null && prevShare !== null ? 100 * (share - prevShare) : null,
    };
  });
  const perTopic =
    several.length > 0
      ? await Promise.all(
          several.map(async (topic) => {
            const [now, then] = await Promise.all([
              voiceCounts(app.db, { from, to, ...filters, topic }),
              voiceCounts(app.db, { ...previous, ...filters, topic }),
            ]);
            const n = sum(now);
            const t = sum(then);
            return {
              topic,
              name: app.topicNames.get(topic) ?? topic,
              ...figures(n, t),
              volumeChange: volumeChange(n, t),
              voices: VOICES.map((voice) => ({
                voice,
                ...figures(now.find((v) => v.voice === voice) ?? EMPTY, then.find((v) => v.voice === voice) ?? EMPTY),
              })),
            };
          }),
        )
      : undefined;
  return {
    period: { from, to },
    previous,
    comparison,
    coverage,
    ...figures(cur, prev),
    indexNote,
    volumeChange: volumeChange(cur, prev),
    topics: topicRows,
    sources: sources.map((s) => ({ id: s.sourceId, ...classes(s) })),
    voices: VOICES.map((voice) => ({
      voice,
      ...figures(votesNow.find((v) => v.voice === voice) ?? EMPTY, votesBefore.find((v) => v.voice === voice) ?? EMPTY),
    })),
    ...(perTopic ? { perTopic } : {}),
    languages,
  };
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
          'Sentiment index = 100 × (positive − negative) / scored posts, with a normal-approximation 95% interval; null under 30 scored posts, and null when the view shows one sentiment only. The previous period has the same length and ends where this one starts. ' +
          '`comparison` says whether the two periods may be compared: both over, and every source in the view covering every day of both (from the per-source coverage record). When `comparable` is false, `reason` says why and every change (volume, index, per voice, per topic) is null. ' +
          '`indexDirection` is up/down only when the two intervals do not overlap. With several `topic` values (comma-separated), `perTopic` gives each topic’s figures and the other figures cover all topics. For the viewer role, counts of 1–9 in any breakdown finer than topic × week are null, with `suppressed: true` on the object holding them and the shares, mean scores and changes that would give them back also null (README “No singling out”).',
        querystring: zOverviewQuery,
        response: { 200: zOverviewResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const figures = await overviewFor(app, req.query);
      return withholdsSmallCounts(req.user?.role)
        ? overviewForViewer(figures, topicByWeekOrCoarser(req.query))
        : figures;
    },
  );
};
export default overviewRoutes;
