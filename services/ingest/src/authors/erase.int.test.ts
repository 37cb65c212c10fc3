import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostDraft } from '@lp/contracts/post';
import { createDb } from '@lp/db/client';
import { listAudit } from '@lp/db/queries/audit';
import { listSuppressedPseudonyms } from '@lp/db/queries/authors';
import { labelPost } from '@lp/db/queries/labels';
import { storeImportedItems, storePage } from '@lp/db/queries/raw-items';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { acquireSourceLease } from '@lp/db/queries/sources';
import { storeTaggedPosts, type TaggedPost } from '@lp/db/queries/tagged-posts';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { createPseudonymiser, createRingPseudonymiser } from '../lib/pseudonym';
import { identifyAuthor } from './identify';

const db = createDb(testDatabaseUrl(), { max: 2 });
const K1 = { id: '1', secret: 'first-pseudonym-key-0123456789abcdefghij' };
const K2 = { id: '2', secret: 'second-pseudonym-key-0123456789abcdefghi' };
const K3 = { id: '3', secret: 'third-pseudonym-key-0123456789abcdefghij' };
const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const count = async (q: ReturnType<typeof sql>) => Number((await db.db.execute<{ n: number }>(q)).rows[0]!.n);

afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
});

function draft(externalId: string, author: string, text: string): PostDraft {
  return {
    platform: 'x',
    externalId,
    url: `https://x.example/${externalId}`,
    publishedAt: day(25),
    text,
    lang: 'en',
    authorPseudonym: author,
    metrics: {},
    synthetic: false,
    version: '',
  };
}

/** A fetch of one page, as a poll stores it (lease, cursor and raw items in one transaction). */
async function fetchPage(items: PostDraft[]): Promise<number[]> {
  await db.db.execute(sql`update sources set enabled = true, lease_owner = null, lease_until = null where id = 's'`);
  expect(await acquireSourceLease(db.db, 's', 'test-poll', 60)).not.toBeNull();
  return storePage(db.db, {
    sourceId: 's',
    leaseOwner: 'test-poll',
    items: items.map((d) => ({ externalId: d.externalId, draft: d })),
    quarantined: [],
    nextCursor: { page: 2 },
  });
}

