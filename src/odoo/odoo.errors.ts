import { AppError, type ErrorKind } from '../infrastructure/errors';

/**
 * Everything Odoo can answer, as typed errors. They extend the shared AppError, so the global
 * HTTP filter maps them (table below) and job processors know whether a retry can help.
 *
 * | error                        | kind          | HTTP | why                                                        |
 * |------------------------------|---------------|------|------------------------------------------------------------|
 * | OdooAccessDenied             | bad_gateway   | 502  | the hub's own credentials were refused: not the caller's fault |
 * | OdooAccessError              | bad_gateway   | 502  | the integration user lacks a right: a configuration problem |
 * | OdooMissingRecord            | not_found     | 404  | the record is gone (deleted in Odoo)                       |
 * | OdooUserError / Validation   | business_rule | 422  | Odoo refused for a business reason; its message is for users |
 * | OdooBadRequest               | bad_gateway   | 502  | Odoo rejected the call's shape (our bug or a version gap)  |
 * | OdooServerError              | bad_gateway   | 502  | an unexpected exception inside Odoo (traceback logged only) |
 * | OdooProtocolError            | bad_gateway   | 502  | the answer was not what the protocol promises              |
 * | OdooUnavailable (+ Timeout, CircuitOpen, Overloaded) | unavailable | 503 + Retry-After | Odoo down, slow or saturated |
 *
 * The raw Odoo traceback, when there is one, sits in `debug` (never in `details`, never sent to a client).
 */
export interface OdooErrorInfo {
  odooName?: string;
  debug?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
  retryAfterSeconds?: number;
}

export abstract class OdooError extends AppError {
  /** Odoo's exception class name when known, e.g. `odoo.exceptions.ValidationError`. */
  readonly odooName?: string;
  /** Server traceback for the log; never rendered to clients. */
  readonly debug?: string;

  protected constructor(
    code: string, message: string, kind: ErrorKind,
    info: OdooErrorInfo = {},
  ) {
    super(code, message, kind, { system: 'odoo', ...info.details }, { cause: info.cause, retryAfterSeconds: info.retryAfterSeconds });
    this.odooName = info.odooName;
    this.debug = info.debug;
  }

  /** Short tag for metrics and audit rows. */
  abstract readonly outcome: OdooOutcome;
}

export type OdooOutcome =
  | 'ok' | 'access_denied' | 'access_error' | 'missing' | 'user_error' | 'validation_error' | 'bad_request'
  | 'server_error' | 'protocol_error' | 'unavailable' | 'timeout' | 'circuit_open' | 'overloaded' | 'session_expired';

type Info = OdooErrorInfo;

export class OdooAccessDenied extends OdooError {
  readonly outcome = 'access_denied' as const;
  constructor(message = 'Odoo refused the hub\'s credentials (check ODOO_USERNAME and ODOO_API_KEY / ODOO_PASSWORD)', info: Info = {}) {
    super('ODOO.ACCESS_DENIED', message, 'bad_gateway', info);
  }
}

export class OdooAccessError extends OdooError {
  readonly outcome = 'access_error' as const;
  constructor(message: string, info: Info = {}) {
    super('ODOO.ACCESS_ERROR', `Odoo denied the integration user access: ${message}`, 'bad_gateway', info);
  }
}

export class OdooMissingRecord extends OdooError {
  readonly outcome = 'missing' as const;
  constructor(message = 'The record does not exist or has been deleted in Odoo', info: Info = {}) {
    super('ODOO.MISSING_RECORD', message, 'not_found', info);
  }
}

/** Odoo refused for a business reason (UserError); the message is Odoo's own, meant for users. */
export class OdooUserError extends OdooError {
  readonly outcome: OdooOutcome = 'user_error';
  constructor(message: string, info: Info = {}, code = 'ODOO.USER_ERROR') {
    super(code, message, 'business_rule', info);
  }
}

/**
 * A constraint was violated. Over XML-RPC Odoo cannot tell it apart from a UserError (both fault
 * code 2), so code that must work on every transport catches OdooUserError, which this extends.
 */
