import { zSignInOptions, type OidcErrorCode } from '@lp/contracts/auth';
import { deleteSession } from '@lp/db/queries/sessions';
import { recordSignIn, upsertOidcUser } from '@lp/db/queries/users';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { emailFromClaims, refuseClaims, roleFromClaims, type OidcSettings } from '../../../lib/oidc-config';

/**
 * Sign-in with the organisation's OpenID Connect provider (Microsoft Entra ID, or any standard one):
 * authorisation code with PKCE, state and nonce, through openid-client (the OpenID Foundation-certified
 * relying party by the author of jose; it does discovery, the checks on the answer and the ID token's
 * signature, so none of that is hand-written here). The person comes back to our callback, the ID
 * token's claims give the role, and an ordinary session starts. Refusals come back to the sign-in
 * page as a code (`?signInError=`), never as an email or a claim in the address.
 */
export interface OidcRouteOptions {
  settings: OidcSettings | null;
  /** Passwords still work beside the provider (default true). */
  localAccounts: boolean;
  /** The dashboard's address as people reach it; the callback is registered at the provider under it. */
  publicUrl: string;
  secureCookie: boolean;
}

const FLOW_COOKIE = 'lp_oidc';
const FLOW_PATH = '/api/v1/auth/oidc';
const FLOW_SECONDS = 600;
const CALLBACK_PATH = `${FLOW_PATH}/callback`;

const zFlow = z.object({ s: z.string(), n: z.string(), v: z.string(), r: z.string() });

/** Only a path on this site: never `//other.example` or a full address (an open redirect). */
function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || /[\\\s]/.test(value)) return '/';
  return value.slice(0, 2000);
}

const oidcRoutes: FastifyPluginAsyncZod<OidcRouteOptions> = async (app, opts) => {
  const settings = opts.settings;
  const redirectUri = new URL(CALLBACK_PATH, opts.publicUrl).href;

  // Discovery once, on first use, so an unreachable provider never stops the API (passwords keep working).
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (s: OidcSettings) => {
    discovered ??= oidc
      .discovery(s.issuer, s.clientId, s.clientSecret ?? undefined, undefined, {
        execute: s.allowHttp ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .then((config) => {
        // Also check the ID token's signature against the provider's published keys.
        oidc.enableNonRepudiationChecks(config);
        return config;
      })
      .catch((err: unknown) => {
        discovered = null; // try again next time
        throw err;
      });
    return discovered;
  };

  const back = (reply: FastifyReply, code: OidcErrorCode) =>
    reply.redirect(`/?signInError=${encodeURIComponent(code)}`, 302);
  const clearFlow = (reply: FastifyReply) => reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });

  app.get(
    '/api/v1/auth/options',
    {
      schema: {
        tags: ['auth'],
        summary: 'How people sign in here: the organisation’s provider, passwords, or both',
        security: [],
        response: { 200: zSignInOptions },
      },
    },
    async () => ({
      oidc: settings ? { name: settings.displayName, startUrl: `${FLOW_PATH}/start` } : null,
      localAccounts: opts.localAccounts,
    }),
  );

  app.get(
    `${FLOW_PATH}/start`,
    {
      schema: {
        tags: ['auth'],
        summary: 'Go to the organisation’s sign-in (302); it comes back to /api/v1/auth/oidc/callback',
        description:
          'Authorisation code with PKCE (S256), state and nonce; they wait in a short-lived HTTP-only cookie on this path. `returnTo` is a path on this site to come back to.',
        security: [],
        querystring: z.object({ returnTo: z.string().max(2000).optional() }),
      },
    },
    async (req, reply) => {
      if (!settings)
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'sign-in with an organisation account is not set up here' } });
      let config: oidc.Configuration;
      try {
        config = await configuration(settings);
      } catch (err) {
        req.log.warn({ err: (err as Error).message, code: (err as { code?: string }).code }, 'OIDC discovery failed');
        return back(reply, 'failed');
      }
      const flow = {
        s: oidc.randomState(),
        n: oidc.randomNonce(),
        v: oidc.randomPKCECodeVerifier(),
        r: safeReturnTo(req.query.returnTo),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: flow.s,
        nonce: flow.n,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.v),
        code_challenge_method: 'S256',
      });
      reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), {
        path: FLOW_PATH,
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET, which Lax lets through.
        sameSite: 'lax',
        secure: opts.secureCookie,
        maxAge: FLOW_SECONDS,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      schema: {
        tags: ['auth'],
        summary: 'Where the organisation’s sign-in returns: starts a session and goes back (302)',
        description:
          'The ID token must come from the configured issuer (and, for Entra ID, the configured tenant: `tid`), carry an email, and a group or app role that maps to viewer, analyst or admin. A refusal goes back to the sign-in page with `?signInError=<code>`.',
        security: [],
        querystring: z.record(z.string(), z.string()),
      },
    },
    async (req, reply) => {
      if (!settings)
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'sign-in with an organisation account is not set up here' } });
      const flow = readFlow(req);
      clearFlow(reply);
      if (!flow) return back(reply, 'expired');
      const refuse = async (code: OidcErrorCode, email: string | null = null) => {
        await app.audit(req, {
          action: 'auth.login_failed',
          actorEmail: email,
          target: email,
          detail: { method: 'oidc', reason: code },
        });
        return back(reply, code);
      };

      let claims: Record<string, unknown>;
      try {
        const config = await configuration(settings);
        // The address the provider sent the browser to: our registered callback with its query, whatever proxy is in front.
        const current = new URL(redirectUri);
        current.search = new URLSearchParams(req.query).toString();
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.v,
          expectedState: flow.s,
          expectedNonce: flow.n,
          idTokenExpected: true,
        });
        claims = (tokens.claims() ?? {}) as Record<string, unknown>;
      } catch (err) {
        if (err instanceof oidc.AuthorizationResponseError && err.error === 'access_denied') return refuse('cancelled');
        // The reason without tokens or codes: the library's code and message name the failed check.
        req.log.warn(
          {
            code: (err as { code?: string }).code,
            err: (err as Error).message,
            cause: ((err as Error).cause as Error | undefined)?.message,
          },
          'OIDC sign-in refused',
        );
        return refuse('failed');
      }

      // Another tenant's account is an outsider: their email is not kept, even in the audit log.
      const why = refuseClaims(settings, claims);
      if (why) return refuse(why);
      const email = emailFromClaims(claims)!;
      const role = roleFromClaims(settings, claims);
      if (!role) return refuse('no_role', email);
      const user = await upsertOidcUser(app.db, {
        issuer: settings.issuer.href,
        subject: String(claims.sub),
        email,
        role,
      });
      if (user === 'taken') return refuse('taken', email);
      if (user.disabledAt) return refuse('disabled', email);

      if (req.session) await deleteSession(app.db, req.session.tokenHash);
      await recordSignIn(app.db, user.id);
      await app.auth.startSession(req, reply, user.id);
      await app.audit(req, {
        action: 'auth.login',
        actorUserId: user.id,
        actorEmail: user.email,
        target: user.email,
        detail: { method: 'oidc', role },
      });
      return reply.redirect(flow.r, 302);
    },
  );
};

function readFlow(req: FastifyRequest): z.infer<typeof zFlow> | null {
  const raw = req.cookies[FLOW_COOKIE];
  if (!raw) return null;
  try {
    const parsed = zFlow.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? { ...parsed.data, r: safeReturnTo(parsed.data.r) } : null;
  } catch {
    return null;
  }
}

export default oidcRoutes;
