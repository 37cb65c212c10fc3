import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Db } from '@lp/db/client';
import { erasedUnderKeys } from '@lp/db/queries/authors';
import { deleteSetting, getSetting } from '@lp/db/queries/settings';
import type { Logger } from '../logger';
import { generatePseudonymKey } from './pseudonym';

/**
 * Custody of the pseudonym keys: versioned, from the environment or a key file, never in Postgres
 * next to the pseudonyms they make (whoever has both can test a guessed handle). The first key is
 * the one in use; older ones stay so an author's earlier pseudonyms can still be found (subject
 * access, erasure). Each pseudonym names its key (`keyIdOfPseudonym`).
 */
export interface PseudonymKey {
  id: string;
  secret: string;
}
export interface PseudonymKeyRing {
  /** New pseudonyms use this one. */
  current: PseudonymKey;
  /** Every version, current first. */
  all: PseudonymKey[];
  /** Where the keys came from, for the start-up log (never the keys). */
  origin: 'PSEUDONYM_KEYS' | 'PSEUDONYM_KEY' | 'file' | 'generated' | 'moved' | 'legacy';
}

export class PseudonymKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PseudonymKeyError';
  }
}

const KEY_ID = /^[a-z0-9]{1,8}$/;
const MIN_SECRET = 32;

/** `id:secret` pairs separated by commas or lines (a file may also have `#` comments); the first is current. */
export function parseKeyList(text: string, where: string): PseudonymKey[] {
  const keys: PseudonymKey[] = [];
  const entries = text.split('\n').flatMap((line) => line.replace(/#.*$/, '').split(','));
  for (const raw of entries) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(':');
    const id = at > 0 ? line.slice(0, at).trim() : '';
    const secret = at > 0 ? line.slice(at + 1).trim() : '';
    if (!KEY_ID.test(id))
      throw new PseudonymKeyError(`${where}: each key is "id:secret" with an id of 1-8 lower-case letters or digits`);
    if (secret.length < MIN_SECRET)
      throw new PseudonymKeyError(`${where}: key ${id} must be at least ${MIN_SECRET} characters`);
    if (keys.some((k) => k.id === id)) throw new PseudonymKeyError(`${where}: key id ${id} appears twice`);
    keys.push({ id, secret });
  }
  if (keys.length === 0) throw new PseudonymKeyError(`${where}: no keys`);
  return keys;
}

export interface KeySources {
  PSEUDONYM_KEYS?: string;
  PSEUDONYM_KEY?: string;
  /** Where keys are kept when not given in the environment (README "Pseudonym keys"). */
  PSEUDONYM_KEY_FILE: string;
}

/**
 * The key ring, in this order: PSEUDONYM_KEYS; PSEUDONYM_KEY (one key, id 1); the key file; a key an
 * older version kept in Postgres (`legacyKey`, moved to the key file and then forgotten there by the
 * caller); or a new key generated once and written to the key file (mode 0600) with a warning.
 */
export async function loadPseudonymKeys(
  env: KeySources,
  legacy: { read(): Promise<string | null> },
  /**
   * False for command-line tools: they never write a key file (on the host it may not be the one the
   * ingest uses); with no key configured they use a key still in Postgres as it is, or refuse.
   */
  mayWrite = true,
): Promise<PseudonymKeyRing> {
  const ring = (all: PseudonymKey[], origin: PseudonymKeyRing['origin']): PseudonymKeyRing => ({
    current: all[0]!,
    all,
    origin,
  });
  if (env.PSEUDONYM_KEYS) return ring(parseKeyList(env.PSEUDONYM_KEYS, 'PSEUDONYM_KEYS'), 'PSEUDONYM_KEYS');
  if (env.PSEUDONYM_KEY) return ring([{ id: '1', secret: env.PSEUDONYM_KEY }], 'PSEUDONYM_KEY');
  const file = resolve(env.PSEUDONYM_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return ring(parseKeyList(existing, file), 'file');
  const old = await legacy.read();
  if (!mayWrite) {
    if (old) return ring([{ id: '1', secret: old }], 'legacy');
    throw new PseudonymKeyError(
      `no pseudonym key found: set PSEUDONYM_KEYS, or PSEUDONYM_KEY_FILE to the key file the ingest uses (looked in ${file})`,
    );
  }
  const first: PseudonymKey = { id: '1', secret: old ?? generatePseudonymKey() };
  const written = await writeKeyFileOnce(file, first);
  // Another process may have written it first: then its key is the one.
  return written
    ? ring([first], old ? 'moved' : 'generated')
    : ring(parseKeyList((await readKeyFile(file))!, file), 'file');
}

async function readKeyFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PseudonymKeyError(`cannot read the pseudonym key file ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
}

async function writeKeyFileOnce(file: string, key: PseudonymKey): Promise<boolean> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const text = [
    '# Listening Post pseudonym keys: "id:secret", one a line, the key in use first.',
    '# Keep a copy somewhere safe and away from the database: without it, authors cannot be found for',
    '# subject access or erasure, and new posts by the same author get new pseudonyms.',
    `${key.id}:${key.secret}`,
    '',
  ].join('\n');
  try {
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new PseudonymKeyError(`cannot write the pseudonym key file ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
}

/**
 * The pseudonym keys, never kept in Postgres: from the environment or the key file. A key an older
 * version kept in Postgres is moved to the key file once and removed from the database.
 */
export async function pseudonymKeyRing(
  env: KeySources,
  db: Db,
  log: Logger,
  opts: { mayWrite?: boolean } = {},
): Promise<PseudonymKeyRing> {
  const legacy = await getSetting(db, LEGACY_KEY_SETTING);
  const ring = await loadPseudonymKeys(env, { read: async () => legacy }, opts.mayWrite ?? true);
  if (legacy !== null && ring.origin !== 'legacy') {
    // Forgotten in Postgres only once it is safely among the configured keys.
    if (!ring.all.some((k) => k.secret === legacy))
      throw new PseudonymKeyError(
        'Postgres still holds the pseudonym key an older version generated, and it is not among the configured keys, ' +
          'so authors pseudonymised with it could not be found or erased. Add it as the last key ("1:<secret>") to ' +
          'PSEUDONYM_KEYS or the key file (read it with: psql -Atc "select value from settings where key = ' +
          "'pseudonym_key'\"), then start again; it is then removed from the database.",
      );
    await deleteSetting(db, LEGACY_KEY_SETTING);
  }
  // An erased author is recognised only under the keys listed when they were erased: those must stay.
  const needed = await erasedUnderKeys(db);
  const missing = needed.filter((id) => !ring.all.some((k) => k.id === id));
  if (missing.length > 0)
    throw new PseudonymKeyError(
      `erased authors are listed under pseudonym key ${missing.join(', ')}, which is no longer configured: without it ` +
        'their posts would be stored again. Keep every key an erasure used (README "Pseudonym keys").',
    );
  if (ring.origin === 'generated' || ring.origin === 'moved')
    log.warn(
      { file: env.PSEUDONYM_KEY_FILE },
      ring.origin === 'generated'
        ? 'no pseudonym key given: generated one and wrote it to the key file; keep a copy away from the database'
        : 'moved the pseudonym key out of Postgres into the key file; keep a copy away from the database',
    );
  log.info({ keys: ring.all.map((k) => k.id), current: ring.current.id, from: ring.origin }, 'pseudonym keys loaded');
  return ring;
}
const LEGACY_KEY_SETTING = 'pseudonym_key';
