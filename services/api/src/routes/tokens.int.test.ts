import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zTokenCreated, zTokenList } from '@lp/contracts/tokens';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp, injectAs, signInAs, type TestUser } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
let analyst: TestUser;
beforeAll(async () => {
  await resetDatabase(db.db);
  app = await buildTestApp({ as: null });
  analyst = await signInAs(app, 'analyst');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const bearer = (token: string, opts: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object }) =>
  app.inject({
    method: opts.method ?? 'GET',
    url: opts.url,
    payload: opts.payload,
    headers: { authorization: `Bearer ${token}` },
  });

async function create(user: TestUser, body: object) {
  const res = await injectAs(app, user, { method: 'POST', url: '/api/v1/tokens', payload: body });
  return res;
}

describe('personal API tokens', () => {
  it('are shown once, stored hashed, and sign a script in with the owner’s role', async () => {
    const res = await create(analyst, { name: 'R script' });
    expect(res.statusCode).toBe(201);
    const created = zTokenCreated.parse(res.json());
    expect(created.token).toMatch(/^lp_[A-Za-z0-9_-]{43}$/);
    expect(created.role).toBe('analyst');
    // 90 days by default.
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(Date.parse(created.expiresAt) - Date.now()).toBeLessThanOrEqual(90 * 86_400_000);

    // Only a hash is kept, and the list never shows the token.
    const stored = await db.db.execute<{ token_hash: string }>(sql`select token_hash from api_tokens`);
    expect(JSON.stringify(stored.rows)).not.toContain(created.token);
    const list = await injectAs(app, analyst, { method: 'GET', url: '/api/v1/tokens' });
    expect(list.body).not.toContain(created.token);
    expect(zTokenList.parse(list.json()).tokens).toEqual([
      expect.objectContaining({
        id: created.id,
        name: 'R script',
        prefix: created.token.slice(0, 10),
        state: 'active',
        lastUsedAt: null,
      }),
    ]);

    // The token reads what an analyst reads, without a cookie or an Origin.
    const posts = await bearer(created.token, { url: '/api/v1/posts?from=2025-01-01&to=2025-01-02' });
    expect(posts.statusCode).toBe(200);
    expect((await bearer(created.token, { url: '/api/v1/users' })).statusCode).toBe(403);
    const used = zTokenList.parse((await injectAs(app, analyst, { method: 'GET', url: '/api/v1/tokens' })).json());
    expect(used.tokens[0]!.lastUsedAt).not.toBeNull();

    const audit = await db.db.execute<{ action: string; detail: Record<string, unknown> }>(
      // The audit log is append-only and outlives other test files' resets: this user's entries only.
      sql`select action, detail from audit_log where action like 'token.%' and actor_email = ${analyst.email}`,
    );
    expect(audit.rows).toEqual([
      { action: 'token.created', detail: expect.objectContaining({ name: 'R script', role: 'analyst' }) },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(created.token);
  });

  it('can be narrower than the owner, never wider; follow the owner’s role down', async () => {
    expect((await create(analyst, { name: 'too much', role: 'admin' })).statusCode).toBe(403);
    const narrow = zTokenCreated.parse((await create(analyst, { name: 'read only', role: 'viewer' })).json());
    expect((await bearer(narrow.token, { url: '/api/v1/overview?from=2025-01-01&to=2025-01-02' })).statusCode).toBe(
      200,
    );
    expect((await bearer(narrow.token, { url: '/api/v1/posts?from=2025-01-01&to=2025-01-02' })).statusCode).toBe(403);

    const owner = await signInAs(app, 'admin');
    const wide = zTokenCreated.parse((await create(owner, { name: 'admin script', expiresInDays: 7 })).json());
    // State-changing calls need no Origin with a token (no CSRF: a browser never adds the header cross-site).
    const put = await bearer(wide.token, {
      method: 'PUT',
      url: '/api/v1/reports/settings',
      payload: { recipients: [], sendTime: '07:00', topics: [] },
    });
    expect(put.statusCode).toBe(200);
    // The owner is made a viewer: the admin token now acts as a viewer.
    await db.db.execute(sql`update users set role = 'viewer' where email = ${owner.email}`);
    expect((await bearer(wide.token, { url: '/api/v1/reports/settings' })).statusCode).toBe(403);
    expect((await bearer(wide.token, { url: '/api/v1/overview?from=2025-01-01&to=2025-01-02' })).statusCode).toBe(200);
  });

  it('stop working when revoked, expired or their owner is disabled (401, saying which)', async () => {
    const url = '/api/v1/overview?from=2025-01-01&to=2025-01-02';
    const a = zTokenCreated.parse((await create(analyst, { name: 'to revoke' })).json());
    // A token cannot revoke tokens (nor make them): that is for the person, signed in.
    expect((await bearer(a.token, { method: 'DELETE', url: `/api/v1/tokens/${a.id}` })).statusCode).toBe(403);
    expect((await bearer(a.token, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x' } })).statusCode).toBe(
      403,
    );
    const del = await injectAs(app, analyst, { method: 'DELETE', url: `/api/v1/tokens/${a.id}` });
    expect(del.statusCode).toBe(204);
    const revoked = await bearer(a.token, { url });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.message).toMatch(/revoked/);
    expect((await injectAs(app, analyst, { method: 'DELETE', url: `/api/v1/tokens/${a.id}` })).statusCode).toBe(404);

    const b = zTokenCreated.parse((await create(analyst, { name: 'to expire', expiresInDays: 1 })).json());
    await db.db.execute(sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${b.id}`);
    const expired = await bearer(b.token, { url });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toMatch(/expired/);

    const c = zTokenCreated.parse((await create(analyst, { name: 'owner disabled' })).json());
    expect((await bearer(c.token, { url })).statusCode).toBe(200);
    const other = await signInAs(app, 'viewer');
    // Someone else's token id: not theirs to revoke.
    expect((await injectAs(app, other, { method: 'DELETE', url: `/api/v1/tokens/${c.id}` })).statusCode).toBe(404);
    await db.db.execute(sql`update users set disabled_at = now() where email = ${analyst.email}`);
    expect((await bearer(c.token, { url })).json().error.message).toMatch(/disabled/);
    await db.db.execute(sql`update users set disabled_at = null where email = ${analyst.email}`);

    expect((await bearer('lp_not-a-real-token', { url })).statusCode).toBe(401);
    expect((await bearer('lp_not-a-real-token', { url: '/api/health' })).statusCode).toBe(200);
    const states = zTokenList.parse((await injectAs(app, analyst, { method: 'GET', url: '/api/v1/tokens' })).json());
    expect(Object.fromEntries(states.tokens.map((t) => [t.name, t.state]))).toMatchObject({
      'to revoke': 'revoked',
      'to expire': 'expired',
      'owner disabled': 'active',
    });
    const audit = await db.db.execute<{ action: string }>(
      sql`select action from audit_log where action = 'token.revoked' and actor_email = ${analyst.email}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('checks what it is given', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'x', expiresInDays: 0 },
      { name: 'x', expiresInDays: 366 },
      { name: 'x', role: 'root' },
    ])
      expect((await create(analyst, body)).statusCode).toBe(400);
    expect((await injectAs(app, analyst, { method: 'DELETE', url: '/api/v1/tokens/abc' })).statusCode).toBe(400);
  });
});
