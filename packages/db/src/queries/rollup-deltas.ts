import { ALL_TOPICS, UNKNOWN_LANG } from '../schema/rollups';
import { londonDay } from './london-day';

/** What one stored post adds to (sign 1) or takes from (sign -1) the rollups. */
export interface Contribution {
  publishedAt: string | Date;
  sourceId: string;
  label: string;
  score: number | null;
  topics: string[];
  voice: string;
  lang: string | null;
  aboutUs: boolean;
  sign: 1 | -1;
}

/** A stored post as the rollup queries select it (`posts p left join post_sentiments s`, topics aggregated). */
export interface StoredPostRow {
  published_at: string;
  source_id: string;
  voice: string;
  lang: string | null;
  label: string | null;
  score: number | string | null;
  topics: string[] | null;
}

/** What a stored post adds to (sign 1) or takes from (sign −1) the rollups. */
export function storedContribution(r: StoredPostRow, aboutUs: boolean, sign: 1 | -1): Contribution {
  return {
    publishedAt: r.published_at,
    sourceId: r.source_id,
    voice: r.voice,
    lang: r.lang,
    aboutUs,
    label: r.label ?? 'unscored',
    score: r.score === null ? null : Number(r.score),
    topics: r.topics ?? [],
    sign,
  };
}

export interface HourlyDelta {
  hour: Date;
  sourceId: string;
  topicId: string;
  sentiment: string;
  postCount: number;
  scoreSum: number;
}

export interface DailyDelta {
  topicId: string;
  day: string;
  voice: string;
  sourceId: string;
  lang: string;
  aboutUs: boolean;
  sentiment: string;
  postCount: number;
  scoreSum: number;
}

export interface VoiceDelta {
  topicId: string;
  day: string;
  voice: string;
  sentiment: string;
  postCount: number;
  scoreSum: number;
}

export interface FacetDelta {
  topicId: string;
  hour: Date;
  voice: string;
  aboutUs: boolean;
  sourceId: string;
  sentiment: string;
  postCount: number;
  scoreSum: number;
}

export interface RollupDeltas {
  hourly: HourlyDelta[];
  hourlyFacets: FacetDelta[];
  daily: DailyDelta[];
  dailyVoice: VoiceDelta[];
}

/** Sums rows per key, drops keys whose changes cancel out, and returns them in key order. */
class DeltaMap<T extends { postCount: number; scoreSum: number }> {
  private readonly rows = new Map<string, T>();
  add(key: string, row: () => T, n: number, score: number): void {
    const cur = this.rows.get(key);
    if (cur) {
      cur.postCount += n;
      cur.scoreSum += score;
    } else this.rows.set(key, { ...row(), postCount: n, scoreSum: score });
  }
  sorted(): T[] {
    return [...this.rows.entries()]
      .filter(([, v]) => v.postCount !== 0 || v.scoreSum !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v);
  }
}

function hourOf(at: string | Date): Date {
  const d = new Date(at);
  d.setUTCMinutes(0, 0, 0);
  return d;
}

const SEP = '\u0000';

/**
 * Rollup increments for the given contributions: per post one all-topics row and one row per
 * topic in each table. Keys are merged and sorted in the primary-key order of each table so
 * concurrent workers lock rows in the same order and never deadlock.
 */
export function rollupDeltas(items: Contribution[]): RollupDeltas {
  const hourly = new DeltaMap<HourlyDelta>();
  const daily = new DeltaMap<DailyDelta>();
  const dailyVoice = new DeltaMap<VoiceDelta>();
  const hourlyFacets = new DeltaMap<FacetDelta>();
  for (const c of items) {
    const hour = hourOf(c.publishedAt);
    const hourKey = hour.toISOString();
    const day = londonDay(c.publishedAt);
    const lang = c.lang ?? UNKNOWN_LANG;
    const score = (c.score ?? 0) * c.sign;
    const sentiment = c.label;
    for (const topicId of [ALL_TOPICS, ...new Set(c.topics)]) {
      hourly.add(
        [hourKey, c.sourceId, topicId, sentiment].join(SEP),
        () => ({ hour, sourceId: c.sourceId, topicId, sentiment, postCount: 0, scoreSum: 0 }),
        c.sign,
        score,
      );
      daily.add(
        [topicId, day, c.voice, c.sourceId, lang, c.aboutUs ? '1' : '0', sentiment].join(SEP),
        () => ({
          topicId,
          day,
          voice: c.voice,
          sourceId: c.sourceId,
          lang,
          aboutUs: c.aboutUs,
          sentiment,
          postCount: 0,
          scoreSum: 0,
        }),
        c.sign,
        score,
      );
      hourlyFacets.add(
        [topicId, hourKey, c.voice, c.aboutUs ? '1' : '0', c.sourceId, sentiment].join(SEP),
        () => ({
          topicId,
          hour,
          voice: c.voice,
          aboutUs: c.aboutUs,
          sourceId: c.sourceId,
          sentiment,
          postCount: 0,
          scoreSum: 0,
        }),
        c.sign,
        score,
      );
      dailyVoice.add(
        [topicId, day, c.voice, sentiment].join(SEP),
        () => ({ topicId, day, voice: c.voice, sentiment, postCount: 0, scoreSum: 0 }),
        c.sign,
        score,
      );
    }
  }
  return {
    hourly: hourly.sorted(),
    hourlyFacets: hourlyFacets.sorted(),
    daily: daily.sorted(),
    dailyVoice: dailyVoice.sorted(),
  };
}

/** (1 + reposts + likes + replies) × how negative: what "moved the numbers" ranks posts by. */
export function impactOf(
  label: string,
  score: number | null,
  metrics: { reposts?: number; likes?: number; replies?: number },
): number {
  if (label !== 'negative' || score === null || score >= 0) return 0;
  const reach = 1 + (metrics.reposts ?? 0) + (metrics.likes ?? 0) + (metrics.replies ?? 0);
  return reach * -score;
}
