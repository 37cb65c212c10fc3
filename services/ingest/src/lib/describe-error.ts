import { stripValues } from '@lp/db/log-safe-error';

/**
 * A log-safe one-line description of an error. Drizzle wraps driver errors in a message that
 * repeats the SQL and its parameters (post text, pseudonyms): log the driver's own message instead.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (err.message.startsWith('Failed query:') && cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    return `database error${code ? ` ${code}` : ''}: ${stripValues(cause.message)}`;
  }
  return stripValues(err.message);
}
