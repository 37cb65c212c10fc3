import { DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS } from '@lp/contracts/retention';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './connectors/file/read-isolated';

/** `.keys/pseudonym-keys` in the checkout (git-ignored); compose mounts a volume there. */
export const DEFAULT_PSEUDONYM_KEY_FILE = fileURLToPath(new URL('../../../.keys/pseudonym-keys', import.meta.url));

/** The ingest service's whole configuration, parsed once at start. No other file reads process.env. */
const zIngestEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/listening_post'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('lp'),
  SOURCES_FILE: z.string().optional(),
  /** Versioned HMAC keys for author pseudonyms, "id:secret,id:secret", the one in use first (README "Pseudonym keys"). */
  PSEUDONYM_KEYS: z.string().optional(),
  /** One key (id 1): the simple form of PSEUDONYM_KEYS. */
  PSEUDONYM_KEY: z.string().min(32, 'PSEUDONYM_KEY must be at least 32 characters').optional(),
  /** Without either, keys are read from this file; if it does not exist, one key is generated and written here once. */
  PSEUDONYM_KEY_FILE: z.string().default(() => DEFAULT_PSEUDONYM_KEY_FILE),
  /** 32 bytes (base64 or hex) that encrypt dashboard sources' credentials at rest (AES-256-GCM). */
  SECRETS_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Which workers this process runs: all, or only polling, or only NLP (to scale them apart). */
  INGEST_ROLES: z.string().default('poll,nlp,sweep,stream'),
  /** A stream consumer's hold on its source: a killed consumer's source is taken over this long after. */
  STREAM_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** How often a stream consumer stores what arrived, with its cursor. */
  STREAM_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  POLL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  NLP_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  SWEEP_STALE_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Days a post's text, link and author pseudonym are kept (README "Retention"); its figures stay for good. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(MAX_RETENTION_DAYS).default(DEFAULT_RETENTION_DAYS),
  /** Let sources reach loopback and private addresses (a feed on the trust's own network; tests' local fixtures). */
  ALLOW_PRIVATE_SOURCE_URLS: z.enum(['true', 'false']).default('false'),
  /** Limits on one uploaded file (README, "File imports"): data rows, seconds to read it, memory of its reader. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(5_000_000).default(200_000),
  IMPORT_READ_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  IMPORT_READ_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(1_024),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15_000),
});
export type IngestEnv = z.infer<typeof zIngestEnv>;

export function parseIngestEnv(source: Record<string, string | undefined> = process.env): IngestEnv {
  // An empty variable means "not given" (compose's ${VAR:-} and shell habits), never the value ''.
  const res = zIngestEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!res.success) {
    const lines = res.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid environment:\n${lines}`);
  }
  return res.data;
}

/** The process environment, for `${VAR}` references in the sources file. */
export const processEnvironment = (): Record<string, string | undefined> => process.env;

/** The limits on one uploaded file, from IMPORT_MAX_ROWS, IMPORT_READ_SECONDS and IMPORT_READ_MEMORY_MB. */
export function importReadLimits(
  env: Partial<Pick<IngestEnv, 'IMPORT_MAX_ROWS' | 'IMPORT_READ_SECONDS' | 'IMPORT_READ_MEMORY_MB'>>,
): ReadLimits {
  return {
    maxRows: env.IMPORT_MAX_ROWS ?? DEFAULT_READ_LIMITS.maxRows,
    timeLimitMs:
      env.IMPORT_READ_SECONDS !== undefined ? env.IMPORT_READ_SECONDS * 1000 : DEFAULT_READ_LIMITS.timeLimitMs,
    maxMemoryMb: env.IMPORT_READ_MEMORY_MB ?? DEFAULT_READ_LIMITS.maxMemoryMb,
  };
}
