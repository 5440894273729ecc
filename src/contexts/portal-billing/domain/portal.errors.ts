import { AppError, BusinessRuleViolation, Conflict, NotFound, UpstreamUnavailable } from '../../../infrastructure/errors';

/** The account has no Odoo partner yet: every portal route answers this until it links. */
export class PortalNotLinked extends Conflict {
  constructor() {
    super(
      'Your portal account is not linked to a customer record yet. Link it first with POST /api/odoo/link-customer (your customer reference or an invoice number).',
      'PORTAL.NOT_LINKED',
      { link_endpoint: '/api/odoo/link-customer' },
    );
  }
}

/**
 * The same answer for "no customer with this email", "wrong reference" and "wrong invoice
 * number", so the endpoint never tells whether an email exists in Odoo.
 */
export class PortalLinkNotVerified extends BusinessRuleViolation {
  constructor(remainingAttempts: number) {
    super(
      'PORTAL.LINK_NOT_VERIFIED',
      'We could not match these details to a customer record for your account. Check your customer reference or invoice number, or contact support.',
      { remaining_attempts: remainingAttempts },
    );
  }
}

export class PortalLinkRateLimited extends AppError {
  constructor(retryAfterSeconds: number) {
    super('PORTAL.LINK_RATE_LIMITED', 'Too many failed link attempts. Try again later or contact support.', 'rate_limited',
      { retry_after_seconds: retryAfterSeconds }, { retryAfterSeconds });
  }
}

export class PortalAlreadyLinked extends Conflict {
  constructor(message: string) {
    super(message, 'PORTAL.ALREADY_LINKED');
  }
}

export class PortalInvoiceNotFound extends NotFound {
  constructor() {
    // Another customer's invoice id gets exactly this answer: existence is never confirmed.
    super('Invoice not found', 'PORTAL.INVOICE_NOT_FOUND');
  }
}

export class PortalProofRejected extends BusinessRuleViolation {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

export class PortalFileRejected extends AppError {
  constructor(kind: 'unsupported_media' | 'payload_too_large' | 'validation', code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, kind, details);
  }
}

/** Odoo is needed live (a payment must be checked against the current invoice) but is down. */
export class PortalOdooRequired extends UpstreamUnavailable {
  constructor(what: string, retryAfterSeconds: number, cause?: unknown) {
    super('odoo', `${what} needs Odoo, which is unavailable right now. Nothing was recorded; please try again shortly.`, retryAfterSeconds, cause, 'PORTAL.ODOO_UNAVAILABLE');
  }
}

/** No live answer and no local copy to fall back on. */
export class PortalDataUnavailable extends UpstreamUnavailable {
  constructor(what: string, retryAfterSeconds: number, cause?: unknown) {
    super('odoo', `${what} cannot be loaded right now (Odoo is unavailable and no saved copy exists yet). Try again shortly.`, retryAfterSeconds, cause, 'PORTAL.DATA_UNAVAILABLE');
  }
}
