#!/usr/bin/env node
// `npm start`: build the dashboard, migrate, then run the API (which serves the dashboard) and the
// ingest workers together, restarting either if it crashes (scripts/supervise.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
