import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zSearchResponse, type SearchResult } from '@lp/contracts/search';
import { createDb } from '@lp/db/client';
import { posts } from '@lp/db/schema/posts';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;

const SEED: SeedPost[] = [
  {
    externalId: 'kind',
    publishedAt: '2025-01-06T09:00:00Z',
    text: 'The nurse on Ward 7 was kind and caring 😀 — thank you, nurse!',
    label: 'positive',
    score: 0.8,
    topics: ['compassion'],
  },
  {
    externalId: 'tired',
    publishedAt: '2025-01-07T10:00:00Z',
    text: 'Nurses are tired after another double shift',
    label: 'negative',
    score: -0.6,
    topics: ['staffing'],
  },
  {
    // Both words of "nurses are tired", but not as that phrase.
    externalId: 'blame',
    publishedAt: '2025-01-08T11:00:00Z',
    text: 'Tired of waiting? Nurses are not to blame.',
    label: 'neutral',
    topics: ['staffing'],
  },
  {
    externalId: 'award',
    publishedAt: '2025-01-09T12:00:00Z',
    text: 'Pay award for nurses announced today',
    label: 'neutral',
    topics: ['pay'],
    sourceId: 'other',
  },
  {
    externalId: 'strike',
    publishedAt: '2025-01-10T13:00:00Z',
    text: 'The strike over pay continues',
    label: 'negative',
    score: -0.4,
    topics: ['pay'],
  },
  {
    externalId: 'midwives',
    publishedAt: '2025-01-11T14:00:00Z',
    text: 'Midwives praised for their compassion',
    label: 'positive',
    score: 0.7,
    topics: ['compassion'],
  },
  { externalId: 'purged', publishedAt: '2025-01-12T15:00:00Z', text: 'nurse nurse nurse', label: 'neutral' },
  // 1 February, outside January.
  { externalId: 'later', publishedAt: '2025-02-01T08:00:00Z', text: 'A nurse wrote in February', label: 'neutral' },
];

const byText = new Map(SEED.map((p) => [p.text, p.externalId]));
const JAN = 'from=2025-01-01&to=2025-02-01';

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, SEED);
  // A purge (retention, erasure request) clears the text; Postgres empties the search column with it.
  await db.db.update(posts).set({ text: null, purgedAt: new Date() }).where(eq(posts.externalId, 'purged'));
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

