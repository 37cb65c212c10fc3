import { z } from 'zod';
import { zEmail, zPassword, zRole } from './auth';

export const zUser = z.object({
  id: z.number().int(),
  email: z.string(),
  role: zRole,
  disabled: z.boolean(),
  /** Locked after repeated failed sign-ins until this time (ISO), or null. */
  lockedUntil: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  /** How they can sign in: with the organisation's account (linked at their first such sign-in), a local Listening Post account, or both. */
  signIn: z.object({ organisation: z.boolean(), local: z.boolean() }),
});
export type User = z.infer<typeof zUser>;

export const zUserList = z.object({ users: z.array(zUser) });
export type UserList = z.infer<typeof zUserList>;

export const zUserCreate = z.object({ email: zEmail, role: zRole, password: zPassword });
export type UserCreate = z.infer<typeof zUserCreate>;

/** Any of: a new role, disable or enable, a new password (which also unlocks and signs them out everywhere). */
export const zUserUpdate = z
  .object({ role: zRole.optional(), disabled: z.boolean().optional(), password: zPassword.optional() })
  .refine((u) => u.role !== undefined || u.disabled !== undefined || u.password !== undefined, {
    message: 'give a role, disabled or password',
  });
export type UserUpdate = z.infer<typeof zUserUpdate>;

export const zUserParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
