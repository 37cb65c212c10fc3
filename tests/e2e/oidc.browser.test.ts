import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOidcSettings } from '../../services/api/src/lib/oidc-config';
import { startTestOidcProvider, type TestOidcProvider } from '../../services/api/src/testing-support/oidc-provider';
import { seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

/** A free loopback port: the provider must know the dashboard's callback address before either starts. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const TENANT = 'tenant-royal-free';

describe("signing in with the organisation's account, in a browser", () => {
  let op: TestOidcProvider;
  let dashboard: Dashboard;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    op = await startTestOidcProvider({
      clientId: 'listening-post',
      clientSecret: 'browser-client-secret',
      redirectUris: [`${publicUrl}/api/v1/auth/oidc/callback`],
    });
    const settings = parseOidcSettings({
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: 'listening-post',
      OIDC_CLIENT_SECRET: 'browser-client-secret',
      OIDC_ALLOW_HTTP: 'true',
      OIDC_TENANT_ID: TENANT,
      OIDC_DISPLAY_NAME: 'your Royal Free account',
      OIDC_ROLE_CLAIM: 'roles',
      OIDC_ANALYST_VALUES: 'ListeningPost.Analyst',
      OIDC_VIEWER_VALUES: 'ListeningPost.Viewer',
    });
    dashboard = await openDashboard({ oidc: { settings, publicUrl } }, { port });
  });
  afterAll(async () => {
    await dashboard?.close();
    await op?.close();
  });

  it('goes to the provider and back to the view the person opened, with the role from their app role', async () => {
    op.loginAs = {
      sub: 'entra-object-id-1',
      claims: { preferred_username: 'comms.lead@royalfree.nhs.uk', roles: ['ListeningPost.Analyst'], tid: TENANT },
    };
    const context = await dashboard.anonymousBrowser.newContext({
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${dashboard.baseUrl}/?view=model`);
    const button = page.getByRole('link', { name: 'Sign in with your Royal Free account' });
    await button.waitFor();
    // Passwords are still offered beside it.
    await page.getByRole('heading', { name: 'Or with a Listening Post password' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await button.click();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').innerText()).toBe('comms.lead@royalfree.nhs.uk');
    expect(await page.getByTestId('signed-in-role').innerText()).toBe('Analyst');
    expect(new URL(page.url()).search).toBe('?view=model');
    await context.close();
  });

  it('says in words why a sign-in was refused, on a phone, and takes the code off the address', async () => {
    op.loginAs = {
      sub: 'entra-object-id-2',
      claims: { preferred_username: 'porter@royalfree.nhs.uk', roles: ['Estates'], tid: TENANT },
    };
    const context = await dashboard.anonymousBrowser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${dashboard.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in with your Royal Free account' }).click();
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/Your account has no Listening Post role/);
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await context.close();

    // Another organisation's account, even with the right app role (a new browser: no session at the provider).
    op.loginAs = {
      sub: 'elsewhere-1',
      claims: {
        preferred_username: 'someone@elsewhere.nhs.uk',
        roles: ['ListeningPost.Analyst'],
        tid: 'tenant-elsewhere',
      },
    };
    const other = await dashboard.anonymousBrowser.newContext({ viewport: { width: 390, height: 844 } });
    const page2 = await other.newPage();
    await page2.goto(`${dashboard.baseUrl}/`);
    await page2.getByRole('link', { name: 'Sign in with your Royal Free account' }).click();
    await expect.poll(() => page2.getByTestId('sign-in-error').innerText()).toMatch(/another organisation's directory/);
    expect(await page2.getByTestId('signed-in-as').count()).toBe(0);
    await other.close();
  });
});