async function search(query: string): Promise<SearchResult[]> {
  const { status, body } = await get(`/api/v1/search?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return zSearchResponse.parse(body).posts;
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;
const ids = (results: SearchResult[]) => results.map((r) => byText.get(r.text!) ?? `?${r.text}`);
const matchedWords = (r: SearchResult) => r.matches.map((m) => r.text!.slice(m.start, m.end));

describe('GET /api/v1/search', () => {
  it('stems English words and lists matches newest first', async () => {
    expect(ids(await search(`${q('nurses')}&${JAN}`))).toEqual(['award', 'blame', 'tired', 'kind']);
    expect(ids(await search(`${q('nurse')}&${JAN}`))).toEqual(['award', 'blame', 'tired', 'kind']);
  });

  it('matches a quoted phrase only as that phrase', async () => {
    const results = await search(`${q('"nurses are tired"')}&${JAN}`);
    expect(ids(results)).toEqual(['tired']);
    // Stop words inside the phrase are not marked.
    expect(matchedWords(results[0]!)).toEqual(['Nurses', 'tired']);
  });

  it('supports OR and -word', async () => {
    expect(ids(await search(`${q('midwives OR strike')}&${JAN}`))).toEqual(['midwives', 'strike']);
    expect(ids(await search(`${q('midwives or strike')}&${JAN}`))).toEqual(['midwives', 'strike']);
    expect(ids(await search(`${q('nurses -pay')}&${JAN}`))).toEqual(['blame', 'tired', 'kind']);
  });

  it('combines with topic, sentiment, source and the London date range', async () => {
    expect(ids(await search(`${q('nurses')}&${JAN}&topic=staffing`))).toEqual(['blame', 'tired']);
    expect(ids(await search(`${q('nurses')}&${JAN}&topic=staffing&sentiment=negative`))).toEqual(['tired']);
    expect(ids(await search(`${q('nurses')}&${JAN}&sentiment=positive`))).toEqual(['kind']);
    expect(ids(await search(`${q('nurses')}&${JAN}&source=other`))).toEqual(['award']);
    expect(ids(await search(`${q('nurses')}&from=2025-01-07&to=2025-01-09`))).toEqual(['blame', 'tired']);
    expect(ids(await search(`${q('nurses')}&from=2025-01-01&to=2025-03-01`))).toEqual([
      'later',
      'award',
      'blame',
      'tired',
      'kind',
    ]);
    expect(await search(`${q('nurses')}&${JAN}&topic=regulation`)).toEqual([]);
  });

  it('pages with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await get(
        `/api/v1/search?${q('nurse')}&${JAN}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      const page = zSearchResponse.parse(body);
      seen.push(...ids(page.posts));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(['award', 'blame', 'tired', 'kind']);

    const bad = await get(`/api/v1/search?${q('nurse')}&${JAN}&cursor=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
  });

  it('returns offsets that slice to the matched words, past emoji and dashes', async () => {
    const [kind] = await search(`${q('nurses')}&${JAN}&sentiment=positive`);
    expect(matchedWords(kind!)).toEqual(['nurse', 'nurse']);
    // The second "nurse" sits after an emoji (two UTF-16 units): offsets are JavaScript string indices.
    expect(kind!.matches[1]!.start).toBe(kind!.text!.lastIndexOf('nurse'));
    for (const r of await search(`${q('nurse or pay or compassion')}&${JAN}`)) {
      expect(r.matches.length, r.text!).toBeGreaterThan(0);
      for (const word of matchedWords(r)) expect(word).toMatch(/^(nurses?|pay|compassion)$/i);
    }
    // Posts keep their tags and evidence beside the matches.
    expect(kind!.topics.map((t) => t.id)).toEqual(['compassion']);
    expect(kind!.sentiment.evidence[0]).toMatchObject({ start: 0, end: 6 });
  });

  it('never matches a purged post', async () => {
    const all = await search(`${q('nurse')}&${JAN}`);
    expect(all.every((r) => r.text !== null)).toBe(true);
    expect(ids(all)).not.toContain('purged');
  });

  it('says, beside posts and search results, from when posts are kept as figures only', async () => {
    const short = await buildTestApp({ retentionDays: 30 });
    try {
      for (const url of [`/api/v1/posts?${JAN}`, `/api/v1/search?${q('nurse')}&${JAN}`]) {
        const res = await short.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        const { retention } = res.json() as { retention: { days: number; textKeptFrom: string } };
        expect(retention.days).toBe(30);
        const ageDays = (Date.now() - Date.parse(retention.textKeptFrom)) / 86_400_000;
        expect(ageDays).toBeGreaterThanOrEqual(30);
        expect(ageDays).toBeLessThan(30 + 1 / 24);
      }
      // The purged post is still listed (it counts in every figure), without its text.
      const listed = (await short.inject({ method: 'GET', url: `/api/v1/posts?${JAN}` })).json() as {
        posts: Array<{ text: string | null }>;
      };
      expect(listed.posts.filter((p) => p.text === null)).toHaveLength(1);
    } finally {
      await short.close();
    }
  });

  it('rejects queries with nothing to look for with 400 and a clear message', async () => {
    const cases: Array<[string, RegExp]> = [
      [q('the and of'), /no words to search for/],
      [q('"" !!! ?'), /no words to search for/],
      [q('-pay'), /only excludes words/],
      [q('nurses or -pay'), /only excludes words/],
      [q('   '), /q: type something/],
      ['q=', /q: type something/],
      ['', /q/],
      [q('x'.repeat(201)), /at most 200 characters/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await get(`/api/v1/search?${query}&${JAN}`);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message, query).toMatch(message);
    }
    const inverted = await get(`/api/v1/search?${q('nurse')}&from=2025-02-01&to=2025-01-01`);
    expect(inverted.status).toBe(400);
  });
});