export class OdooValidationError extends OdooUserError {
  override readonly outcome = 'validation_error' as const;
  constructor(message: string, info: Info = {}) {
    super(message, info, 'ODOO.VALIDATION_ERROR');
  }
}

/** Odoo rejected the call's shape: unknown method/field, wrong arguments, ids on an @api.model method. */
export class OdooBadRequest extends OdooError {
  readonly outcome = 'bad_request' as const;
  constructor(message: string, info: Info = {}) {
    super('ODOO.BAD_REQUEST', `Odoo rejected the request: ${message}`, 'bad_gateway', info);
  }
}

export class OdooServerError extends OdooError {
  readonly outcome = 'server_error' as const;
  /** The exception's one-line summary, for logs and audit rows. */
  readonly summary: string;
  constructor(summary: string, info: Info = {}) {
    super('ODOO.SERVER_ERROR', 'Odoo failed to process the request', 'bad_gateway', info);
    this.summary = summary;
  }
}

export class OdooProtocolError extends OdooError {
  readonly outcome = 'protocol_error' as const;
  constructor(message: string, info: Info = {}) {
    super('ODOO.PROTOCOL_ERROR', message, 'bad_gateway', info);
  }
}

/** The hub's Odoo settings cannot work (e.g. JSON-2 without an API key). */
export class OdooConfigurationError extends OdooError {
  readonly outcome = 'bad_request' as const;
  constructor(message: string) {
    super('ODOO.MISCONFIGURED', message, 'bad_gateway');
  }
}

/** Internal: the session or uid went stale; the client re-authenticates once and retries. */
export class OdooSessionExpired extends OdooError {
  readonly outcome = 'session_expired' as const;
  constructor(message = 'Odoo session expired', info: Info = {}) {
    super('ODOO.SESSION_EXPIRED', message, 'unavailable', { ...info, retryAfterSeconds: info.retryAfterSeconds ?? 5 });
  }
}

/**
 * Odoo cannot be used right now. `maybeProcessed` tells whether the request may have reached Odoo
 * (then a write is never retried: it may have committed).
 */
export class OdooUnavailable extends OdooError {
  readonly outcome: OdooOutcome = 'unavailable';
  readonly maybeProcessed: boolean;
  constructor(message: string, info: Info & { maybeProcessed?: boolean } = {}, code = 'ODOO.UNAVAILABLE') {
    super(code, message, 'unavailable', { ...info, retryAfterSeconds: info.retryAfterSeconds ?? 30 });
    this.maybeProcessed = info.maybeProcessed ?? true;
  }
}

export class OdooTimeout extends OdooUnavailable {
  override readonly outcome = 'timeout' as const;
  constructor(timeoutMs: number, info: Info = {}) {
    super(`Odoo did not answer within ${timeoutMs} ms`, { retryAfterSeconds: 30, ...info, maybeProcessed: true }, 'ODOO.TIMEOUT');
  }
}

export class OdooCircuitOpen extends OdooUnavailable {
  override readonly outcome = 'circuit_open' as const;
  constructor(retryAfterSeconds: number) {
    super('Odoo is unavailable (circuit breaker open); the hub will try again shortly', { retryAfterSeconds, maybeProcessed: false }, 'ODOO.CIRCUIT_OPEN');
  }
}

/** The hub's own queue of calls waiting for a free Odoo slot is full or waited too long. */
export class OdooOverloaded extends OdooUnavailable {
  override readonly outcome = 'overloaded' as const;
  constructor(message: string) {
    super(message, { retryAfterSeconds: 5, maybeProcessed: false }, 'ODOO.OVERLOADED');
  }
}

export function isOdooError(err: unknown): err is OdooError {
  return err instanceof OdooError;
}

/** The outcome tag of any error (unknown errors count as server errors). */
export function outcomeOf(err: unknown): OdooOutcome {
  return err instanceof OdooError ? err.outcome : 'server_error';
}
