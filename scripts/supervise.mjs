// Keeps the API and ingest processes running for `npm start`: a crashed one is restarted with
// backoff; one that keeps crashing stops everything, naming the process and what it last said.
import { spawn } from 'node:child_process';

/** Restart waits 1 s, 2 s, 4 s … up to 30 s: quick after a one-off crash, gentle on a failing dependency. */
export const BACKOFF_MS = { first: 1_000, max: 30_000 };
/** This many crashes within the window is a loop that restarting will not fix (a bad setting, a broken build). */
export const CRASH_LOOP = { crashes: 5, windowMs: 120_000 };
/** Lines of a process's stderr kept to explain a crash loop. */
const TAIL_LINES = 15;

/**
 * @param {Array<{ name: string, args: string[], env?: NodeJS.ProcessEnv }>} specs
 * @param {{ cwd: string, say: (msg: string) => void, onGiveUp: (code: number) => void, backoffMs?: typeof BACKOFF_MS, crashLoop?: typeof CRASH_LOOP }} opts
 *   onGiveUp: called on a crash loop, to stop the rest
 */
export function supervise(specs, opts) {
  const backoff = opts.backoffMs ?? BACKOFF_MS;
  const loop = opts.crashLoop ?? CRASH_LOOP;
  let stopping = false;
  const procs = specs.map((spec) => ({ spec, child: null, crashes: [], tail: [], timer: null }));

  function start(p) {
    const child = spawn(process.execPath, p.spec.args, {
      cwd: opts.cwd,
      env: p.spec.env ?? process.env,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    p.child = child;
    p.tail = [];
    let partial = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      p.tail.push(...lines.filter((l) => l.trim() !== ''));
      if (p.tail.length > TAIL_LINES) p.tail.splice(0, p.tail.length - TAIL_LINES);
    });
    opts.say(`${p.spec.name} started (pid ${child.pid})`);
    child.on('exit', (code, signal) => {
      p.child = null;
      if (stopping) return;
      const now = Date.now();
      p.crashes = p.crashes.filter((t) => now - t < loop.windowMs).concat(now);
      const how = signal ? `signal ${signal}` : `exit ${code}`;
      if (p.crashes.length >= loop.crashes) {
        opts.say(
          `${p.spec.name} crashed ${p.crashes.length} times within ${loop.windowMs / 1000} s (last: ${how}); stopping everything.`,
        );
        if (p.tail.length) opts.say(`last words of ${p.spec.name}:\n  ${p.tail.join('\n  ')}`);
        opts.onGiveUp(code || 1);
        return;
      }
      const wait = Math.min(backoff.max, backoff.first * 2 ** (p.crashes.length - 1));
      opts.say(`${p.spec.name} stopped (${how}); restarting in ${wait / 1000} s`);
      p.timer = setTimeout(() => {
        p.timer = null;
        if (!stopping) start(p);
      }, wait);
    });
  }

  /** Stops every process (SIGTERM, their own graceful shutdown); resolves when all have exited. */
  function stopAll() {
    stopping = true;
    return Promise.all(
      procs.map((p) => {
        if (p.timer) clearTimeout(p.timer);
        const child = p.child;
        if (!child || child.exitCode !== null) return null;
        child.kill('SIGTERM');
        return new Promise((resolve) => child.once('exit', resolve));
      }),
    );
  }

  for (const p of procs) start(p);
  return { stopAll };
}
