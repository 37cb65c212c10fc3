import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The API's whole configuration, parsed once at start. No other file reads process.env. */
const zApiEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/listening_post'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Must match ingest's QUEUE_PREFIX: the API enqueues jobs (schedules, "test a source") for its workers. */
  QUEUE_PREFIX: z.string().min(1).default('lp'),
  /** 32 bytes (base64 or hex) that encrypt dashboard sources' credentials at rest; same value as ingest's. */
  SECRETS_KEY: z.string().optional(),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The built dashboard; served at / when present. */
  WEB_DIST: z.string().default(fileURLToPath(new URL('../../../web/dist', import.meta.url))),
  /** Cache dashboard answers until Postgres announces a data change; 'off' computes every request. */
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  /** Data changes this close together refresh cached answers once: the most they lag the newest post. */
  RESPONSE_CACHE_COALESCE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
});
export type ApiEnv = z.infer<typeof zApiEnv>;

export function parseApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const res = zApiEnv.safeParse(source);
  if (!res.success)
    throw new Error(
      `invalid environment:\n${res.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return res.data;
}
