import { z } from 'zod';

/**
 * Roles, lowest first: each may do everything the one before it may.
 * - viewer (executives): overview, trends, topics, movers' text (no original links or authors), reports
 * - analyst (comms team, analysts): + post lists, drill-down, search, original links, exports, labelling
 * - admin: + sources, imports, events, users, taxonomy, watch list, settings, audit
 */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export const zRole = z.enum(ROLES);
export type Role = z.infer<typeof zRole>;

/** True when `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  analyst: 'Analyst',
  admin: 'Admin',
};

/** Passwords: long rather than complex (NCSC guidance); the upper bound keeps hashing cheap. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
export const zPassword = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const zEmail = z
  .string()
  .trim()
  .max(254)
  .email('must be an email address')
  .transform((s) => s.toLowerCase());

/** Postgres text cannot hold NUL; refusing it here is a 400 rather than a failed query. */
const noNul = (s: string) => !s.includes('\u0000');

export const zLoginRequest = z.object({
  email: z.string().trim().min(1, 'is required').max(254).refine(noNul, 'must not contain NUL characters'),
  // Checked against the stored hash only; the policy applies when a password is set.
  password: z.string().min(1, 'is required').max(PASSWORD_MAX).refine(noNul, 'must not contain NUL characters'),
});
export type LoginRequest = z.infer<typeof zLoginRequest>;

export const zSessionUser = z.object({ email: z.string(), role: zRole });
export type SessionUser = z.infer<typeof zSessionUser>;

export const zMeResponse = z.object({
  user: zSessionUser,
  /** When this session ends if left idle, and at the latest (ISO timestamps). */
  session: z.object({ idleExpiresAt: z.string(), expiresAt: z.string(), idleMinutes: z.number() }).optional(),
});
export type MeResponse = z.infer<typeof zMeResponse>;

export const zPasswordChange = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: zPassword,
});
export type PasswordChange = z.infer<typeof zPasswordChange>;

export const zLoginResponse = z.object({ user: zSessionUser });
export type LoginResponse = z.infer<typeof zLoginResponse>;

/** How people may sign in here: the organisation's provider (OpenID Connect), local passwords, or both. */
export const zSignInOptions = z.object({
  oidc: z.object({ name: z.string(), startUrl: z.string() }).nullable(),
  localAccounts: z.boolean(),
});
export type SignInOptions = z.infer<typeof zSignInOptions>;

/**
 * Why a sign-in through the organisation's provider was refused: the callback sends the browser back
 * with `?signInError=<code>` (a code, never an email or a claim), and the sign-in page says it in words.
 */
export const OIDC_ERRORS = {
  wrong_tenant:
    "That account belongs to another organisation's directory. Sign in with your account at this organisation.",
  no_role:
    'Your account has no Listening Post role. Ask IT to add you to one of the Listening Post groups, then sign in again.',
  no_email: 'The sign-in service sent no email address for your account. Ask IT to release it to Listening Post.',
  taken: 'That email address is already linked to a different account at the sign-in service. Ask your administrator.',
  disabled: 'Your Listening Post account is disabled. Ask your administrator.',
  cancelled: 'Sign-in was cancelled at the sign-in service.',
  expired: 'The sign-in took too long or was started in another tab. Try again.',
  failed: 'The sign-in service could not be reached or gave an answer we could not check. Try again, or ask IT.',
} as const;
export type OidcErrorCode = keyof typeof OIDC_ERRORS;
