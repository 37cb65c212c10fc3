/**
 * `npm run import -- --source ID FILE [--format csv|jsonl|xlsx] [--mapping JSON]`: imports a file
 * into a file source in this process. Tagging is queued on Redis for the running ingest (or, if
 * none runs, done when one starts: the rows wait as pending raw items).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { zColumnMapping, zImportFormat, type ColumnMapping } from '@lp/contracts/imports';
import { createDb } from '@lp/db/client';
import { toImportView } from '@lp/db/queries/imports';
import { migrate } from '@lp/db/migrate';
import { closeQueues, createQueues } from '@lp/queue/queues';
import { createRedis } from '@lp/queue/redis';
import { importReadLimits, parseIngestEnv } from '../env';
import { ImportRequestError, importFileNow } from '../imports/import-file';
import { formatImportReport } from '../imports/report';
import { listSuppressedPseudonyms } from '@lp/db/queries/authors';
import { createRingPseudonymiser } from '../lib/pseudonym';
import { pseudonymKeyRing } from '../lib/pseudonym-keys';

const USAGE = `usage: npm run import -- --source ID FILE [--format csv|jsonl|xlsx] [--mapping '{"text":"Comment","time":"Date"}']`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseCli() {
  try {
    const { values, positionals } = parseArgs({
      options: { source: { type: 'string' }, format: { type: 'string' }, mapping: { type: 'string' } },
      allowPositionals: true,
    });
    if (!values.source || positionals.length !== 1) fail(USAGE, 2);
    const format = values.format === undefined ? undefined : zImportFormat.safeParse(values.format);
    if (format && !format.success) fail(`--format must be csv, jsonl or xlsx\n${USAGE}`, 2);
    let mapping: ColumnMapping | undefined;
    if (values.mapping !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(values.mapping);
      } catch {
        fail(`--mapping is not valid JSON\n${USAGE}`, 2);
      }
      const parsed = zColumnMapping.safeParse(json);
      if (!parsed.success)
        fail(`--mapping: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, 2);
      mapping = parsed.data;
    }
    return { sourceId: values.source!, file: positionals[0]!, format: format?.data, mapping };
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
}

const args = parseCli();
const env = parseIngestEnv();
let content: Buffer;
try {
  content = await readFile(args.file);
} catch (err) {
  fail(`cannot read ${args.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}

// Logs go to stderr so stdout carries only the report; the report itself says what went wrong.
const log = pino({ level: env.LOG_LEVEL === 'info' ? 'error' : env.LOG_LEVEL }, pino.destination(2));
const handle = createDb(env.DATABASE_URL, { max: 2, applicationName: 'lp-import' });
const redis = createRedis(env.REDIS_URL);
redis.on('error', () => {}); // a Redis outage only delays tagging: the sweeper enqueues the rows later
const queues = createQueues({ connection: redis, prefix: env.QUEUE_PREFIX });
let exitCode = 0;
try {
  await migrate(handle.db);
  // The same key as the ingest's, so an author's pseudonym matches across imports and polls.
  const keys = await pseudonymKeyRing(env, handle.db, log, { mayWrite: false });
  const suppressed = new Set(await listSuppressedPseudonyms(handle.db));
  const { row, outcome, managedByFile } = await importFileNow(
    {
      db: handle.db,
      tagQueue: queues['tag-posts'],
      pseudonymise: createRingPseudonymiser(keys.all, () => suppressed),
      log,
      readLimits: importReadLimits(env),
    },
    { sourceId: args.sourceId, fileName: basename(args.file), content, format: args.format, mapping: args.mapping },
  );
  process.stdout.write(formatImportReport(toImportView(row)));
  if (args.mapping && managedByFile)
    process.stdout.write(
      `\nNote: source ${args.sourceId} comes from the sources file; put this mapping there too, or the next start replaces it.\n`,
    );
  if (outcome.status !== 'done') exitCode = 1;
} catch (err) {
  if (!(err instanceof ImportRequestError)) log.error({ err: (err as Error).message }, 'import failed');
  process.stderr.write(`${(err as Error).message}\n`);
  exitCode = 1;
} finally {
  await closeQueues(queues).catch(() => undefined);
  redis.disconnect();
  await handle.close();
}
process.exit(exitCode);
