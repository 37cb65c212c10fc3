import { pino, type DestinationStream, type Logger } from 'pino';
import { safeErrorForLog } from '@lp/db/log-safe-error';

/** Object-first pino logs; pretty only on a terminal; personal fields never printed. */
export function createLogger(level: string, name: string, stream?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['*.text', '*.author', '*.handle', '*.authorPseudonym', '*.token', '*.password', '*.accessToken'],
        censor: '[redacted]',
      },
      // A failed query's parameters (post text, handles) never reach the log.
      serializers: { err: safeErrorForLog },
      transport:
        process.stdout.isTTY && !stream
          ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss' } }
          : undefined,
    },
    stream,
  );
}
export type { Logger };
