#!/usr/bin/env node
// `npm start`: build the dashboard, migrate, then run the API (which serves the dashboard) and the
// ingest workers together, restarting either if it crashes (scripts/supervise.mjs).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { supervise } from './supervise.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '3000';
const say = (msg) => console.error(`[listening-post] ${msg}`);

function run(label, args, opts = {}) {
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    say(`${label} failed; see the message above.`);
    process.exit(res.status ?? 1);
  }
}

say('building the dashboard (cached after the first run)…');
run('dashboard build', [
  fileURLToPath(new URL('../node_modules/turbo/bin/turbo', import.meta.url)),
  'run',
  'build',
  '--filter=@lp/web',
  '--output-logs=errors-only',
]);
if (!existsSync(`${root}/web/dist/index.html`)) {
  say('the dashboard build produced no web/dist/index.html');
  process.exit(1);
}

say('applying database migrations…');
run('migration', ['--import', 'tsx', 'packages/db/src/migrate-cli.ts']);

// Dashboard sources keep their credentials (tokens, API keys) sealed with SECRETS_KEY. Without one
// an admin could not add a Facebook page or a YouTube channel in the dashboard, so `npm start` keeps
// one in a file beside the pseudonym keys, made once, never in Postgres next to what it protects.
const secretsKeyFile = process.env.SECRETS_KEY_FILE || join(root, '.keys', 'secrets-key');
// 32 bytes, as base64 (44 characters) or hex (64): what @lp/secrets reads.
const KEY_SHAPE = /^([A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})$/;
if (!process.env.SECRETS_KEY) {
  if (!existsSync(secretsKeyFile)) {
    // Credentials already sealed with a key this start was not given must not meet a new one.
    const sealed = spawnSync(process.execPath, ['--import', 'tsx', 'packages/db/src/sealed-count-cli.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    const n = Number(sealed.stdout.trim());
    if (sealed.status !== 0 || !Number.isInteger(n)) {
      say(`could not check for stored credentials: ${sealed.stderr.trim()}`);
      process.exit(1);
    }
    if (n > 0) {
      say(
        `${n} dashboard source(s) hold credentials sealed with a SECRETS_KEY this start was not given: set SECRETS_KEY (or SECRETS_KEY_FILE) to that key`,
      );
      process.exit(1);
    }
    mkdirSync(dirname(secretsKeyFile), { recursive: true, mode: 0o700 });
    // Written aside, then linked into place: the file appears whole or not at all.
    const aside = `${secretsKeyFile}.${process.pid}.tmp`;
    writeFileSync(aside, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    chmodSync(aside, 0o600);
    try {
      linkSync(aside, secretsKeyFile);
      say(
        `generated SECRETS_KEY in ${secretsKeyFile} for dashboard sources' credentials: back it up with the database (without it they cannot be read), or set SECRETS_KEY yourself`,
      );
    } catch (err) {
      // Another start made it a moment ago: use that one.
      if (err.code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(aside);
    }
  }
  const key = readFileSync(secretsKeyFile, 'utf8').trim();
  if (!KEY_SHAPE.test(key)) {
    say(
      `${secretsKeyFile} does not hold a key (32 bytes as base64 or hex): restore it from your backup, or set SECRETS_KEY`,
    );
    process.exit(1);
  }
  process.env.SECRETS_KEY = key;
}

// No one can sign in to a fresh install until an admin exists: say the one line that makes one.
const count = spawnSync(process.execPath, ['--import', 'tsx', 'services/api/src/cli/user.ts', 'count'], {
  cwd: root,
  encoding: 'utf8',
});
const noUsers = count.status === 0 && count.stdout.trim() === '0';

const supervisor = supervise(
  [
    { name: 'api', args: ['--import', 'tsx', 'services/api/src/server.ts'], env: { ...process.env, PORT: port } },
    { name: 'ingest', args: ['--import', 'tsx', 'services/ingest/src/main.ts'] },
  ],
  { cwd: root, say, onGiveUp: (code) => stopAll(code) },
);

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  // Past 20 s the processes are killed rather than left holding the port and their locks.
  setTimeout(() => {
    say('the processes did not stop within 20 s; killing them');
    supervisor.killAll();
    setTimeout(() => process.exit(code || 1), 500).unref();
  }, 20_000).unref();
  supervisor.stopAll().then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// Announce the URL once the API answers.
const deadline = Date.now() + 60_000;
async function announce() {
  while (!stopping && Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok || res.status === 503) {
        say(`dashboard: http://localhost:${port}/   (API docs: http://localhost:${port}/docs)`);
        if (noUsers)
          say(
            'no users yet. Create the first admin (asks for a password): npm run --silent user -- add you@your-trust.nhs.uk --role admin',
          );
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
announce();
