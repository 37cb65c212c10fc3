#!/usr/bin/env node
// `npm start`: build the dashboard, migrate, then run the API (which serves the dashboard) and the
// ingest workers together, stopping both if either stops.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

const children = [
  [
    'api',
    spawn(process.execPath, ['--import', 'tsx', 'services/api/src/server.ts'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, PORT: port },
    }),
  ],
  [
    'ingest',
    spawn(process.execPath, ['--import', 'tsx', 'services/ingest/src/main.ts'], { cwd: root, stdio: 'inherit' }),
  ],
];

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const [, child] of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 20_000).unref();
  Promise.all(children.map(([, c]) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}
for (const [name, child] of children) {
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
      stopAll(code || 1);
    }
  });
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
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
announce();
