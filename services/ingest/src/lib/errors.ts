/** Errors a connector throws, sorted by what the poller must do about them. */

/** The platform asked us to wait (429, or a spent rate-limit window): delay this source only. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** 5xx, timeouts and network failures: retry with exponential backoff. */
export class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

/** Bad credentials or configuration (401, 403, 404 on the endpoint): retrying cannot help. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** Credentials rejected (401/403): the source is stopped with this reason until someone fixes it. */
export class AuthError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}
