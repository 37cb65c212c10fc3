import { z } from 'zod';
import { zVoice } from './post';

/** What a rule watches: how many posts, or the share of scored posts that are negative. */
export const ALERT_METRICS = ['volume', 'negative_share'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type AlertSensitivity = (typeof ALERT_SENSITIVITIES)[number];

/** How many robust standard deviations above the usual level a window must be to fire. */
export const SENSITIVITY_SD: Record<AlertSensitivity, number> = { low: 4, medium: 3, high: 2 };

/** The dashboard's plain words for each sensitivity. */
export const SENSITIVITY_WORDS: Record<AlertSensitivity, string> = {
  low: 'Low: only a very large jump — more than 4 times the usual spread above what is normal for that hour of the week',
  medium: 'Medium: a clear jump — more than 3 times the usual spread above what is normal for that hour of the week',
  high: 'High: any noticeable rise — more than 2 times the usual spread above what is normal for that hour of the week',
};

export const METRIC_WORDS: Record<AlertMetric, string> = {
  volume: 'Number of posts',
  negative_share: 'Share of posts that are negative',
};

/** Rules evaluate on this grid; windows end on it. */
export const ALERT_EVALUATE_EVERY_MINUTES = 5;
/** Weeks of the same hour of the week the baseline reads, and how many it needs before a rule can fire. */
export const ALERT_BASELINE_WEEKS = 8;
export const ALERT_MIN_BASELINE_WEEKS = 3;

const zHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const noNul = (s: string) => !s.includes('\u0000');

export const zAlertFilter = z
  .object({
    topic: z.string().min(1).max(64).refine(noNul, 'must not contain NUL characters').optional(),
    source: z.string().min(1).max(128).refine(noNul, 'must not contain NUL characters').optional(),
    voice: zVoice.optional(),
    aboutUs: z.boolean().optional(),
  })
  .strict();
export type AlertFilter = z.infer<typeof zAlertFilter>;

const zChannelId = z.string().regex(/^[a-z0-9]{6,32}$/, 'must be a channel id from this rule');

/** A channel as given: a new one, or `{ "id" }` (with its type) to keep a saved one's address and secret. */
const zHookChannel = <T extends 'teams' | 'slack' | 'webhook'>(type: T) =>
  z
    .object({
      type: z.literal(type),
      id: zChannelId.optional(),
      url: z.string().url('must be an https:// address').max(2048).optional(),
      secret: z.string().min(16, 'must be at least 16 characters').max(256).refine(noNul).optional(),
    })
    .strict();

/** A channel as given: a new one, or `{ "type", "id" }` to keep a saved one's address and secret. */
export const zAlertChannelInput = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('email'),
        id: zChannelId.optional(),
        to: z.array(z.string().trim().toLowerCase().email('must be an email address').max(254)).min(1).max(20),
      })
      .strict(),
    zHookChannel('teams'),
    zHookChannel('slack'),
    zHookChannel('webhook'),
  ])
  .refine((c) => c.type === 'email' || c.id !== undefined || c.url !== undefined, {
    message: 'give url (or the id of a saved channel)',
  });
export type AlertChannelInput =
  | { type: 'email'; id?: string; to: string[] }
  | { type: 'teams' | 'slack' | 'webhook'; id?: string; url?: string; secret?: string };

/** A saved channel as the API shows it: a webhook's address only by its host (the path is its key), its secret never. */
export const zAlertChannelView = z.object({
  id: z.string(),
  type: z.enum(['email', 'teams', 'slack', 'webhook']),
  to: z.array(z.string()).optional(),
  url: z.string().optional(),
  hasSecret: z.boolean().optional(),
});
export type AlertChannelView = z.infer<typeof zAlertChannelView>;

export const zQuietHours = z.object({ from: zHhMm, to: zHhMm }).refine((q) => q.from !== q.to, {
  message: 'quiet hours must start and end at different times',
});

export const zAlertRuleInput = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120).refine(noNul, 'must not contain NUL characters'),
    filter: zAlertFilter.default({}),
    metric: z.enum(ALERT_METRICS),
    sensitivity: z.enum(ALERT_SENSITIVITIES).default('medium'),
    channels: z.array(zAlertChannelInput).max(10).default([]),
    windowMinutes: z.number().int().min(15).max(360).multipleOf(5).default(60),
    cooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(180),
    /** Europe/London times; firings inside are held and sent as one digest when they end. */
    quietHours: zQuietHours.nullable().default(null),
    /** Fewest posts (volume) or scored posts (negative share) in the window before the rule may fire. */
    minVolume: z.number().int().min(1).max(100_000).default(10),
    enabled: z.boolean().default(true),
  })
  .strict();
export type AlertRuleInput = z.input<typeof zAlertRuleInput>;

