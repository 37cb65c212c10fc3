import { describe, expect, it } from 'vitest';
import { createTagger, type Tagger } from '../tagger';
import { correctedVersion, fitCorrection, IDENTITY_W, type Correction } from './correction';
import { createModelScorer, defaultModelScorer } from './model-scorer';
import { MIN_LABELS, retrain, splitByTime, SENTIMENT_CLASSES, type LabelledPost, type SentimentClass } from './retrain';
import { flipSentiment as flip, STAFF_POST_OPENINGS as OPENINGS } from '../testing/staff-posts';

const english = () => 'en';
const shipped = defaultModelScorer();
const current = createTagger({ scorer: shipped, detectLanguage: english });
const makeTagger = (c: Correction): Tagger =>
  createTagger({ scorer: createModelScorer(shipped.model, c), detectLanguage: english });

/** 60 posts, one a week, the text varied so no two are the same. */
const POSTS = Array.from({ length: 60 }, (_, i) => ({
  id: i + 1,
  text: `${OPENINGS[i % OPENINGS.length]} (${['Mon', 'Tue', 'Wed', 'Thu', 'Fri'][i % 5]} ${i})`,
  lang: 'en',
  question: null,
  publishedAt: new Date(Date.UTC(2025, 0, 6) + i * 7 * 86_400_000).toISOString(),
}));
const said = new Map(current.tagBatch(POSTS).map((r) => [Number(r.id), r.sentiment!.label as SentimentClass]));
const label = (post: (typeof POSTS)[number], sentiment: SentimentClass): LabelledPost => ({
  ...post,
  sentiment,
  topics: [],
});

describe('retraining on the team’s labels', () => {
  it('splits by post time: the newest 30% are held back', () => {
    const labels = [...POSTS].reverse().map((p) => label(p, 'neutral'));
    const { train, heldOut } = splitByTime(labels);
    expect(train).toHaveLength(42);
    expect(heldOut).toHaveLength(18);
    expect(train.every((t) => heldOut.every((h) => t.publishedAt < h.publishedAt))).toBe(true);
  });

  it('the model’s predictions vary across the fixture, so the flip is a real disagreement', () => {
    expect(new Set(said.values()).size).toBeGreaterThanOrEqual(2);
  });

  it('learns a systematic disagreement and is promoted, with both models’ figures', async () => {
    const labels = POSTS.map((p) => label(p, flip(said.get(p.id)!)));
    const stages: string[] = [];
    const result = await retrain({
      labels,
      id: 'c1',
      current,
      makeTagger,
      onProgress: async (_f, stage) => void stages.push(stage),
    });
    expect(result.promote).toBe(true);
    expect(result.candidate.sentiment.macroF1).toBeGreaterThan(result.current.sentiment.macroF1);
    expect(result.candidate.version).toBe(
      `${correctedVersion(shipped.version, result.correction)}+rules-${current.taxonomy.hash}`,
    );
    expect(result.current.version).toBe(current.modelVersion);
    expect(result.trainedOn.labels + result.heldOut.labels).toBe(60);
    expect(result.heldOut.from! > result.trainedOn.to!).toBe(true);
    expect(result.decision).toMatch(/^Promoted: at least as good/);
    expect(new Set(stages)).toEqual(new Set(['fitting', 'evaluating']));
    // Confusion rows sum to the held-back labels of each class.
    const rows = result.candidate.sentiment.confusion.map((r) => r.reduce((s, x) => s + x, 0));
    expect(rows.reduce((s, x) => s + x, 0)).toBe(result.heldOut.labels);
    // The promoted tagger says what the team says on posts it never saw.
    const tagger = makeTagger(result.correction);
    const fresh = { id: 99, text: 'So proud of everyone on the ward today, brilliant team', lang: 'en' };
    expect(tagger.tagBatch([fresh])[0]!.sentiment!.label).toBe(
      flip(current.tagBatch([fresh])[0]!.sentiment!.label as SentimentClass),
    );
  });

  it('is refused when it is worse on the newest labels: the team’s reading changed after the training part', async () => {
    const { train } = splitByTime(POSTS.map((p) => label(p, 'neutral')));
    const trainIds = new Set(train.map((t) => t.id));
    // Older labels disagree with the model; the newest agree with it. A correction fitted on the old ones is worse on the new.
    const labels = POSTS.map((p) => label(p, trainIds.has(p.id) ? flip(said.get(p.id)!) : said.get(p.id)!));
    const result = await retrain({ labels, id: 'c2', current, makeTagger });
    expect(result.promote).toBe(false);
    expect(result.candidate.sentiment.macroF1).toBeLessThan(result.current.sentiment.macroF1);
    expect(result.current.sentiment.macroF1).toBe(1);
    expect(result.decision).toMatch(/^Refused: worse than the model in use on sentiment/);
  });

  it('refuses to start on too few labels, and says how many it needs', async () => {
    const labels = POSTS.slice(0, MIN_LABELS - 1).map((p) => label(p, 'neutral'));
    await expect(retrain({ labels, id: 'c3', current, makeTagger })).rejects.toThrow(
      `at least ${MIN_LABELS} labelled posts that still have their text; there are ${MIN_LABELS - 1}`,
    );
  });

  it('labels that agree with the model fit a correction that changes no answer', () => {
    const examples = POSTS.map((p) => {
      const prepared = current.prepare(p);
      const raw = shipped.raw(prepared.sentiment!);
      return {
        logits: raw.sentiment,
        sentiment: SENTIMENT_CLASSES.indexOf(said.get(p.id)!) as 0 | 1 | 2,
        heads: raw.heads,
        topics: new Set<string>(),
      };
    });
    const correction = fitCorrection('c4', examples, { thresholds: {} });
    const tagger = makeTagger(correction);
    const again = tagger.tagBatch(POSTS);
    expect(again.map((r) => r.sentiment!.label)).toEqual(POSTS.map((p) => said.get(p.id)));
    // Pulled toward "no change": the matrix stays near the identity.
    correction.sentiment.w.forEach((w, k) => expect(Math.abs(w - IDENTITY_W[k]!)).toBeLessThan(1.5));
  });

  it('a correction with the identity matrix gives the shipped answers and evidence exactly', () => {
    const identity: Correction = { id: 'c5', sentiment: { w: [...IDENTITY_W], b: [0, 0, 0] }, topics: {} };
    const a = current.tagBatch(POSTS);
    const b = makeTagger(identity).tagBatch(POSTS);
    expect(b).toEqual(a);
  });
});
