import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type AccountClaims } from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider, the certified server by the author of openid-client)
 * on 127.0.0.1 for tests. Who signs in is chosen per test (`loginAs`): the provider's login and
 * consent steps finish at once as that person, or with an error such as access_denied.
 */
export interface TestOidcProvider {
  issuer: string;
  loginAs: { sub: string; claims: Record<string, unknown> } | { error: string };
  close(): Promise<void>;
}

export async function startTestOidcProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}): Promise<TestOidcProvider> {
  const accounts = new Map<string, AccountClaims>();
  const op = { loginAs: { sub: 'user-1', claims: {} } } as TestOidcProvider;

  // Listening first: the issuer is this server's address, known once it listens.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = makeProvider(issuer, opts, accounts);
  const handler = provider.callback();

  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handler(req, res);
    try {
      const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
      const who = op.loginAs;
      if ('error' in who)
        return await provider.interactionFinished(req, res, { error: who.error }, { mergeWithLastSubmission: false });
      if (prompt.name === 'login') {
        accounts.set(who.sub, { ...who.claims, sub: who.sub });
        return await provider.interactionFinished(
          req,
          res,
          { login: { accountId: who.sub } },
          { mergeWithLastSubmission: false },
        );
      }
      if (prompt.name === 'consent') {
        const grant = grantId
          ? (await provider.Grant.find(grantId))!
          : new provider.Grant({ accountId: session!.accountId, clientId: params.client_id as string });
        const d = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
        if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
        if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
        const id = await grant.save();
        return await provider.interactionFinished(
          req,
          res,
          { consent: { grantId: id } },
          { mergeWithLastSubmission: true },
        );
      }
      res.writeHead(501).end(`unhandled prompt ${prompt.name}`);
    } catch (err) {
      res.writeHead(400).end(String(err));
    }
  });

  return Object.assign(op, {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function makeProvider(
  issuer: string,
  opts: { clientId: string; clientSecret: string; redirectUris: string[] },
  accounts: Map<string, AccountClaims>,
): Provider {
  return new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    // As Entra sends them: email and the sign-in name, groups or app roles, and the tenant id.
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'groups', 'roles', 'tid'],
    },
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const claims = accounts.get(sub);
      return claims && { accountId: sub, claims: () => claims };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['test-only-cookie-signing-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
}
