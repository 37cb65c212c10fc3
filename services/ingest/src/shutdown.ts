import { describeError } from './lib/describe-error';
import type { Logger } from './logger';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/**
 * On SIGTERM/SIGINT: run the steps in order, logging each, under a forced-exit timer so a stuck
 * step cannot keep a dying process alive. Jobs interrupted by the force exit are re-run by BullMQ's
 * stalled-job check or the sweeper.
 */
export function installShutdown(
  log: Logger,
  timeoutMs: number,
  steps: ShutdownStep[],
): { shuttingDown: () => boolean } {
  let down = false;
  const onSignal = async (signal: string) => {
    if (down) return;
    down = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out; forcing exit');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    for (const step of steps) {
      try {
        await step.run();
        log.info({ step: step.name }, 'shutdown step done');
      } catch (err) {
        log.error({ step: step.name, err: describeError(err) }, 'shutdown step failed');
      }
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  process.on('SIGINT', () => void onSignal('SIGINT'));
  return { shuttingDown: () => down };
}