describe('erasing one author on request', () => {
  it('removes them from posts, raw items, labels, quarantine, voices and exports, across a key rotation; rollups stay exact; a re-fetch stores nothing', async () => {
    const under1 = createPseudonymiser(K1)('x', 'ward7nurse');
    const under2 = createPseudonymiser(K2)('x', 'ward7nurse');
    const other = createPseudonymiser(K2)('x', 'porter');
    // Posts from before and after a rotation (key 1, then key 2), and one from someone else.
    await seedPosts(db.db, [
      {
        sourceId: 's',
        externalId: 'old-1',
        publishedAt: day(2),
        label: 'negative',
        score: -0.6,
        topics: ['staffing'],
        author: under1,
        voice: 'staff',
        aboutUs: true,
      },
      { sourceId: 's', externalId: 'old-2', publishedAt: day(3), label: 'neutral', topics: ['pay'], author: under1 },
      {
        sourceId: 's',
        externalId: 'new-1',
        publishedAt: day(20),
        label: 'positive',
        score: 0.5,
        topics: ['pay'],
        author: under2,
      },
      // A staff survey export imported as platform "x": its author cell was hashed as written, with the "@".
      {
        sourceId: 's',
        externalId: 'file-1',
        publishedAt: day(21),
        label: 'negative',
        score: -0.3,
        topics: ['staffing'],
        author: createPseudonymiser(K2)('x', '@Ward7Nurse'),
      },
      {
        sourceId: 's',
        externalId: 'keep-1',
        publishedAt: day(20),
        label: 'positive',
        score: 0.4,
        topics: ['pay'],
        author: other,
      },
    ]);
    // Raw items for the author (one not yet tagged) and for someone else.
    await fetchPage([draft('raw-a', under2, 'not tagged yet'), draft('raw-b', other, 'the porter again')]);
    await db.db.execute(
      sql`insert into author_voices (author_pseudonym, voice, profile_seen) values (${under2}, 'staff', true)`,
    );
    await db.db.execute(sql`
      insert into quarantine (source_id, stage, external_id, reason, payload) values
        ('s', 'transform', 'q1', 'bad date', ${JSON.stringify({ user: { username: 'Ward7Nurse' }, created_at: 'yesterday' })}::jsonb),
        ('s', 'tag', 'q2', 'no text', ${JSON.stringify({ authorPseudonym: under1, text: '' })}::jsonb),
        ('s', 'transform', 'q3', 'bad date', ${JSON.stringify({ user: { username: 'porter' } })}::jsonb)`);
    const [{ id: labelled }] = (
      await db.db.execute<{ id: number }>(sql`select id from posts where external_id = 'old-2'`)
    ).rows as [{ id: number }];
    expect(
      (await labelPost(db.db, { postId: labelled, userId: null, sentiment: 'negative', topics: ['pay'] })).found,
    ).toBe(true);
    // One finished export on file (users and exports outlive resetDatabase: other tests' are cleared here).
    await db.db.execute(sql`delete from export_jobs`);
    const email = `analyst-${randomUUID().slice(0, 8)}@trust.nhs.uk`;
    await db.db.execute(sql`
      with u as (insert into users (email, role, password_hash) values (${email}, 'analyst', 'x') returning id)
      insert into export_jobs (id, user_id, kind, format, params, params_key, state, file_name, expires_at)
        select gen_random_uuid(), u.id, 'posts', 'csv', '{}'::jsonb, k, state, 'f.csv', now() + interval '1 day'
        from u, (values ('k', 'done'), ('k2', 'running')) as j(k, state)`);

    const author = await identifyAuthor([K2, K1], 'x', '@Ward7Nurse', async () => {
      throw new Error('not asked for X');
    });
    expect(author.pseudonyms).toEqual(
      expect.arrayContaining([
        { keyId: '2', pseudonym: under2 },
        { keyId: '1', pseudonym: under1 },
      ]),
    );

    // Through the command the DPO's team runs; the handle goes nowhere but that command.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'services/ingest/src/cli/author.ts',
        'erase',
        '--platform',
        'x',
        '@Ward7Nurse',
        '--reference',
        'SAR-2026-41',
        '--yes',
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: testDatabaseUrl(),
          PSEUDONYM_KEYS: `2:${K2.secret},1:${K1.secret}`,
          PSEUDONYM_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'lp-keys-')), 'k'),
        },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      erased: true,
      posts: 4,
      labels: 1,
      rawItems: 1,
      quarantined: 2,
      authorVoices: 2, // key 1 from the seeded staff post, key 2 from its profile
      exportsExpired: 1,
      exportsStopped: 1,
    });

    const names = [under1, under2];
    const inList = sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    );
    expect(await count(sql`select count(*)::int as n from posts where author_pseudonym in (${inList})`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from posts`)).toBe(1);
    expect(
      await count(sql`select count(*)::int as n from raw_items where draft->>'authorPseudonym' in (${inList})`),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from raw_items`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from post_labels`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from quarantine`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from author_voices`)).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from export_jobs where state = 'done' and expires_at > now()`),
    ).toBe(0);
    // The export being written at the time is stopped: it may have read the author's posts.
    expect(await count(sql`select count(*)::int as n from export_jobs where state = 'failed'`)).toBe(1);
    const { stored, recomputed } = await rollupsAgainstPosts(db.db);
    expect(stored).toEqual(recomputed);
    expect(stored.length).toBeGreaterThan(0);
    expect(await listSuppressedPseudonyms(db.db)).toEqual(expect.arrayContaining(names));

    // Audited with the reference and the pseudonyms; the handle is nowhere in the log.
    const audit = await listAudit(db.db, { action: 'author.erased', limit: 5 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ detail: { reference: 'SAR-2026-41', posts: 4 } });
    expect(JSON.stringify(audit).toLowerCase()).not.toContain('ward7nurse');

    // A re-fetch of their posts (poll, import, or a tagging job already holding one) stores nothing.
    expect(await fetchPage([draft('new-1', under2, 'back again'), draft('raw-c', other, 'porter')])).toHaveLength(1);
    expect(
      await storeImportedItems(db.db, 's', [{ externalId: 'imp', draft: draft('imp', under1, 'from a file') }]),
    ).toEqual([]);
    const tagged: TaggedPost = {
      rawItemId: 999,
      sourceId: 's',
      draft: draft('late', under2, 'late'),
      text: 'late',
      lang: 'en',
      sentiment: { label: 'neutral', score: 0, confidence: 0.9, evidence: [] },
      topics: [],
      modelVersion: 'test',
      fetchedAt: new Date(),
    };
    expect(await db.db.transaction((tx) => storeTaggedPosts(tx, [tagged]))).toMatchObject({ inserted: 0 });

    // After a later rotation to key 3 the author's new pseudonym is not listed, but ingest still knows them.
    const ring = createRingPseudonymiser([K3, K2, K1], () => new Set(names));
    expect(ring('x', 'Ward7Nurse')).toBe(under2);
    expect(ring('x', 'porter')).toBe(createPseudonymiser(K3)('x', 'porter'));
    expect(await fetchPage([draft('newest', ring('x', 'ward7nurse'), 'after the rotation')])).toEqual([]);
    expect(await count(sql`select count(*)::int as n from posts where author_pseudonym in (${inList})`)).toBe(0);
  });

  it('resolves a Bluesky handle to the DID its posts are keyed by', async () => {
    const asked: string[] = [];
    const author = await identifyAuthor([K1], 'bluesky', '@nurse.bsky.social', async (h) => {
      asked.push(h);
      return 'did:plc:abc123';
    });
    expect(asked).toEqual(['nurse.bsky.social']);
    expect(author.identifier).toBe('did:plc:abc123');
    expect(author.pseudonyms.map((p) => p.pseudonym)).toContain(createPseudonymiser(K1)('bluesky', 'did:plc:abc123'));
    expect(author.identifiers).toContain('nurse.bsky.social');
    await expect(identifyAuthor([K1], 'mastodon', 'nurse', async () => '')).rejects.toThrow(/instance/);
    await expect(identifyAuthor([K1], 'My Space', 'nurse', async () => '')).rejects.toThrow(/unknown platform/);
    // A file source may name its own platform.
    expect((await identifyAuthor([K1], 'staff-survey', 'Nurse A', async () => '')).pseudonyms).toHaveLength(1);
  });
});
