import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index';

export type Db = NodePgDatabase<typeof schema>;
export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

// node-postgres returns int8/numeric as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface DbOptions {
  max?: number;
  applicationName?: string;
  /** Server settings for every connection of the pool (sent at connect, like PGOPTIONS). */
  settings?: Record<string, string>;
}

export function createDb(connectionString: string, opts: DbOptions = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'listening-post',
    options: Object.entries(opts.settings ?? {})
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' '),
    // Fail fast at start rather than hang when Postgres is unreachable.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection (Postgres restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

export async function pingDb(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
