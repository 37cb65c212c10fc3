import { defineConfig } from 'vitest/config';

/** Test workers: each gets its own Postgres database and Redis database number (vitest.global-setup.ts). */
export const TEST_WORKERS = 2;

export default defineConfig({
  test: {
    include: ['{packages,services,web,tests}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./vitest.global-setup.ts'],
    setupFiles: ['./vitest.setup.ts'],
    pool: 'forks',
    maxWorkers: TEST_WORKERS,
    // Integration tests start workers and servers; unit tests finish in milliseconds regardless.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
