import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { listAudit } from '@lp/db/queries/audit';
import { createUser, findUserByEmail, updateUser } from '@lp/db/queries/users';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { parseOidcSettings } from '../lib/oidc-config';
import { startTestOidcProvider, type TestOidcProvider } from '../testing-support/oidc-provider';
import { buildTestApp, injectAs, signInAs } from '../testing';

const PUBLIC_URL = 'http://127.0.0.1:3999'; // never served: the provider's redirect is followed by hand
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;
const TENANT = 'tenant-royal-free';
const db = createDb(testDatabaseUrl(), { max: 2 });
let op: TestOidcProvider;
let app: FastifyInstance;

/** Follows the provider's redirects with its cookies until the browser would land on our callback. */
async function throughProvider(start: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < 12 && !url.href.startsWith(CALLBACK); hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const sc of res.headers.getSetCookie()) {
      const pair = sc.split(';')[0]!;
      const i = pair.indexOf('=');
      if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`${url.pathname} answered ${res.status}: ${await res.text()}`);
    url = new URL(location, url);
  }
  return url;
}

const cookieFrom = (setCookie: string | string[] | undefined, name: string) =>
  [setCookie ?? []]
    .flat()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0] ?? null;

/** The whole round trip as a browser makes it; what our callback answers, and the session it set. */
async function signIn(returnTo = '/?view=model') {
  const start = await app.inject({
    method: 'GET',
    url: `/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`,
  });
  expect(start.statusCode).toBe(302);
  const flow = cookieFrom(start.headers['set-cookie'], 'lp_oidc');
  expect(flow).not.toBeNull();
  const back = await throughProvider(start.headers.location as string);
  const res = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: flow! } });
  expect(res.statusCode).toBe(302);
  const session = cookieFrom(res.headers['set-cookie'], 'lp_session');
  return { location: res.headers.location as string, session };
}

const me = async (session: string | null) =>
  (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session ? { cookie: session } : {} })).json();

beforeAll(async () => {
  op = await startTestOidcProvider({
    clientId: 'listening-post',
    clientSecret: 'client-secret-123',
    redirectUris: [CALLBACK],
  });
  const settings = parseOidcSettings({
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: 'listening-post',
    OIDC_CLIENT_SECRET: 'client-secret-123',
    OIDC_ALLOW_HTTP: 'true',
    OIDC_TENANT_ID: TENANT,
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_VIEWER_VALUES: 'grp-lp-viewers',
    OIDC_ANALYST_VALUES: 'grp-lp-analysts',
    OIDC_ADMIN_VALUES: 'grp-lp-admins',
  });
  app = await buildTestApp({ as: null, oidc: { settings, publicUrl: PUBLIC_URL }, auth: { secureCookie: false } });
});
afterAll(async () => {
  await app.close();
  await op.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
});

const person = (sub: string, email: string, groups: string[], tid = TENANT) => ({
  sub,
  claims: { email, preferred_username: email, groups, tid, name: 'A Person' },
});

