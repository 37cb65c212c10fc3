/**
 * One author, for a subject access or erasure request. The handle is typed here, by whoever
 * handles the request, and goes nowhere else: not to the API, the queue, the logs or the audit log.
 *
 *   npm run author -- find  --platform PLATFORM HANDLE
 *       What is stored under the author's pseudonym for each key version: one JSON line per key,
 *       with the number of posts and the first and last post times.
 *   npm run author -- erase --platform PLATFORM HANDLE --reference REF --yes
 *       Erases them: posts, raw items, labels, quarantined items and voice removed, rollups
 *       corrected, finished export files expired, and the author listed so no fetch stores them
 *       again. Audited under REF (a ticket number), with pseudonyms only. Prints what was removed.
 *
 * Bluesky handles are resolved to their DID through --service (default https://bsky.social);
 * give the DID itself (did:plc:…) to skip that.
 */
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { pino } from 'pino';
import { createDb } from '@lp/db/client';
import { migrate } from '@lp/db/migrate';
import { authorFootprint, eraseAuthor } from '@lp/db/queries/authors';
import { setOutboundPolicy } from '@lp/outbound/guarded-fetch';
import { AUTHOR_PLATFORMS, blueskyResolver, identifyAuthor } from '../authors/identify';
import { parseIngestEnv } from '../env';
import { pseudonymKeyRing } from '../lib/pseudonym-keys';

const USAGE = `usage: npm run --silent author -- find --platform ${AUTHOR_PLATFORMS.join('|')} HANDLE
       npm run --silent author -- erase --platform PLATFORM HANDLE --reference REF --yes`;

const { values, positionals } = parseArgs({
  options: {
    platform: { type: 'string' },
    reference: { type: 'string' },
    service: { type: 'string', default: 'https://bsky.social' },
    yes: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const [command, handleArg] = positionals;
if (!['find', 'erase'].includes(command ?? '') || positionals.length !== 2 || !values.platform) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
if (command === 'erase' && (!values.yes || !values.reference?.trim())) {
  process.stderr.write(
    "erase removes the author for good: give the request's reference (--reference) and confirm with --yes\n",
  );
  process.exit(2);
}
const env = parseIngestEnv();
setOutboundPolicy({ allowPrivate: env.ALLOW_PRIVATE_SOURCE_URLS === 'true' });
const log = pino({ level: 'warn' }, pino.destination(2));
const handle = createDb(env.DATABASE_URL, { max: 2, applicationName: 'lp-author' });
let exitCode = 0;
try {
  await migrate(handle.db);
  const keys = await pseudonymKeyRing(env, handle.db, log, { mayWrite: false });
  const author = await identifyAuthor(keys.all, values.platform, handleArg!, blueskyResolver(values.service!));
  if (command === 'find') {
    // One line per key version: the pseudonym of the handle as the connectors write it, and what is
    // stored under any form of it (a file import may have hashed it with its "@").
    const found = await authorFootprint(
      handle.db,
      author.pseudonyms.map((p) => p.pseudonym),
    );
    const canonical = author.identifier.toLowerCase();
    keys.all.forEach((k, i) => {
      const mine = author.pseudonyms.filter((p) => p.keyId === k.id).map((p) => p.pseudonym);
      const rows = found.filter((f) => mine.includes(f.pseudonym));
      const times = rows
        .flatMap((r) => [r.firstAt, r.lastAt])
        .filter((t): t is string => t !== null)
        .sort();
      const pseudonym = mine[author.identifiers.indexOf(canonical)] ?? mine[0];
      process.stdout.write(
        `${JSON.stringify({
          keyId: k.id,
          current: i === 0,
          pseudonym,
          posts: rows.reduce((n, r) => n + r.posts, 0),
          firstAt: times[0] ?? null,
          lastAt: times[times.length - 1] ?? null,
        })}\n`,
      );
    });
  } else {
    const outcome = await eraseAuthor(handle.db, {
      platform: author.platform,
      pseudonyms: author.pseudonyms,
      identifiers: author.identifiers,
      actor: `cli:${userInfo().username}`,
      reference: values.reference!.trim(),
    });
    process.stdout.write(`${JSON.stringify({ erased: true, pseudonyms: author.pseudonyms, ...outcome })}\n`);
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
