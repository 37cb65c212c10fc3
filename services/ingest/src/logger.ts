import { pino, type Logger } from 'pino';

/** Object-first pino logs; pretty only on a terminal; personal fields never printed. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.text', '*.author', '*.handle', '*.authorPseudonym', '*.token', '*.password', '*.accessToken'],
      censor: '[redacted]',
    },
    transport: process.stdout.isTTY
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss' } }
      : undefined,
  });
}
export type { Logger };