describe('sign-in with the organisation account (OpenID Connect, against a real provider)', () => {
  it('offers it beside passwords, and the round trip starts a session with the role from the groups', async () => {
    const options = (await app.inject({ method: 'GET', url: '/api/v1/auth/options' })).json();
    expect(options).toEqual({
      oidc: { name: 'your organisation account', startUrl: '/api/v1/auth/oidc/start' },
      localAccounts: true,
    });

    op.loginAs = person('sub-analyst', 'A.Nurse@RoyalFree.nhs.uk', ['grp-other', 'grp-lp-analysts']);
    const { location, session } = await signIn('/?view=model');
    expect(location).toBe('/?view=model');
    expect(await me(session)).toMatchObject({ user: { email: 'a.nurse@royalfree.nhs.uk', role: 'analyst' } });
    const row = await findUserByEmail(db.db, 'a.nurse@royalfree.nhs.uk');
    expect(row).toMatchObject({ passwordHash: null, oidcSubject: 'sub-analyst', role: 'analyst' });

    // The highest group wins; the provider decides the role again at every sign-in.
    op.loginAs = person('sub-analyst', 'a.nurse@royalfree.nhs.uk', ['grp-lp-viewers', 'grp-lp-admins']);
    expect(await me((await signIn()).session)).toMatchObject({ user: { role: 'admin' } });
    op.loginAs = person('sub-analyst', 'a.nurse@royalfree.nhs.uk', ['grp-lp-viewers']);
    expect(await me((await signIn()).session)).toMatchObject({ user: { role: 'viewer' } });

    const logins = await listAudit(db.db, { action: 'auth.login', limit: 10 });
    expect(logins[0]).toMatchObject({
      actor: 'a.nurse@royalfree.nhs.uk',
      detail: { method: 'oidc', role: 'viewer' },
    });
  });

  it("refuses another tenant's account, one in no Listening Post group, and a cancelled sign-in", async () => {
    op.loginAs = person('sub-outsider', 'someone@other-trust.nhs.uk', ['grp-lp-admins'], 'tenant-elsewhere');
    const outsider = await signIn();
    expect(outsider).toEqual({ location: '/?signInError=wrong_tenant', session: null });
    // An outsider's email is kept nowhere, not even in the audit log.
    expect(await findUserByEmail(db.db, 'someone@other-trust.nhs.uk')).toBeNull();
    const [refused] = await listAudit(db.db, { action: 'auth.login_failed', limit: 10 });
    expect(refused).toMatchObject({ actor: null, target: null, detail: { method: 'oidc', reason: 'wrong_tenant' } });

    op.loginAs = person('sub-nogroup', 'porter@royalfree.nhs.uk', ['grp-estates']);
    expect(await signIn()).toEqual({ location: '/?signInError=no_role', session: null });
    expect(await findUserByEmail(db.db, 'porter@royalfree.nhs.uk')).toBeNull();

    op.loginAs = { error: 'access_denied' };
    expect(await signIn()).toEqual({ location: '/?signInError=cancelled', session: null });
  });

  it('links an account an admin made first, and keeps a disabled account out', async () => {
    const made = await createUser(db.db, { email: 'lead@royalfree.nhs.uk', role: 'viewer', passwordHash: 'x' });
    op.loginAs = person('sub-lead', 'lead@royalfree.nhs.uk', ['grp-lp-analysts']);
    const { session } = await signIn();
    expect(await me(session)).toMatchObject({ user: { email: 'lead@royalfree.nhs.uk', role: 'analyst' } });
    expect((await findUserByEmail(db.db, 'lead@royalfree.nhs.uk'))?.id).toBe(made!.id);
    // The admin's user list says how they can now sign in.
    const admins = await injectAs(app, await signInAs(app, 'admin'), { method: 'GET', url: '/api/v1/users' });
    const listed = (admins.json() as { users: Array<{ email: string; signIn: unknown }> }).users;
    expect(listed.find((u) => u.email === 'lead@royalfree.nhs.uk')?.signIn).toEqual({
      organisation: true,
      local: true,
    });

    await updateUser(db.db, made!.id, { disabled: true });
    expect(await signIn()).toEqual({ location: '/?signInError=disabled', session: null });

    // Another identity at the provider cannot take the linked account by asserting its email.
    await updateUser(db.db, made!.id, { disabled: false });
    op.loginAs = person('sub-impostor', 'lead@royalfree.nhs.uk', ['grp-lp-admins']);
    expect(await signIn()).toEqual({ location: '/?signInError=taken', session: null });
  });

  it('refuses a callback without its flow cookie or with a forged state, and never redirects off the site', async () => {
    op.loginAs = person('sub-x', 'x@royalfree.nhs.uk', ['grp-lp-viewers']);
    const start = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start?returnTo=//evil.example/x' });
    const flow = cookieFrom(start.headers['set-cookie'], 'lp_oidc')!;
    const back = await throughProvider(start.headers.location as string);
    const path = `${back.pathname}${back.search}`;

    const noCookie = await app.inject({ method: 'GET', url: path });
    expect(noCookie.headers.location).toBe('/?signInError=expired');
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged');
    const wrongState = await app.inject({
      method: 'GET',
      url: `${forged.pathname}${forged.search}`,
      headers: { cookie: flow },
    });
    expect(wrongState.headers.location).toBe('/?signInError=failed');
    expect(cookieFrom(wrongState.headers['set-cookie'], 'lp_session')).toBeNull();

    const ok = await app.inject({ method: 'GET', url: path, headers: { cookie: flow } });
    // The code was not spent by the forged attempt (refused before the token request); the return path is this site's root.
    expect(ok.headers.location).toBe('/');
    expect(cookieFrom(ok.headers['set-cookie'], 'lp_session')).not.toBeNull();
  });

  it('turns passwords off when asked, and is absent when not set up', async () => {
    const strict = await buildTestApp({
      as: null,
      oidc: {
        settings: parseOidcSettings({
          OIDC_ISSUER: op.issuer,
          OIDC_CLIENT_ID: 'listening-post',
          OIDC_ALLOW_HTTP: 'true',
          OIDC_VIEWER_VALUES: 'v',
        }),
        localAccounts: false,
        publicUrl: PUBLIC_URL,
      },
    });
    const plain = await buildTestApp({ as: null });
    try {
      const login = await strict.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'a@b.nhs.uk', password: 'whatever whatever' },
      });
      expect(login.statusCode).toBe(403);
      expect(login.json().error.message).toMatch(/organisation account/);
      expect((await strict.inject({ method: 'GET', url: '/api/v1/auth/options' })).json().localAccounts).toBe(false);
      expect((await plain.inject({ method: 'GET', url: '/api/v1/auth/options' })).json()).toEqual({
        oidc: null,
        localAccounts: true,
      });
      expect((await plain.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' })).statusCode).toBe(404);
    } finally {
      await strict.close();
      await plain.close();
    }
  });
});
