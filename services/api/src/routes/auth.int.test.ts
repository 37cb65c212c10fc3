import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageSession } from '@lp/db/queries/sessions';
import { findUserByEmail } from '@lp/db/queries/users';
import { hashToken } from '../plugins/app/auth';
import { TEST_ORIGIN, TEST_PASSWORD, buildTestApp, injectAs, signInAs, type TestUser } from '../testing';

const tokenOf = (u: TestUser) => hashToken(u.cookie.split('=')[1]!);

describe('sign-in and sessions', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ as: null, auth: { maxFailedSignIns: 3, lockMs: 60_000 } });
  });
  afterAll(async () => app?.close());

  const me = (u: TestUser) => injectAs(app, u, { method: 'GET', url: '/api/v1/auth/me' });
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });

  it('signs in with a Secure, HTTP-only, SameSite=Lax cookie and says who is signed in', async () => {
    const u = await signInAs(app, 'analyst');
    const res = await login(u.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: { email: u.email, role: 'analyst' } });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/lp_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=43200/);
    const who = await me(u);
    expect(who.statusCode).toBe(200);
    expect(who.json().user).toEqual({ email: u.email, role: 'analyst' });
    // The database holds a hash of the token, never the token.
    const stored = await app.db.execute<{ n: number }>(
      sql`select count(*)::int as n from sessions where token_hash = ${u.cookie.split('=')[1]}`,
    );
    expect(stored.rows[0]?.n).toBe(0);
    expect((await findUserByEmail(app.db, u.email))?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('answers 401 alike for an unknown email and a wrong password', async () => {
    const u = await signInAs(app, 'viewer');
    const unknown = await login('nobody@trust.test', 'whatever-password');
    const wrong = await login(u.email, 'not the password at all');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('signs out here, or everywhere', async () => {
    const a = await signInAs(app, 'viewer');
    const b = { ...a, cookie: (await signInAgain(a)).cookie };
    const out = await injectAs(app, a, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/lp_session=;/);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);

    const c = { ...a, cookie: (await signInAgain(a)).cookie };
    expect((await injectAs(app, c, { method: 'POST', url: '/api/v1/auth/logout-everywhere' })).statusCode).toBe(204);
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(c)).statusCode).toBe(401);
  });

  async function signInAgain(u: TestUser) {
    const res = await login(u.email, u.password);
    const c = res.cookies.find((x) => x.name === 'lp_session')!;
    return { ...u, cookie: `lp_session=${c.value}` };
  }

  it('ends a session left idle for 30 minutes, and any session after 12 hours', async () => {
    const idle = await signInAs(app, 'viewer');
    await ageSession(app.db, tokenOf(idle), { idleMs: 29 * 60_000 });
    expect((await me(idle)).statusCode).toBe(200);
    // That request used the session: the idle clock starts again.
    await ageSession(app.db, tokenOf(idle), { idleMs: 29 * 60_000 });
    expect((await me(idle)).statusCode).toBe(200);
    await ageSession(app.db, tokenOf(idle), { idleMs: 31 * 60_000 });
    const expired = await me(idle);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toMatch(/session has ended/);

    // The dashboard's timed refreshes of an unattended page are passive: they do not keep it alive.
    const unattended = await signInAs(app, 'viewer');
    await ageSession(app.db, tokenOf(unattended), { idleMs: 20 * 60_000 });
    const passive = { method: 'GET' as const, url: '/api/v1/auth/me', headers: { 'x-lp-passive': '1' } };
    expect((await injectAs(app, unattended, passive)).statusCode).toBe(200);
    await ageSession(app.db, tokenOf(unattended), { idleMs: 11 * 60_000 });
    expect((await injectAs(app, unattended, passive)).statusCode).toBe(401);

    const busy = await signInAs(app, 'viewer');
    await ageSession(app.db, tokenOf(busy), { lifeMs: 11 * 3600_000 + 50 * 60_000 });
    expect((await me(busy)).statusCode).toBe(200);
    await ageSession(app.db, tokenOf(busy), { lifeMs: 11 * 60_000 });
    expect((await me(busy)).statusCode).toBe(401);
  });

  it('locks an account after repeated failures, even to the right password, until an admin resets it', async () => {
    const admin = await signInAs(app, 'admin');
    const u = await signInAs(app, 'analyst');
    for (let i = 0; i < 3; i++) expect((await login(u.email, `wrong password ${i}`)).statusCode).toBe(401);
    expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(401);
    const row = await findUserByEmail(app.db, u.email);
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());

    const users = await injectAs(app, admin, { method: 'GET', url: '/api/v1/users' });
    const listed = users.json().users.find((x: { email: string }) => x.email === u.email);
    expect(listed.lockedUntil).not.toBeNull();
    const reset = await injectAs(app, admin, {
      method: 'PATCH',
      url: `/api/v1/users/${listed.id}`,
      payload: { password: 'a brand new passphrase' },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().lockedUntil).toBeNull();
    // A reset also ends the sessions the person had.
    expect((await me(u)).statusCode).toBe(401);
    expect((await login(u.email, 'a brand new passphrase')).statusCode).toBe(200);

    const audit = await injectAs(app, admin, {
      method: 'GET',
      url: `/api/v1/audit?actor=${encodeURIComponent(u.email)}`,
    });
    const actions = audit.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login_failed', 'auth.locked', 'user.password_reset', 'auth.login']),
    );
    const failed = audit.json().entries.find((e: { action: string }) => e.action === 'auth.login_failed');
    expect(failed.ip).toBeTruthy();
    expect(JSON.stringify(audit.json())).not.toMatch(/wrong password|brand new/);
  });

  it('counts a burst of guesses sent at once: no more than the limit are checked, and the right password then fails', async () => {
    const u = await signInAs(app, 'analyst');
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => login(u.email, `burst guess ${i}`)));
    expect(burst.every((r) => r.statusCode === 401)).toBe(true);
    expect((await findUserByEmail(app.db, u.email))?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(401);
    const checked = await app.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where target = ${u.email} and action = 'auth.login_failed' and detail->>'reason' = 'wrong_password'`,
    );
    expect(checked.rows[0]?.n).toBeLessThanOrEqual(3);
  });

  it('signs out with 204 even when the session had already ended', async () => {
    const u = await signInAs(app, 'viewer');
    expect((await injectAs(app, u, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    const again = await injectAs(app, u, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(again.statusCode).toBe(204);
    expect(String(again.headers['set-cookie'])).toMatch(/lp_session=;/);
  });

  it('locks the account and ends every session when a session guesses the current password too often', async () => {
    const u = await signInAs(app, 'viewer');
    const change = (currentPassword: string) =>
      injectAs(app, u, {
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword, newPassword: 'attacker chosen passphrase' },
      });
    expect((await change('guess one')).statusCode).toBe(400);
    expect((await change('guess two')).statusCode).toBe(400);
    expect((await change('guess three')).statusCode).toBe(401);
    expect((await me(u)).statusCode).toBe(401);
    expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('applies a role change at the next request and signs a disabled user out', async () => {
    const admin = await signInAs(app, 'admin');
    const u = await signInAs(app, 'viewer');
    expect(
      (await injectAs(app, u, { method: 'GET', url: '/api/v1/posts?from=2025-01-01&to=2025-01-02' })).statusCode,
    ).toBe(403);
    const id = (await findUserByEmail(app.db, u.email))!.id;
    const promoted = await injectAs(app, admin, {
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { role: 'analyst' },
    });
    expect(promoted.json().role).toBe('analyst');
    expect(
      (await injectAs(app, u, { method: 'GET', url: '/api/v1/posts?from=2025-01-01&to=2025-01-02' })).statusCode,
    ).toBe(200);
    await injectAs(app, admin, { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: true } });
    expect((await me(u)).statusCode).toBe(401);
    expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('tells only admins why a source failed', async () => {
    const admin = await signInAs(app, 'admin');
    const viewer = await signInAs(app, 'viewer');
    await app.db.execute(
      sql`insert into sources (id, type, config, poll_every_seconds, state, last_error) values ('err-src', 'rss', '{}', 900, 'error', 'GET https://intranet.trust.example/feed: 401')
          on conflict (id) do update set last_error = excluded.last_error`,
    );
    const errorOf = async (u: TestUser) =>
      (await injectAs(app, u, { method: 'GET', url: '/api/v1/sources' }))
        .json()
        .sources.find((x: { id: string }) => x.id === 'err-src')?.lastError;
    expect(await errorOf(admin)).toMatch(/intranet/);
    expect(await errorOf(viewer)).toBeNull();
  });

  it('keeps at least one enabled admin', async () => {
    await app.db.execute(sql`update users set role = 'viewer' where role = 'admin'`);
    const admin = await signInAs(app, 'admin');
    const id = (await findUserByEmail(app.db, admin.email))!.id;
    const demote = await injectAs(app, admin, {
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(409);
    const disable = await injectAs(app, admin, {
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(409);
  });

  it('adds users with a checked email and a long enough password, once', async () => {
    const admin = await signInAs(app, 'admin');
    const add = (payload: object) => injectAs(app, admin, { method: 'POST', url: '/api/v1/users', payload });
    expect((await add({ email: 'Exec@Trust.test', role: 'viewer', password: 'twelve chars!' })).statusCode).toBe(201);
    expect((await add({ email: 'exec@trust.test', role: 'viewer', password: 'twelve chars!' })).statusCode).toBe(409);
    const short = await add({ email: 'short@trust.test', role: 'viewer', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/password.*12/);
    expect((await add({ email: 'not-an-email', role: 'viewer', password: 'twelve chars!' })).statusCode).toBe(400);
    expect((await add({ email: 'x@trust.test', role: 'owner', password: 'twelve chars!' })).statusCode).toBe(400);
    const list = await injectAs(app, admin, { method: 'GET', url: '/api/v1/users' });
    expect(JSON.stringify(list.json())).not.toMatch(/argon2|password/i);
  });

  it('lets a user change their own password, ending their other sessions', async () => {
    const u = await signInAs(app, 'viewer');
    const other = await signInAgain(u);
    const wrong = await injectAs(app, u, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'not it', newPassword: 'another long passphrase' },
    });
    expect(wrong.statusCode).toBe(400);
    const res = await injectAs(app, u, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' },
    });
    expect(res.statusCode).toBe(204);
    const fresh = res.cookies.find((c) => c.name === 'lp_session')!;
    expect((await me({ ...u, cookie: `lp_session=${fresh.value}` })).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After once one address tries too often, in the usual error shape', async () => {
    const app = await buildTestApp({ as: null, auth: { loginPerMinute: 3 } });
    try {
      const attempt = () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'x@trust.test', password: 'guess' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/try again/) } });
    } finally {
      await app.close();
    }
  });
});

describe('cross-site requests', () => {
  let app: FastifyInstance;
  let admin: TestUser;
  beforeAll(async () => {
    app = await buildTestApp({ as: null });
    admin = await signInAs(app, 'admin');
  });
  afterAll(async () => app?.close());

  const pause = (headers: Record<string, string>, extra: object = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/sources/no-such-source/pause',
      headers: { cookie: admin.cookie, ...headers },
      ...extra,
    });

  it('refuses a state change with the cookie from a foreign Origin, with no Origin, or as a text/plain form', async () => {
    expect((await pause({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await pause({})).statusCode).toBe(403);
    expect((await pause({ origin: 'null' })).statusCode).toBe(403);
    expect((await pause({ referer: 'https://evil.example/page' })).statusCode).toBe(403);
    const form = await pause({ origin: 'https://evil.example', 'content-type': 'text/plain' }, { payload: 'x=1' });
    expect(form.statusCode).toBe(403);
    expect(form.json().error.code).toBe('forbidden_origin');
  });

  it('accepts the dashboard own Origin, or its Referer when no Origin is sent', async () => {
    // No source "no-such-source" exists: 404 means the request got past the origin rule.
    expect((await pause({ origin: TEST_ORIGIN })).statusCode).toBe(404);
    expect((await pause({ referer: `${TEST_ORIGIN}/?view=sources` })).statusCode).toBe(404);
  });

  it('refuses signing in from another site', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.email, password: TEST_PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('holds PUBLIC_URL as the origin behind a proxy', async () => {
    const proxied = await buildTestApp({ as: null, auth: { publicUrl: 'https://listening.trust.nhs.uk/' } });
    try {
      const u = await signInAs(proxied, 'admin');
      const go = (origin: string) =>
        proxied.inject({
          method: 'POST',
          url: '/api/v1/sources/no-such-source/pause',
          headers: { cookie: u.cookie, origin },
        });
      expect((await go(TEST_ORIGIN)).statusCode).toBe(403);
      expect((await go('https://listening.trust.nhs.uk')).statusCode).toBe(404);
    } finally {
      await proxied.close();
    }
  });
});

describe('audit log', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => app?.close());

  it('records who changed an event, and cannot be rewritten', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { day: '2025-03-04', title: 'Audit test event', kind: 'incident' },
    });
    expect(created.statusCode).toBe(201);
    await app.inject({ method: 'DELETE', url: `/api/v1/events/${created.json().id}` });
    const log = await app.inject({ method: 'GET', url: '/api/v1/audit?action=event' });
    const entries = log.json().entries;
    expect(entries.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['event.deleted', 'event.created']);
    expect(entries[0].actor).toBe((app as FastifyInstance & { testUser: TestUser }).testUser.email);
    expect(entries[0].detail.title).toBe('Audit test event');
    const appendOnly = { cause: { message: expect.stringMatching(/append-only/) } };
    await expect(app.db.execute(sql`update audit_log set action = 'x'`)).rejects.toMatchObject(appendOnly);
    await expect(app.db.execute(sql`delete from audit_log`)).rejects.toMatchObject(appendOnly);
  });

  it('filters by day and pages', async () => {
    for (let i = 0; i < 3; i++)
      await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        payload: { day: '2025-03-05', title: `Paged ${i}`, kind: 'incident' },
      });
    const first = await app.inject({ method: 'GET', url: '/api/v1/audit?action=event.created&limit=2' });
    expect(first.json().entries).toHaveLength(2);
    const next = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?action=event.created&limit=2&cursor=${first.json().nextCursor}`,
    });
    expect(next.json().entries.length).toBeGreaterThanOrEqual(1);
    expect(Number(next.json().entries[0].id)).toBeLessThan(Number(first.json().entries[1].id));
    const none = await app.inject({ method: 'GET', url: '/api/v1/audit?from=2001-01-01&to=2001-01-02' });
    expect(none.json().entries).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit?action=DROP%20TABLE' })).statusCode).toBe(400);
  });
});
