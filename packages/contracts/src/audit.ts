import { z } from 'zod';
import { zIsoDate } from './api';

/** Every kind of audit entry; later features add theirs here. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.logout_everywhere',
  'auth.password_changed',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'source.created',
  'source.updated',
  'source.deleted',
  'source.paused',
  'source.resumed',
  'source.tested',
  'import.uploaded',
  'event.created',
  'event.deleted',
  'event.imported',
  'report.settings_changed',
  'report.sent',
  'post.labelled',
  'model.retag_started',
  'model.retrain_requested',
  'model.activated',
  'watchlist.changed',
  'post.label_removed',
  'token.created',
  'token.revoked',
  'export.downloaded',
  'export.started',
  'author.erased',
  'retention.purged',
  'alert.created',
  'alert.updated',
  'alert.deleted',
  'alert.acknowledged',
] as const;
export const zAuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof zAuditAction>;

export const zAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;

export const zAuditQuery = z.object({
  from: zIsoDate.optional(),
  to: zIsoDate.optional(),
  /** An action, or a family such as `auth` or `source`. */
  action: z
    .string()
    .regex(/^[a-z_]{1,32}(\.[a-z_]{1,32})?$/, 'must be an action such as "source.updated" or a family such as "source"')
    .optional(),
  actor: z
    .string()
    .trim()
    .max(254)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof zAuditQuery>;

export const zAuditResponse = z.object({ entries: z.array(zAuditEntry), nextCursor: z.string().nullable() });
export type AuditResponse = z.infer<typeof zAuditResponse>;
