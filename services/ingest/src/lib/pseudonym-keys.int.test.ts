import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { getSetting, putSetting } from '@lp/db/queries/settings';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { createPseudonymiser, keyIdOfPseudonym, pseudonymsOf } from './pseudonym';
import { loadPseudonymKeys, parseKeyList, pseudonymKeyRing, PseudonymKeyError } from './pseudonym-keys';

const db = createDb(testDatabaseUrl(), { max: 2 });
const log = pino({ level: 'silent' });
const OLD = 'old-pseudonym-key-0123456789abcdefghij';
const NEW = 'new-pseudonym-key-0123456789abcdefghij';
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'lp-keys-')), 'nested', 'pseudonym-keys');
const noLegacy = { read: async () => null };

afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
});

describe('pseudonym key custody', () => {
  it('reads versioned keys from the environment, the one in use first, and refuses weak or muddled ones', async () => {
    const ring = await loadPseudonymKeys(
      { PSEUDONYM_KEYS: `2:${NEW}, 1:${OLD}`, PSEUDONYM_KEY_FILE: keyFile() },
      noLegacy,
    );
    expect(ring.current).toEqual({ id: '2', secret: NEW });
    expect(ring.all.map((k) => k.id)).toEqual(['2', '1']);
    const single = await loadPseudonymKeys({ PSEUDONYM_KEY: OLD, PSEUDONYM_KEY_FILE: keyFile() }, noLegacy);
    expect(single).toMatchObject({ current: { id: '1', secret: OLD }, origin: 'PSEUDONYM_KEY' });
    expect(() => parseKeyList('2:short', 'X')).toThrow(PseudonymKeyError);
    expect(() => parseKeyList(`1:${OLD},1:${NEW}`, 'X')).toThrow(/appears twice/);
    expect(() => parseKeyList(`Key One:${OLD}`, 'X')).toThrow(/id of 1-8/);
  });

  it('generates a key once into a private file (never Postgres), and every later start reads that file', async () => {
    const file = keyFile();
    const first = await pseudonymKeyRing({ PSEUDONYM_KEY_FILE: file }, db.db, log);
    expect(first.origin).toBe('generated');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(`1:${first.current.secret}`);
    const again = await pseudonymKeyRing({ PSEUDONYM_KEY_FILE: file }, db.db, log);
    expect(again).toMatchObject({ origin: 'file', current: first.current });
    expect(await getSetting(db.db, 'pseudonym_key')).toBeNull();
  });

  it('never forgets a key still in Postgres that the configured keys lack, and tools never write a key file', async () => {
    await putSetting(db.db, 'pseudonym_key', OLD);
    await expect(
      pseudonymKeyRing({ PSEUDONYM_KEYS: `2:${NEW}`, PSEUDONYM_KEY_FILE: keyFile() }, db.db, log),
    ).rejects.toThrow(/still holds the pseudonym key/);
    expect(await getSetting(db.db, 'pseudonym_key')).toBe(OLD);
    // Once it is among them, it is forgotten in Postgres.
    await pseudonymKeyRing({ PSEUDONYM_KEYS: `2:${NEW},1:${OLD}`, PSEUDONYM_KEY_FILE: keyFile() }, db.db, log);
    expect(await getSetting(db.db, 'pseudonym_key')).toBeNull();

    // A command-line tool with no key configured refuses rather than make one of its own.
    const file = keyFile();
    await expect(pseudonymKeyRing({ PSEUDONYM_KEY_FILE: file }, db.db, log, { mayWrite: false })).rejects.toThrow(
      /no pseudonym key found/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('refuses to start without a key that erased authors are listed under', async () => {
    await db.db.execute(
      sql`insert into suppressed_authors (pseudonym, platform, key_id) values ('a_x', 'x', '1'), ('a2_x', 'x', '2')`,
    );
    await expect(
      pseudonymKeyRing({ PSEUDONYM_KEYS: `3:${NEW},2:${OLD}`, PSEUDONYM_KEY_FILE: keyFile() }, db.db, log),
    ).rejects.toThrow(/erased authors are listed under pseudonym key 1/);
    const ring = await pseudonymKeyRing(
      { PSEUDONYM_KEYS: `3:${NEW},2:${OLD},1:${OLD}x`, PSEUDONYM_KEY_FILE: keyFile() },
      db.db,
      log,
    );
    expect(ring.all.map((k) => k.id)).toEqual(['3', '2', '1']);
  });

  it('moves a key an older version kept in Postgres into the file, and forgets it there', async () => {
    await putSetting(db.db, 'pseudonym_key', OLD);
    const file = keyFile();
    const ring = await pseudonymKeyRing({ PSEUDONYM_KEY_FILE: file }, db.db, log);
    expect(ring).toMatchObject({ origin: 'moved', current: { id: '1', secret: OLD } });
    expect(readFileSync(file, 'utf8')).toContain(`1:${OLD}`);
    expect(await getSetting(db.db, 'pseudonym_key')).toBeNull();
    // Pseudonyms made before the move are unchanged: the same key, id 1, the same `a_` form.
    expect(createPseudonymiser(ring.current)('x', '@Ward7Nurse')).toBe(createPseudonymiser(OLD)('x', '@ward7nurse'));
  });

  it('after a rotation, new pseudonyms name the new key and the author is found under both', async () => {
    const before = createPseudonymiser({ id: '1', secret: OLD });
    const after = createPseudonymiser({ id: '2', secret: NEW });
    const oldName = before('x', 'Ward7Nurse');
    const newName = after('x', 'ward7nurse');
    expect(oldName).toMatch(/^a_/);
    expect(newName).toMatch(/^a2_/);
    expect([keyIdOfPseudonym(oldName), keyIdOfPseudonym(newName), keyIdOfPseudonym('a_seed')]).toEqual([
      '1',
      '2',
      null,
    ]);

    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9)).toISOString();
    await seedPosts(db.db, [
      { sourceId: 's', externalId: 'before-1', publishedAt: day(2), label: 'negative', author: oldName },
      { sourceId: 's', externalId: 'before-2', publishedAt: day(3), label: 'neutral', author: oldName },
      { sourceId: 's', externalId: 'after-1', publishedAt: day(20), label: 'positive', author: newName },
      {
        sourceId: 's',
        externalId: 'someone-else',
        publishedAt: day(20),
        label: 'positive',
        author: after('x', 'porter'),
      },
    ]);

    // Through the command a DPO's team would run for a subject access request (typed as people write it, with the @).
    const file = keyFile();
    const root = fileURLToPath(new URL('../../../..', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'services/ingest/src/cli/author.ts', 'find', '--platform', 'x', '@WARD7NURSE'],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: testDatabaseUrl(),
          PSEUDONYM_KEYS: `2:${NEW},1:${OLD}`,
          PSEUDONYM_KEY_FILE: file,
        },
      },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { keyId: '2', current: true, pseudonym: newName, posts: 1, firstAt: day(20), lastAt: day(20) },
      { keyId: '1', current: false, pseudonym: oldName, posts: 2, firstAt: day(2), lastAt: day(3) },
    ]);
    expect(
      pseudonymsOf(
        [
          { id: '2', secret: NEW },
          { id: '1', secret: OLD },
        ],
        'x',
        ' Ward7Nurse ',
      ),
    ).toEqual([newName, oldName]);
  });
});
