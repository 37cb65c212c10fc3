import { describeError } from './describe-error';
import type { Logger } from '../logger';

/**
 * Runs `tick` every `intervalMs` until stopped: the loop behind the Postgres-driven background
 * work of an NLP process (re-tagging, retraining, "about us"). A failed tick is logged and tried
 * again on the next one; `stopped()` lets a long tick end early between batches.
 */
export function startBackgroundLoop(opts: {
  what: string;
  intervalMs: number;
  log: Logger;
  tick: (stopped: () => boolean) => Promise<void>;
}): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      try {
        await opts.tick(() => stopped);
      } catch (err) {
        opts.log.warn({ err: describeError(err) }, `${opts.what} failed; retrying`);
      }
      if (!stopped)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, opts.intervalMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
