import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@lp/db/client';
import { listAudit } from '@lp/db/queries/audit';
import { findUserByEmail } from '@lp/db/queries/users';
import { testDatabaseUrl } from '@lp/db/testing/test-env';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** `npm run --silent user -- …` as an operator runs it, against this worker's database. */
function user(args: string[], stdin = '') {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'services/api/src/cli/user.ts', ...args], {
    cwd: root,
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
  });
  return { code: res.status, out: res.stdout.trim(), err: res.stderr.trim() };
}

describe('npm run user', () => {
  let handle: DbHandle;
  const email = `first-admin-${randomUUID().slice(0, 6)}@trust.nhs.uk`;
  beforeAll(() => {
    handle = createDb(testDatabaseUrl(), { max: 1 });
  });
  afterAll(async () => handle?.close());

  it('adds the first admin with the password read from standard input, and only once', async () => {
    const added = user(['add', email.toUpperCase(), '--role', 'admin'], 'a long enough passphrase\n');
    expect(added).toMatchObject({ code: 0, out: `added ${email} as admin` });
    const row = await findUserByEmail(handle.db, email);
    expect(row?.role).toBe('admin');
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user(['add', email, '--role', 'viewer'], 'a long enough passphrase\n').code).toBe(1);
    const audit = await listAudit(handle.db, { actor: email, action: 'user.created', limit: 5 });
    expect(audit[0]).toMatchObject({ actor: 'command line', target: email, detail: { role: 'admin' } });
  });

  it('refuses a short password, an unknown role and a bad email with a clear message', () => {
    expect(user(['add', 'x@trust.nhs.uk', '--role', 'viewer'], 'short\n')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/at least|12 to 256/),
    });
    expect(user(['add', 'x@trust.nhs.uk', '--role', 'owner'], 'a long enough passphrase\n').code).toBe(2);
    expect(user(['add', 'not-an-email', '--role', 'viewer'], 'a long enough passphrase\n').code).toBe(2);
    expect(user(['frobnicate']).err).toMatch(/^usage:/);
  });

  it('lists, changes roles, disables, enables and resets', async () => {
    const other = `analyst-${randomUUID().slice(0, 6)}@trust.nhs.uk`;
    expect(user(['add', other, '--role', 'analyst'], 'another long passphrase\n').code).toBe(0);
    expect(user(['list']).out).toMatch(new RegExp(`${other}\\s+analyst\\s+active`));
    expect(user(['role', other, 'viewer']).out).toBe(`${other} is now viewer`);
    expect(user(['disable', other]).code).toBe(0);
    expect((await findUserByEmail(handle.db, other))?.disabledAt).not.toBeNull();
    expect(user(['list']).out).toMatch(new RegExp(`${other}\\s+viewer\\s+disabled`));
    expect(user(['enable', other]).code).toBe(0);
    const before = (await findUserByEmail(handle.db, other))?.passwordHash;
    expect(user(['reset', other], 'a third long passphrase\n').code).toBe(0);
    expect((await findUserByEmail(handle.db, other))?.passwordHash).not.toBe(before);
    expect(user(['reset', 'nobody@trust.nhs.uk'], 'a third long passphrase\n')).toMatchObject({
      code: 1,
      err: 'no user nobody@trust.nhs.uk',
    });
  });
});
