/**
 * An error as logs may show it. A failed query's error carries its parameters (search text, event
 * titles, source config, post text) in its message, its `params` and, from Postgres, a `detail`
 * such as "Failing row contains (…)". None of that may reach a log: this keeps the kind of error,
 * the SQL text without values, the SQLSTATE code and the stack, and drops the rest.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SafeError;
}

/** Removes the values a database error message may quote; keeps what kind of error it was. */
export const stripValues = (text: string) =>
  text
    .replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [not logged]')
    .replace(/Failing row contains \([\s\S]*?\)\.?/g, 'Failing row contains [not logged]')
    .replace(/Key \([^)]*\)=\([\s\S]*?\)/g, 'Key [not logged]')
    // "invalid input syntax for type uuid: "…"", "invalid input value for enum kind: "…"" and the like.
    .replace(/(invalid input (?:syntax|value) for [^:\n]*): "(?:[^"]|"")*"/g, '$1: [not logged]');
const strip = stripValues;

export function safeErrorForLog(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: '[a non-error value was thrown]' };
  const code = (err as { code?: unknown }).code;
  const out: SafeError = {
    type: err.constructor?.name ?? 'Error',
    message: strip(err.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.stack ? { stack: strip(err.stack) } : {}),
  };
  if (err.cause !== undefined && depth < 3) out.cause = safeErrorForLog(err.cause, depth + 1);
  return out;
}
