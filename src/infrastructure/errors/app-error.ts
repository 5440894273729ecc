/**
 * What kind of failure an error is; the global HTTP filter maps each kind to one status
 * (table in infrastructure/http/error-status.ts), and job processors use it to decide
 * whether a retry can help.
 */
export type ErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'payload_too_large' // 413
  | 'unsupported_media' // 415
  | 'business_rule' // 422
  | 'rate_limited' // 429
  | 'bad_gateway' // 502: the upstream answered, but with something we cannot use
  | 'unavailable' // 503: upstream down, breaker open, our own dependency down
  | 'internal'; // 500

/** Base of every domain and integration error. `code` is stable (e.g. `LOYALTY.INSUFFICIENT_POINTS`). */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds?: number;

  /** Transient failures may succeed when retried later; everything else is permanent. */
  get transient(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate_limited' || this.kind === 'internal';
  }
}

export class ValidationFailed extends AppError {
  constructor(message: string, details?: Record<string, unknown>, code = 'VALIDATION.FAILED') {
    super(code, message, 'validation', details);
  }
}
export class NotFound extends AppError {
  constructor(message: string, code = 'NOT_FOUND', details?: Record<string, unknown>) {
    super(code, message, 'not_found', details);
  }
}
export class Conflict extends AppError {
  constructor(message: string, code = 'CONFLICT', details?: Record<string, unknown>) {
    super(code, message, 'conflict', details);
  }
}
export class Forbidden extends AppError {
  constructor(message: string, code = 'AUTH.FORBIDDEN', details?: Record<string, unknown>) {
    super(code, message, 'forbidden', details);
  }
}
export class Unauthenticated extends AppError {
  constructor(message = 'Authentication required', code = 'AUTH.UNAUTHENTICATED') {
    super(code, message, 'unauthenticated');
  }
}
export class BusinessRuleViolation extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 'business_rule', details);
  }
}
export class UpstreamUnavailable extends AppError {
  constructor(system: string, message: string, retryAfterSeconds = 30, cause?: unknown, code?: string) {
    super(code ?? `${system.toUpperCase()}.UNAVAILABLE`, message, 'unavailable', { system }, { cause, retryAfterSeconds });
  }
}
export class UpstreamRejected extends AppError {
  constructor(system: string, message: string, details?: Record<string, unknown>, cause?: unknown, code?: string) {
    super(code ?? `${system.toUpperCase()}.BAD_GATEWAY`, message, 'bad_gateway', { system, ...details }, { cause });
  }
}

/**
 * Thrown (or wrapped) by a job handler when retrying cannot help; the queue layer discards the
 * job and dead-letters it at once instead of burning the remaining attempts.
 */
export class PermanentJobError extends AppError {
  constructor(message: string, cause?: unknown, details?: Record<string, unknown>) {
    super('JOB.PERMANENT_FAILURE', message, 'business_rule', details, { cause });
  }
}

/** True when a failure is worth retrying with backoff. Unknown errors count as transient. */
export function isTransient(err: unknown): boolean {
  if (err instanceof PermanentJobError) return false;
  if (err instanceof AppError) return err.transient;
  return true;
}
