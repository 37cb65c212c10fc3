import { defineConfig } from 'vitest/config';

/** Test workers: each gets its own Postgres database and Redis database number (vitest.global-setup.ts). */
export const TEST_WORKERS = 2;

export default defineConfig({
  test: {
    include: ['{packages,services,web,tests}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./vitest.global-setup.ts'],
    setupFiles: ['./vitest.setup.ts'],
    // Only this one: a command still queued on an ioredis connection that a test's teardown has just
    // closed rejects with "Connection is closed." after its test has passed (seen once in ~5 full runs,
    // under load, from the import tests' ingest restarts; not reproducible alone). It says nothing about
    // the product: durability under Redis loss is asserted by the fault tests. Every other unhandled
    // error still fails the run.
    onUnhandledError: (error) => {
      const closedRedis = error.message === 'Connection is closed.' && /ioredis/.test((error as Error).stack ?? '');
      if (closedRedis) return false; // ignore
    },
    pool: 'forks',
    maxWorkers: TEST_WORKERS,
    // Integration tests start workers and servers; unit tests finish in milliseconds regardless.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
