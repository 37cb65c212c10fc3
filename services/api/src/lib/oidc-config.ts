import type { Role } from '@lp/contracts/auth';

/**
 * Sign-in with the organisation's OpenID Connect provider (Microsoft Entra ID for NHS bodies, or
 * any standard provider), as configured in the environment. Checked once at start: a mistake here
 * must stop the API with a message, not let the wrong people in.
 */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string | null;
  /** The button's words: "Sign in with <name>". */
  displayName: string;
  /** Entra ID: the tenant whose people may sign in; every ID token's `tid` must equal it. */
  tenantId: string | null;
  /** The claim that carries groups or app roles ('roles' for Entra app roles, 'groups' for group ids). */
  roleClaim: string;
  /** Claim values that give each role; the highest role matched wins. */
  roleValues: Record<Role, string[]>;
  /** Plain-http issuers: for tests against a local provider only. */
  allowHttp: boolean;
}

export interface OidcEnv {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_TENANT_ID?: string;
  OIDC_DISPLAY_NAME?: string;
  OIDC_ROLE_CLAIM?: string;
  OIDC_ADMIN_VALUES?: string;
  OIDC_ANALYST_VALUES?: string;
  OIDC_VIEWER_VALUES?: string;
  OIDC_ALLOW_HTTP?: string;
}

export class OidcConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcConfigError';
  }
}

const MICROSOFT_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'sts.windows.net',
]);
/** Microsoft's shared issuers: any Microsoft account (any organisation, or personal) could sign in. */
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Null when OIDC_ISSUER is unset (local accounts only); throws OidcConfigError on anything unsafe or incomplete. */
export function parseOidcSettings(env: OidcEnv): OidcSettings | null {
  if (!env.OIDC_ISSUER) return null;
  let issuer: URL;
  try {
    issuer = new URL(env.OIDC_ISSUER);
  } catch {
    throw new OidcConfigError(`OIDC_ISSUER is not a URL: ${env.OIDC_ISSUER}`);
  }
  const allowHttp = env.OIDC_ALLOW_HTTP === 'true';
  if (issuer.protocol !== 'https:' && !(allowHttp && issuer.protocol === 'http:'))
    throw new OidcConfigError(
      'OIDC_ISSUER must be an https address (plain http is allowed only for tests: OIDC_ALLOW_HTTP=true)',
    );
  if (!env.OIDC_CLIENT_ID) throw new OidcConfigError('OIDC_CLIENT_ID is required with OIDC_ISSUER');

  let tenantId = env.OIDC_TENANT_ID?.trim() || null;
  const microsoft = MICROSOFT_HOSTS.has(issuer.hostname.toLowerCase());
  if (microsoft) {
    const inPath = issuer.pathname.split('/').filter(Boolean)[0] ?? '';
    if (MULTI_TENANT.has(inPath.toLowerCase()))
      throw new OidcConfigError(
        `OIDC_ISSUER uses Microsoft's shared "${inPath}" issuer, which would let any Microsoft account sign in. Use your organisation's own: https://login.microsoftonline.com/<tenant id>/v2.0, and set OIDC_TENANT_ID to that tenant id (Entra admin centre → Overview → Tenant ID).`,
      );
    if (!tenantId)
      throw new OidcConfigError(
        'OIDC_TENANT_ID is required for Microsoft Entra ID: the tenant id (a GUID) whose staff may sign in',
      );
    if (!GUID.test(tenantId)) throw new OidcConfigError('OIDC_TENANT_ID must be the tenant id, a GUID');
    if (inPath.toLowerCase() !== tenantId.toLowerCase())
      throw new OidcConfigError(
        `OIDC_ISSUER names tenant "${inPath}" but OIDC_TENANT_ID is "${tenantId}": they must be the same`,
      );
    tenantId = tenantId.toLowerCase();
  }

  const roleValues: Record<Role, string[]> = {
    admin: list(env.OIDC_ADMIN_VALUES),
    analyst: list(env.OIDC_ANALYST_VALUES),
    viewer: list(env.OIDC_VIEWER_VALUES),
  };
  if (Object.values(roleValues).every((v) => v.length === 0))
    throw new OidcConfigError(
      'set at least one of OIDC_VIEWER_VALUES, OIDC_ANALYST_VALUES, OIDC_ADMIN_VALUES: the group ids or app roles that give each role (nobody signs in without one)',
    );

  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    displayName:
      env.OIDC_DISPLAY_NAME?.trim() || (microsoft ? 'your NHS account (Microsoft)' : 'your organisation account'),
    tenantId,
    roleClaim: env.OIDC_ROLE_CLAIM?.trim() || 'roles',
    roleValues,
    allowHttp,
  };
}

/** The highest role whose values meet the claim (a string or a list); null: no Listening Post role. */
export function roleFromClaims(settings: OidcSettings, claims: Record<string, unknown>): Role | null {
  const raw = claims[settings.roleClaim];
  const held = new Set(
    (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw])
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
      .map(String),
  );
  for (const role of ['admin', 'analyst', 'viewer'] as const)
    if (settings.roleValues[role].some((v) => held.has(v))) return role;
  return null;
}

/** Why these claims may not sign in (another tenant's account, no email), or null when they may. */
export function refuseClaims(
  settings: OidcSettings,
  claims: Record<string, unknown>,
): 'wrong_tenant' | 'no_email' | null {
  if (settings.tenantId !== null) {
    const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : null;
    if (tid !== settings.tenantId) return 'wrong_tenant';
  }
  if (emailFromClaims(claims) === null) return 'no_email';
  return null;
}

/** Entra gives `email` only when set on the account; `preferred_username` is the sign-in name (an email in NHS tenants). */
export function emailFromClaims(claims: Record<string, unknown>): string | null {
  for (const k of ['email', 'preferred_username', 'upn']) {
    const v = claims[k];
    if (typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim())) return v.trim().toLowerCase();
  }
  return null;
}
