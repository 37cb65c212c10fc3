// Keeps the API and ingest processes running for `npm start`: a crashed one is restarted with
// backoff; one that keeps crashing soon after it starts stops everything, naming the process and
// what it last said.
import { spawn } from 'node:child_process';

/** Restart waits 1 s, 2 s, 4 s … up to 30 s: quick after a one-off crash, gentle on a failing dependency. */
export const BACKOFF_MS = { first: 1_000, max: 30_000 };
/**
 * A crash within `quickMs` of starting is a start that failed; this many in a row is a loop that
 * restarting will not fix (a bad setting, a broken build). A process that ran longer and then
 * crashed starts the count again: that is an incident to recover from, not a loop.
 */
export const CRASH_LOOP = { crashes: 5, quickMs: 30_000 };
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
  const procs = specs.map((spec) => ({ spec, child: null, quickCrashes: 0, tail: [], timer: null }));

  function start(p) {
    const startedAt = Date.now();
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
    let ended = false;
    const onEnd = (how, code) => {
      if (ended) return;
      ended = true;
      p.child = null;
      if (stopping) return;
      p.quickCrashes = Date.now() - startedAt < loop.quickMs ? p.quickCrashes + 1 : 1;
      if (p.quickCrashes >= loop.crashes) {
        opts.say(
          `${p.spec.name} crashed ${p.quickCrashes} times in a row within ${loop.quickMs / 1000} s of starting (last: ${how}); stopping everything.`,
        );
        if (p.tail.length) opts.say(`last words of ${p.spec.name}:\n  ${p.tail.join('\n  ')}`);
        opts.onGiveUp(code || 1);
        return;
      }
      const wait = Math.min(backoff.max, backoff.first * 2 ** (p.quickCrashes - 1));
      opts.say(`${p.spec.name} stopped (${how}); restarting in ${wait / 1000} s`);
      p.timer = setTimeout(() => {
        p.timer = null;
        if (!stopping) start(p);
      }, wait);
    };
    // A process that could not be spawned at all never exits: count it as a crash all the same.
    child.on('error', (err) => onEnd(`could not start: ${err.message}`, 1));
    child.on('exit', (code, signal) => onEnd(signal ? `signal ${signal}` : `exit ${code}`, code));
    if (child.pid) opts.say(`${p.spec.name} started (pid ${child.pid})`);
  }

  /** Asks every process to stop (SIGTERM, their own graceful shutdown); resolves when all have exited. */
  function stopAll() {
    stopping = true;
    return Promise.all(
      procs.map((p) => {
        if (p.timer) clearTimeout(p.timer);
        const child = p.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return null;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
    );
  }

  /** Stops every process at once (SIGKILL): for when a graceful stop took too long. */
  function killAll() {
    stopping = true;
    for (const p of procs) if (p.child && p.child.exitCode === null) p.child.kill('SIGKILL');
  }

  for (const p of procs) start(p);
  return { stopAll, killAll };
}
