import { sql } from 'drizzle-orm';
import type { PostMetrics, SentimentClass } from '@lp/contracts/api';
import type { Voice } from '@lp/contracts/post';
import type { Db } from '../client';
import { storeTaggedPosts, type TaggedPost } from '../queries/tagged-posts';
import { syncFileSources } from '../queries/sources';

export interface SeedPost {
  sourceId?: string;
  externalId: string;
  publishedAt: string;
  text?: string;
  label: SentimentClass;
  score?: number | null;
  topics?: string[];
  lang?: string | null;
  url?: string | null;
  synthetic?: boolean;
  author?: string;
  voice?: Voice;
  aboutUs?: boolean;
  metrics?: PostMetrics;
  /** The model's confidence (default 0.9). */
  confidence?: number;
}

/** Stores tagged posts through the same insert path as the NLP worker (so rollups are maintained). */
export async function seedPosts(db: Db, posts: SeedPost[]): Promise<void> {
  const sourceIds = [...new Set(posts.map((p) => p.sourceId ?? 'seed'))];
  await syncFileSources(
    db,
    sourceIds.map((id) => ({ id, type: 'demo', config: {}, enabled: false, synthetic: true, pollEverySeconds: 3600 })),
  );
  const tagged: TaggedPost[] = posts.map((p, i) => {
    const text = p.text ?? `Seeded post ${p.externalId} about ${(p.topics ?? ['nothing']).join(' and ')}`;
    return {
      rawItemId: i + 1,
      sourceId: p.sourceId ?? 'seed',
      draft: {
        platform: 'seed',
        externalId: p.externalId,
        url: p.url ?? null,
        publishedAt: p.publishedAt,
        text,
        lang: p.lang === undefined ? 'en' : p.lang,
        authorPseudonym: p.author ?? (p.voice ? `a_${p.voice}` : 'a_seed'),
        authorVoice: p.voice ? { voice: p.voice, evidence: [], profileSeen: true } : undefined,
        metrics: p.metrics ?? { reposts: 1, likes: 2 },
        synthetic: p.synthetic ?? false,
        version: '',
      },
      text,
      lang: p.lang === undefined ? 'en' : p.lang,
      sentiment: {
        label: p.label,
        score: p.label === 'unscored' ? null : (p.score ?? 0),
        confidence: p.label === 'unscored' ? null : (p.confidence ?? 0.9),
        evidence: p.label === 'unscored' ? [] : [{ term: text.slice(0, 6), start: 0, end: 6, weight: p.score ?? 0 }],
      },
      topics: (p.topics ?? []).map((id) => ({ id, score: 0.8, evidence: [] })),
      modelVersion: 'seed',
      mentionsOrgTerm: p.aboutUs ? 'our trust' : null,
      fetchedAt: new Date(p.publishedAt),
    };
  });
  await db.transaction((tx) => storeTaggedPosts(tx, tagged));
}

/**
 * Marks sources as having fetched every hour of the London days [from, to), except the days
 * listed in `gaps`: what polling would have recorded had the sources run throughout.
 */
export async function seedCoverage(
  db: Db,
  opts: { sources: string[]; from: string; to: string; gaps?: string[] },
): Promise<void> {
  await syncFileSources(
    db,
    opts.sources.map((id) => ({
      id,
      type: 'demo',
      config: {},
      enabled: false,
      synthetic: true,
      pollEverySeconds: 3600,
    })),
  );
  const gaps = opts.gaps ?? [];
  for (const id of opts.sources) {
    await db.execute(sql`
      insert into source_coverage (source_id, hour, covered, ok_polls)
      select ${id}, h, true, 1
      from generate_series((${opts.from}::date::timestamp at time zone 'Europe/London'),
                           (${opts.to}::date::timestamp at time zone 'Europe/London') - interval '1 hour',
                           interval '1 hour') as h
      where to_char(h at time zone 'Europe/London', 'YYYY-MM-DD') <> all(${`{${gaps.join(',')}}`}::text[])
      on conflict (source_id, hour) do update set covered = true`);
  }
}
