import { createDb } from './client';
import { dbEnv } from './env';
import { ensureDatabase } from './ensure-database';
import { migrate } from './migrate';

const where = (() => {
  const u = new URL(dbEnv.DATABASE_URL);
  if (u.password) u.password = '***';
  return u.toString();
})();
const handle = createDb(dbEnv.DATABASE_URL, { max: 1 });
try {
  if ((await ensureDatabase(dbEnv.DATABASE_URL)) === 'created') console.error(`created database ${where}`);
  await migrate(handle.db);
  console.error(`migrations applied to ${where}`);
} catch (err) {
  const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === '3D000' || code === '28P01') {
    console.error(
      `cannot use Postgres at ${where}: ${e.cause?.message ?? e.message}\n` +
        'Start one with `docker compose up -d postgres redis`, or point DATABASE_URL at yours ' +
        '(e.g. DATABASE_URL=postgres://user:pass@host:5432/listening_post).',
    );
  } else {
    console.error(`migration failed: ${e.cause?.message ?? e.message}`);
  }
  process.exitCode = 1;
} finally {
  await handle.close();
}
