import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../client';
import { seedPosts, type SeedPost } from '../testing/seed';
import { resetDatabase, testDatabaseUrl } from '../testing/test-env';
import { searchPosts, type SearchParams } from './search';

const handle = createDb(testDatabaseUrl(), { max: 2 });
const db = handle.db;
afterAll(() => handle.close());

// 40 posts an hour apart; every 7th mentions nurses, a third of those are about staffing.
const SEED: SeedPost[] = Array.from({ length: 40 }, (_, i) => ({
  externalId: `p${i}`,
  publishedAt: new Date(Date.UTC(2025, 0, 6, 0) + i * 3_600_000).toISOString(),
  text: i % 7 === 0 ? `Post ${i}: the nurses on shift` : `Post ${i}: nothing to see`,
  label: i % 2 === 0 ? 'negative' : 'positive',
  score: i % 2 === 0 ? -0.5 : 0.5,
  topics: i % 3 === 0 ? ['staffing'] : ['pay'],
}));

beforeEach(async () => {
  await resetDatabase(db);
  await seedPosts(db, SEED);
});

/** Every page of a search, following the keyset like the API does. */
async function allPages(p: Omit<SearchParams, 'after'>, scanLimit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: SearchParams['after'];
  for (;;) {
    const rows = await searchPosts(db, { ...p, after, scanLimit });
    seen.push(...rows.map((r) => r.text!.split(':')[0]!));
    const last = rows.at(-1);
    if (rows.length < p.limit || !last) return seen;
    after = { publishedAt: last.publishedAt, id: last.id };
  }
}

describe('searchPosts', () => {
  it('gives the same pages whether hits come from the newest posts or from the index', async () => {
    const base = { q: 'nurse', from: '2025-01-01', to: '2025-02-01', limit: 2 };
    const expected = ['Post 35', 'Post 28', 'Post 21', 'Post 14', 'Post 7', 'Post 0'];
    // 5000: all 40 posts are scanned by time; 3: the index takes over after the three newest posts.
    expect(await allPages(base, 5_000)).toEqual(expected);
    expect(await allPages(base, 3)).toEqual(expected);
    expect(await allPages({ ...base, limit: 10 }, 3)).toEqual(expected);
    expect(await allPages({ ...base, topic: ['staffing'], sentiment: 'negative' }, 3)).toEqual(['Post 0']);
    expect(await allPages({ ...base, topic: ['staffing'] }, 3)).toEqual(['Post 21', 'Post 0']);
  });

  it('marks the matched words', async () => {
    const [first] = await searchPosts(db, { q: 'nurse', from: '2025-01-01', to: '2025-02-01', limit: 1, scanLimit: 1 });
    expect(first!.matches.map((m) => first!.text!.slice(m.start, m.end))).toEqual(['nurses']);
  });
});
