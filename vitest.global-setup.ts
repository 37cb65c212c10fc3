import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from './packages/db/src/client';
import { migrate } from './packages/db/src/migrate';
import { TEST_DB_COUNT, adminDatabaseUrl, testDatabaseName, withDatabase } from './packages/db/src/testing/test-env';

/**
 * Migrates a template database once, then clones one database per test worker from it, so every
 * worker has its own schema and no test ever touches another worker's data (or a developer's).
 */
export default async function setup(): Promise<() => Promise<void>> {
  // A run id keeps two test runs on one machine (a developer's and CI's) out of each other's databases.
  process.env.LP_TEST_RUN = randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    const template = testDatabaseName('template');
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.query(`create database ${template}`);
    const handle = createDb(withDatabase(adminDatabaseUrl(), template), { max: 1 });
    try {
      await migrate(handle.db);
    } finally {
      await handle.close();
    }
    for (let i = 1; i <= TEST_DB_COUNT; i++) {
      const name = testDatabaseName(String(i));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name} template ${template}`);
    }
  } finally {
    await admin.end();
  }
  return async () => {
    const client = new pg.Client({ connectionString: adminDatabaseUrl() });
    await client.connect();
    try {
      for (const suffix of ['template', ...Array.from({ length: TEST_DB_COUNT }, (_, i) => String(i + 1))]) {
        await client.query(`drop database if exists ${testDatabaseName(suffix)} with (force)`);
      }
    } finally {
      await client.end();
    }
  };
}