export const zAlertRulePatch = z
  .object({
    name: z.string().trim().min(1).max(120).refine(noNul, 'must not contain NUL characters').optional(),
    filter: zAlertFilter.optional(),
    metric: z.enum(ALERT_METRICS).optional(),
    sensitivity: z.enum(ALERT_SENSITIVITIES).optional(),
    channels: z.array(zAlertChannelInput).max(10).optional(),
    windowMinutes: z.number().int().min(15).max(360).multipleOf(5).optional(),
    cooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    quietHours: zQuietHours.nullable().optional(),
    minVolume: z.number().int().min(1).max(100_000).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const zAlertRuleStatus = z.object({
  /** ok: watching; learning: not enough weeks of baseline yet; off: disabled. */
  state: z.enum(['ok', 'learning', 'off']),
  message: z.string(),
  lastEvaluatedAt: z.string().nullable(),
  lastFiredAt: z.string().nullable(),
  /** Weeks of the same hour of the week the last evaluation had (of ALERT_BASELINE_WEEKS). */
  baselineWeeks: z.number().int().nullable(),
});

export const zAlertRule = z.object({
  id: z.string(),
  name: z.string(),
  filter: zAlertFilter,
  metric: z.enum(ALERT_METRICS),
  sensitivity: z.enum(ALERT_SENSITIVITIES),
  /** SENSITIVITY_WORDS of the rule's sensitivity. */
  sensitivityWords: z.string(),
  channels: z.array(zAlertChannelView),
  windowMinutes: z.number().int(),
  cooldownMinutes: z.number().int(),
  quietHours: z.object({ from: z.string(), to: z.string() }).nullable(),
  minVolume: z.number().int(),
  enabled: z.boolean(),
  /** One of the rules an installation starts with. */
  builtIn: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: zAlertRuleStatus,
});
export type AlertRule = z.infer<typeof zAlertRule>;

export const zAlertRuleList = z.object({ alerts: z.array(zAlertRule) });

export const zAlertTerm = z.object({ term: z.string(), z: z.number() });
export type AlertTerm = z.infer<typeof zAlertTerm>;

export const zAlertPost = z.object({ id: z.string(), url: z.string().nullable(), text: z.string().nullable() });
export type AlertPost = z.infer<typeof zAlertPost>;

export const zAlertDelivery = z.object({
  channel: z.string(),
  type: z.enum(['email', 'teams', 'slack', 'webhook']),
  /** Where it went, without secrets: the addresses, or a webhook's host. */
  target: z.string(),
  /** held: inside quiet hours, sent in the digest when they end. */
  status: z.enum(['pending', 'sent', 'failed', 'gave_up', 'held', 'digested']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type AlertDelivery = z.infer<typeof zAlertDelivery>;

export const SOURCE_ALERT_CONDITIONS = ['stopped', 'failing', 'budget_spent'] as const;
export type SourceAlertCondition = (typeof SOURCE_ALERT_CONDITIONS)[number];

/**
 * One alert that fired. `alert` is the rule's id (null for a source-health alert, which names its
 * source instead). A generic webhook's body is exactly this object.
 */
export const zAlertFiring = z.object({
  id: z.string(),
  alert: z.string().nullable(),
  alertName: z.string(),
  kind: z.enum(['rule', 'source_health']),
  metric: z.enum(ALERT_METRICS).nullable(),
  window: z.object({ from: z.string(), to: z.string() }),
  /** The window's posts (volume) or negative share (0–1); null for source health. */
  value: z.number().nullable(),
  /** The median of the same window in the baseline weeks. */
  baseline: z.number().nullable(),
  /** The level the window had to pass: median + k × robust standard deviation. */
  threshold: z.number().nullable(),
  baselineWeeks: z.number().int().nullable(),
  /** The plain-words summary every channel leads with. */
  summary: z.string(),
  terms: z.array(zAlertTerm),
  posts: z.array(zAlertPost),
  sources: z.array(z.object({ id: z.string(), posts: z.number().int() })),
  /** Sources left out of the comparison (still reading their history, or without enough baseline). */
  leftOut: z.array(z.object({ id: z.string(), reason: z.string() })),
  /** The dashboard's view of the window. */
  link: z.string(),
  source: z
    .object({
      id: z.string(),
      condition: z.enum(SOURCE_ALERT_CONDITIONS),
      recovered: z.boolean(),
      error: z.string().nullable(),
    })
    .nullable(),
  /** Fired inside the rule's quiet hours: sent in the digest after them. */
  quiet: z.boolean(),
  firedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type AlertFiring = z.infer<typeof zAlertFiring>;

export const zAlertFiringWithDeliveries = zAlertFiring.extend({ deliveries: z.array(zAlertDelivery) });
export type AlertFiringWithDeliveries = z.infer<typeof zAlertFiringWithDeliveries>;

export const zAlertHistoryQuery = z.object({
  alert: z
    .string()
    .regex(/^[0-9a-f-]{36}$/i, 'must be an alert id')
    .optional(),
  kind: z.enum(['rule', 'source_health']).optional(),
  unacknowledged: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Firings before this one (its id), for the next page. */
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

export const zAlertHistory = z.object({
  firings: z.array(zAlertFiringWithDeliveries),
  /** Pass as `before` for older firings; null when there are none. */
  next: z.string().nullable(),
  unacknowledged: z.number().int(),
});
export type AlertHistory = z.infer<typeof zAlertHistory>;
