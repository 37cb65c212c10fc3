/**
 * `npm run author -- find --platform PLATFORM HANDLE`: what is stored about one author, under every
 * pseudonym key version (a subject access request). Prints one JSON line per key version: the key
 * id, the pseudonym and how many posts are stored under it, with the first and last post times.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createDb } from '@lp/db/client';
import { authorFootprint } from '@lp/db/queries/authors';
import { parseIngestEnv } from '../env';
import { pseudonymsOf } from '../lib/pseudonym';
import { pseudonymKeyRing } from '../lib/pseudonym-keys';

const USAGE = 'usage: npm run --silent author -- find --platform x|bluesky|mastodon|reddit|rss|file HANDLE';

const { values, positionals } = parseArgs({ options: { platform: { type: 'string' } }, allowPositionals: true });
if (positionals[0] !== 'find' || positionals.length !== 2 || !values.platform) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const env = parseIngestEnv();
const log = pino({ level: 'warn' }, pino.destination(2));
const handle = createDb(env.DATABASE_URL, { max: 1, applicationName: 'lp-author' });
try {
  const keys = await pseudonymKeyRing(env, handle.db, log);
  const pseudonyms = pseudonymsOf(keys.all, values.platform, positionals[1]!);
  const found = new Map((await authorFootprint(handle.db, pseudonyms)).map((f) => [f.pseudonym, f]));
  keys.all.forEach((k, i) => {
    const f = found.get(pseudonyms[i]!);
    process.stdout.write(`${JSON.stringify({ keyId: k.id, current: i === 0, ...f })}\n`);
  });
} finally {
  await handle.close();
}
