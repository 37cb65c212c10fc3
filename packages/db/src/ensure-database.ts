import pg from 'pg';

/**
 * Creates the database named in the URL when it does not exist yet, so `npm start` works on a
 * server that has only its default databases. Needs CREATEDB; without it the error says so.
 */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
    return 'exists';
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    return 'created';
  } catch (err) {
    // Another process created it first.
    if ((err as { code?: string }).code === '42P04') return 'exists';
    throw err;
  } finally {
    await admin.end();
  }
}
