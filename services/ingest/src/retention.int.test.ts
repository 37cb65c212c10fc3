import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostDraft } from '@lp/contracts/post';
import { createDb } from '@lp/db/client';
import { listAudit } from '@lp/db/queries/audit';
import { labelPost } from '@lp/db/queries/labels';
import { storePage } from '@lp/db/queries/raw-items';
import { readRollups, rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { acquireSourceLease } from '@lp/db/queries/sources';
import { storeTaggedPosts } from '@lp/db/queries/tagged-posts';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { purgeOnce } from './retention';

const db = createDb(testDatabaseUrl(), { max: 2 });
const log = pino({ level: 'silent' });
const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const rows = async <T>(q: ReturnType<typeof sql>) => (await db.db.execute(q)).rows as T[];

afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
});

function draft(externalId: string, publishedAt: string, version = ''): PostDraft {
  return {
    platform: 'seed',
    externalId,
    url: `https://example.org/${externalId}`,
    publishedAt,
    text: `fetched again ${externalId}`,
    lang: 'en',
    authorPseudonym: 'a_returning',
    metrics: {},
    synthetic: false,
    version,
  };
}

describe('retention', () => {
  it('removes text, links and pseudonyms past the period and keeps keys, times, tags, labels and rollups exactly; a re-fetch or edit brings nothing back', async () => {
    await seedPosts(db.db, [
      {
        sourceId: 's',
        externalId: 'old-1',
        publishedAt: daysAgo(120),
        label: 'negative',
        score: -0.7,
        topics: ['staffing'],
        author: 'a_nurse',
        url: 'https://example.org/old-1',
        text: 'rota gaps again on ward 7',
      },
      {
        sourceId: 's',
        externalId: 'old-2',
        publishedAt: daysAgo(91),
        label: 'positive',
        score: 0.6,
        topics: ['pay'],
        author: 'a_porter',
        voice: 'staff',
      },
      {
        sourceId: 's',
        externalId: 'new-1',
        publishedAt: daysAgo(89),
        label: 'neutral',
        topics: ['pay'],
        author: 'a_nurse',
        url: 'https://example.org/new-1',
      },
    ]);
    const [old1] = await rows<{ id: number }>(sql`select id from posts where external_id = 'old-1'`);
    await labelPost(db.db, { postId: old1!.id, userId: null, sentiment: 'neutral', topics: ['staffing'] });
    // The fetched drafts behind them, tagged already, and quarantined items old and new.
    await db.db.execute(sql`update sources set enabled = true where id = 's'`);
    expect(await acquireSourceLease(db.db, 's', 't', 60)).not.toBeNull();
    await storePage(db.db, {
      sourceId: 's',
      leaseOwner: 't',
      items: [draft('old-1', daysAgo(120)), draft('new-1', daysAgo(89))].map((d) => ({
        externalId: d.externalId,
        draft: d,
      })),
      quarantined: [],
      nextCursor: null,
    });
    await db.db.execute(sql`update raw_items set status = 'done'`);
    await db.db.execute(sql`
      insert into quarantine (source_id, stage, reason, payload, created_at) values
        ('s', 'transform', 'bad date', '{"user":"someone"}'::jsonb, ${daysAgo(100)}),
        ('s', 'transform', 'bad date', '{"user":"someone else"}'::jsonb, ${daysAgo(2)})`);
    // An alert from then, and one from last week: the old one's distinctive words go.
    const explanation = (term: string) =>
      JSON.stringify({
        alertName: 'a',
        summary: 's',
        terms: [{ term, z: 3 }],
        posts: [{ id: String(old1!.id) }],
        sources: [],
        leftOut: [],
        link: 'x',
      });
    await db.db.execute(sql`
      insert into alert_firings (kind, window_from, window_to, explanation) values
        ('rule', ${daysAgo(101)}, ${daysAgo(100)}, ${explanation('jo bloggs')}::jsonb),
        ('rule', ${daysAgo(8)}, ${daysAgo(7)}, ${explanation('norovirus')}::jsonb)`);
    const rollupsBefore = await readRollups(db.db);
    const tagsBefore = await rows(sql`
      select p.external_id, p.published_at, p.source_id, p.voice, s.label, s.score, array_agg(t.topic_id order by t.topic_id) as topics
      from posts p join post_sentiments s on s.post_id = p.id left join post_topics t on t.post_id = p.id
      group by 1, 2, 3, 4, 5, 6 order by 1`);

    const outcome = await purgeOnce({ db: db.db, days: 90, log, now: () => NOW });
    expect(outcome).toEqual({ posts: 2, alertTerms: 1, rawItems: 1, quarantined: 1, authorVoices: 0 });
    expect(await rows(sql`select explanation->'terms' as terms from alert_firings order by window_to`)).toEqual([
      { terms: [] },
      { terms: [{ term: 'norovirus', z: 3 }] },
    ]);

    const posts = await rows<{
      external_id: string;
      text: string | null;
      url: string | null;
      author_pseudonym: string | null;
      purged: boolean;
    }>(
      sql`select external_id, text, url, author_pseudonym, purged_at is not null as purged from posts order by external_id`,
    );
    expect(posts).toEqual([
      {
        external_id: 'new-1',
        text: expect.any(String),
        url: 'https://example.org/new-1',
        author_pseudonym: 'a_nurse',
        purged: false,
      },
      { external_id: 'old-1', text: null, url: null, author_pseudonym: null, purged: true },
      { external_id: 'old-2', text: null, url: null, author_pseudonym: null, purged: true },
    ]);
    // Evidence spans are words of the text: gone with it. Tags, labels and every rollup stay.
    expect(
      await rows(
        sql`select count(*)::int as n from post_sentiments s join posts p on p.id = s.post_id where p.purged_at is not null and s.evidence <> '[]'::jsonb`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await rows(sql`
      select p.external_id, p.published_at, p.source_id, p.voice, s.label, s.score, array_agg(t.topic_id order by t.topic_id) as topics
      from posts p join post_sentiments s on s.post_id = p.id left join post_topics t on t.post_id = p.id
      group by 1, 2, 3, 4, 5, 6 order by 1`),
    ).toEqual(tagsBefore);
    expect(await rows(sql`select count(*)::int as n from post_labels`)).toEqual([{ n: 1 }]);
    // The label keeps the model's tags beside it: their evidence words go too, the tags stay.
    expect(
      await rows(
        sql`select model->'sentiment'->'evidence' as ev, model->'sentiment'->>'label' as label from post_labels`,
      ),
    ).toEqual([{ ev: [], label: 'negative' }]);
    expect(await readRollups(db.db)).toEqual(rollupsBefore);
    const { stored, recomputed } = await rollupsAgainstPosts(db.db);
    expect(stored).toEqual(recomputed);
    // The old draft is emptied, the new one kept; the old quarantined payload is gone.
    const drafts = await rows<{ external_id: string; text: string; author: string | null; url: string | null }>(
      sql`select external_id, draft->>'text' as text, draft->>'authorPseudonym' as author, draft->>'url' as url from raw_items order by external_id`,
    );
    expect(drafts).toEqual([
      { external_id: 'new-1', text: 'fetched again new-1', author: 'a_returning', url: 'https://example.org/new-1' },
      { external_id: 'old-1', text: '', author: null, url: null },
    ]);
    expect(await rows(sql`select payload from quarantine`)).toEqual([{ payload: { user: 'someone else' } }]);
    const audit = await listAudit(db.db, { action: 'retention.purged', limit: 5 });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ days: 90, posts: 2 });

    // A re-fetch of the same version stores no new item; an edited version is ignored by the store.
    expect(
      await storePage(db.db, {
        sourceId: 's',
        leaseOwner: 't',
        items: [{ externalId: 'old-1', draft: draft('old-1', daysAgo(120)) }],
        quarantined: [],
        nextCursor: null,
      }),
    ).toEqual([]);
    const edited = await db.db.transaction((tx) =>
      storeTaggedPosts(tx, [
        {
          rawItemId: 1,
          sourceId: 's',
          draft: draft('old-2', daysAgo(91), 'v2'),
          text: 'fetched again old-2',
          lang: 'en',
          sentiment: { label: 'negative', score: -0.5, confidence: 0.9, evidence: [] },
          topics: [],
          modelVersion: 'test',
          fetchedAt: NOW,
        },
      ]),
    );
    expect(edited).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(await rows(sql`select text from posts where external_id = 'old-2'`)).toEqual([{ text: null }]);
    expect(await readRollups(db.db)).toEqual(rollupsBefore);

    // A second pass finds nothing more and writes no audit entry.
    expect(await purgeOnce({ db: db.db, days: 90, log, now: () => NOW })).toEqual({
      posts: 0,
      alertTerms: 0,
      rawItems: 0,
      quarantined: 0,
      authorVoices: 0,
    });
    expect(await listAudit(db.db, { action: 'retention.purged', limit: 5 })).toHaveLength(1);
  });
});
