import { z } from 'zod';
import { zRole } from './auth';

export const TOKEN_MAX_DAYS = 365;

/** A new personal API token: a name to know it by, a role no higher than one's own, an expiry. */
export const zTokenCreate = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(100),
  /** Default: the owner's role. Higher than the owner's is refused. */
  role: zRole.optional(),
  /** Default 90; 1 to 365. */
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(90),
});
export type TokenCreate = z.input<typeof zTokenCreate>;

/** The answer to creating one: the token itself appears here and nowhere else, ever. */
export const zTokenCreated = z.object({
  id: z.number().int(),
  token: z.string(),
  name: z.string(),
  role: zRole,
  expiresAt: z.string(),
});
export type TokenCreated = z.infer<typeof zTokenCreated>;

export const zTokenSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The token's first characters, to tell tokens apart. */
  prefix: z.string(),
  role: zRole,
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  state: z.enum(['active', 'expired', 'revoked']),
});
export const zTokenList = z.object({ tokens: z.array(zTokenSummary) });
export type TokenList = z.infer<typeof zTokenList>;
export const zTokenIdParams = z.object({ id: z.coerce.number().int().positive() });
