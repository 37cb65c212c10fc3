import { sql } from 'drizzle-orm';
import { createDb } from './client';
import { dbEnv } from './env';

/**
 * Prints how many sources hold credentials sealed with a SECRETS_KEY: `npm start` will not make a
 * new key for an install whose credentials were sealed with one it was not given.
 */
const handle = createDb(dbEnv.DATABASE_URL, { max: 1 });
try {
  const res = await handle.db.execute<{ n: number }>(
    sql`select count(*)::int as n from sources where secrets is not null`,
  );
  console.log(String(res.rows[0]?.n ?? 0));
} catch (err) {
  console.error(`cannot count sealed credentials: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
