import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDatabaseUrl, testDatabaseName, testRedisUrl, withDatabase } from '@lp/db/testing/test-env';
import { waitFor } from '../../services/ingest/src/testing/harness';
// @ts-expect-error: a plain .mjs script without types
import { supervise } from '../../scripts/supervise.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function answers(url: string): Promise<number | null> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return null;
  }
}

describe('npm start keeps the product up', () => {
  const dbName = testDatabaseName(`start_${randomUUID().slice(0, 6)}`);
  let start: ChildProcess | null = null;
  const log: string[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
    await admin.query(`create database ${dbName} template ${testDatabaseName('template')}`);
    await admin.end();
  });
  afterAll(async () => {
    if (start && start.exitCode === null) {
      start.kill('SIGTERM');
      await new Promise((r) => start!.once('exit', r));
    }
    const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  const pids = () => [...log.join('\n').matchAll(/ingest started \(pid (\d+)\)/g)].map((m) => Number(m[1]));

  it('restarts a killed ingest within 15 s while the API keeps answering, and says how to add the first admin', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), 'lp-start-'));
    const sources = join(dir, 'sources.yaml');
    // A small demo backlog: this test is about processes, not volume.
    writeFileSync(
      sources,
      'sources:\n  - id: demo\n    type: demo\n    every: 1h\n    backfillHours: 1\n    backfillPostsPerHour: 10\n',
    );
    start = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: withDatabase(adminDatabaseUrl(), dbName),
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: `lpt-start-${randomUUID().slice(0, 6)}`,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        SOURCES_FILE: sources,
        // No key given: one is generated into this file (not the checkout's .keys/), and reused after the restart.
        PSEUDONYM_KEY: '',
        PSEUDONYM_KEYS: '',
        PSEUDONYM_KEY_FILE: join(dir, 'keys', 'pseudonym-keys'),
        // Likewise the key for dashboard sources' credentials.
        SECRETS_KEY: '',
        SECRETS_KEY_FILE: join(dir, 'keys', 'secrets-key'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
    start.stderr!.on('data', (c: Buffer) => log.push(c.toString()));

    const health = `http://127.0.0.1:${port}/api/health`;
    const ready = `http://127.0.0.1:${metricsPort}/ready`;
    await waitFor(
      async () => (await answers(health)) !== null && (await answers(ready)) === 200,
      'API and ingest up',
      90_000,
    );
    await waitFor(
      async () => /no users yet\. Create the first admin.*npm run --silent user -- add/.test(log.join('')),
      'first-admin line',
    );
    const [first] = pids();
    expect(first).toBeGreaterThan(0);

    process.kill(first!, 'SIGKILL');
    const killedAt = Date.now();
    let apiDown = 0;
    await waitFor(
      async () => {
        if ((await answers(health)) === null) apiDown += 1;
        const again = pids();
        return again.length > 1 && again[again.length - 1] !== first && (await answers(ready)) === 200;
      },
      'ingest restarted',
      30_000,
    );
    const keys = readFileSync(join(dir, 'keys', 'pseudonym-keys'), 'utf8');
    expect(keys).toMatch(/^1:[A-Za-z0-9_-]{43}$/m);
    expect(log.join('')).toMatch(/no pseudonym key given: generated one and wrote it to the key file/);
    // A fresh install can take tokens in the dashboard at once: the key is made once, readable by its owner only.
    const secretsKey = join(dir, 'keys', 'secrets-key');
    expect(Buffer.from(readFileSync(secretsKey, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(statSync(secretsKey).mode & 0o777).toBe(0o600);
    expect(log.join('')).toMatch(/generated SECRETS_KEY in .*secrets-key/);
    const backAfter = Date.now() - killedAt;
    expect(backAfter).toBeLessThan(15_000);
    expect(apiDown).toBe(0);
    expect(log.join('')).toMatch(/ingest stopped \(signal SIGKILL\); restarting in 1 s/);

    start.kill('SIGTERM');
    const code = await new Promise((r) => start!.once('exit', r));
    expect(code).toBe(0);
  }, 150_000);

  it('will not make a new secrets key for credentials sealed with one it was not given', async () => {
    const other = testDatabaseName(`start_sealed_${randomUUID().slice(0, 6)}`);
    const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
    await admin.query(`create database ${other} template ${testDatabaseName('template')}`);
    await admin.end();
    const db = new pg.Client({ connectionString: withDatabase(adminDatabaseUrl(), other) });
    await db.connect();
    try {
      await db.query(
        `insert into sources (id, type, config, managed_by, poll_every_seconds, secrets) values ('yt', 'youtube', '{}', 'dashboard', 900, 'v1.sealed')`,
      );
      const dir = mkdtempSync(join(tmpdir(), 'lp-start-sealed-'));
      const out: string[] = [];
      const child = spawn(process.execPath, ['scripts/start.mjs'], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: withDatabase(adminDatabaseUrl(), other),
          REDIS_URL: testRedisUrl(),
          SECRETS_KEY: '',
          SECRETS_KEY_FILE: join(dir, 'secrets-key'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr!.on('data', (c: Buffer) => out.push(c.toString()));
      const code = await new Promise((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(out.join('')).toMatch(
        /1 dashboard source\(s\) hold credentials sealed with a SECRETS_KEY this start was not given/,
      );
      expect(() => statSync(join(dir, 'secrets-key'))).toThrow();
    } finally {
      await db.end();
      const cleanup = new pg.Client({ connectionString: adminDatabaseUrl() });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${other} with (force)`);
      await cleanup.end();
    }
  }, 120_000);

  it('gives up on a crash loop, naming the process and its last words', async () => {
    const said: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const sup = supervise(
        [
          { name: 'api', args: ['-e', 'setInterval(() => {}, 1000)'] },
          {
            name: 'ingest',
            args: ['-e', 'console.error("invalid environment: PSEUDONYM_KEY too short"); process.exit(3)'],
          },
        ],
        {
          cwd: root,
          say: (m: string) => said.push(m),
          backoffMs: { first: 50, max: 200 },
          crashLoop: { crashes: 4, quickMs: 30_000 },
          onGiveUp: (c: number) => void sup.stopAll().then(() => resolve(c)),
        },
      );
    });
    expect(code).toBe(3);
    const text = said.join('\n');
    expect(text).toMatch(
      /ingest crashed 4 times in a row within 30 s of starting \(last: exit 3\); stopping everything/,
    );
    expect(text).toMatch(/last words of ingest:\n {2}invalid environment: PSEUDONYM_KEY too short/);
    expect(said.filter((l) => /ingest stopped \(exit 3\); restarting in/.test(l))).toHaveLength(3);
    // The healthy process was never restarted, and was stopped with the rest.
    expect(said.filter((l) => /^api started/.test(l))).toHaveLength(1);
  });

  it('keeps restarting a process that crashes after running a while: an incident, not a loop', async () => {
    const said: string[] = [];
    let gaveUp = false;
    const sup = supervise([{ name: 'ingest', args: ['-e', 'setTimeout(() => process.exit(1), 150)'] }], {
      cwd: root,
      say: (m: string) => said.push(m),
      backoffMs: { first: 10, max: 20 },
      // Anything that lived 100 ms counts as having run: each crash here is after a run.
      crashLoop: { crashes: 2, quickMs: 100 },
      onGiveUp: () => {
        gaveUp = true;
      },
    });
    await waitFor(async () => said.filter((l) => /^ingest started/.test(l)).length >= 4, 'four starts', 30_000);
    await sup.stopAll();
    expect(gaveUp).toBe(false);
    expect(said.filter((l) => /restarting in 0\.01 s/.test(l)).length).toBeGreaterThanOrEqual(3);
  });
});
