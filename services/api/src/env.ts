import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS } from '@lp/contracts/retention';

/** The API's whole configuration, parsed once at start. No other file reads process.env. */
const zApiEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/listening_post'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Must match ingest's QUEUE_PREFIX: the API enqueues jobs (schedules, "test a source") for its workers. */
  QUEUE_PREFIX: z.string().min(1).default('lp'),
  /** 32 bytes (base64 or hex) that encrypt dashboard sources' credentials at rest; same value as ingest's. */
  SECRETS_KEY: z.string().optional(),
  /** Loopback by default: reachable from other machines only when asked (compose sets 0.0.0.0 inside its network). */
  HOST: z.string().default('127.0.0.1'),
  /** The dashboard's address as people reach it, e.g. https://listening.example.nhs.uk behind a proxy. */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .optional(),
  /** Session cookie only over HTTPS ('on'); 'off' only for a trial on plain HTTP other than localhost. */
  COOKIE_SECURE: z.enum(['on', 'off']).default('on'),
  /** Trust X-Forwarded-* from a proxy in front: 'off', 'on', a hop count, or addresses (comma-separated). */
  TRUST_PROXY: z.string().default('off'),
  /** Let dashboard sources name loopback and private addresses (same value as ingest's). */
  ALLOW_PRIVATE_SOURCE_URLS: z.enum(['true', 'false']).default('false'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Requests a minute (README "Rate limits"): every /api request per address; without a session per address; per signed-in user; uploads and source tests per user. */
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(3_000),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(120),
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
  RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(10),
  /** SMTP for the weekly report email, e.g. smtp://127.0.0.1:2525; unset: no email. */
  SMTP_URL: z.string().url().optional(),
  REPORT_FROM: z.string().min(3).max(200).default('Listening Post <listening-post@localhost>'),
  /** Chromium that prints the weekly report's PDF (Debian's package; the Docker image installs it). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Where background exports are written until they expire (default: a folder in the OS temp dir). */
  EXPORT_DIR: z.string().min(1).optional(),
  EXPORT_KEEP_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** Sign-in attempts one address may make a minute (a whole trust may share one address). */
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The built dashboard; served at / when present. */
  WEB_DIST: z.string().default(fileURLToPath(new URL('../../../web/dist', import.meta.url))),
  /** Cache dashboard answers until Postgres announces a data change; 'off' computes every request. */
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  /** Data changes this close together refresh cached answers once: the most they lag the newest post. */
  RESPONSE_CACHE_COALESCE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  /** Sign-in with the organisation's OpenID Connect provider (README "Sign-in with Entra ID"); unset: passwords only. */
  OIDC_ISSUER: z.string().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_TENANT_ID: z.string().optional(),
  OIDC_DISPLAY_NAME: z.string().max(100).optional(),
  OIDC_ROLE_CLAIM: z.string().optional(),
  OIDC_VIEWER_VALUES: z.string().optional(),
  OIDC_ANALYST_VALUES: z.string().optional(),
  OIDC_ADMIN_VALUES: z.string().optional(),
  /** Plain-http issuers: tests against a local provider only. */
  OIDC_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  /** 'off': only the organisation's sign-in (passwords refused). */
  LOCAL_ACCOUNTS: z.enum(['on', 'off']).default('on'),
  /** Same value as ingest's: how long post text is kept; post lists say which posts are figures only. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(MAX_RETENTION_DAYS).default(DEFAULT_RETENTION_DAYS),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
});
export type ApiEnv = z.infer<typeof zApiEnv>;

/** Fastify's `trustProxy` from TRUST_PROXY. */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'off' || value === 'false' || value === '') return false;
  if (value === 'on' || value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function parseApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  // An empty variable means "not given" (compose's ${VAR:-} and shell habits), never the value ''.
  const res = zApiEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!res.success)
    throw new Error(
      `invalid environment:\n${res.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return res.data;
}
