import { AppError, BusinessRuleViolation, Conflict, NotFound, UpstreamRejected, UpstreamUnavailable } from '../../../infrastructure/errors';

export class InvalidFlowTransition extends Conflict {
  constructor(from: string, to: string) {
    super(`A flow cannot go from ${from} to ${to}`, 'ASSET.INVALID_TRANSITION', { from, to });
  }
}

export class FlowNotFound extends NotFound {
  constructor(id: string) {
    super(`Flow ${id} not found`, 'ASSET.FLOW_NOT_FOUND', { id });
  }
}

export class PlanNotFound extends NotFound {
  constructor(planId: string) {
    super(`Service plan ${planId} not found`, 'ASSET.PLAN_NOT_FOUND', { planId });
  }
}

export class UnitTypeRuleNotFound extends NotFound {
  constructor(id: string) {
    super(`Product-unit rule ${id} not found`, 'ASSET.UNIT_TYPE_RULE_NOT_FOUND', { id });
  }
}

/** The order or event cannot be turned into a handshake as it stands (an operator must fix the data). */
export class HandshakeDataInvalid extends BusinessRuleViolation {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ASSET.DATA_INVALID', message, details);
  }
}

/** ABS did not answer in time (after the in-call retries). Transient: the flow retries with backoff. */
export class AbsTimeout extends UpstreamUnavailable {
  constructor(operation: string, correlationId: string, waitedMs: number) {
    super('abs', `ABS did not answer ${operation} (${correlationId}) within ${waitedMs} ms`, 30, undefined, 'ABS.TIMEOUT');
  }
}

/** ABS answered with an error signal, or with a reply we cannot use. Permanent unless ABS marked it retryable. */
export class AbsRejected extends UpstreamRejected {
  constructor(operation: string, message: string, readonly signals: string[], readonly retryable = false, details?: Record<string, unknown>) {
    super('abs', `ABS rejected ${operation}: ${message}`, { operation, signals, ...details }, undefined, 'ABS.REJECTED');
  }
  override get transient(): boolean {
    return this.retryable;
  }
}

export function isAbsNotFound(err: unknown): boolean {
  return err instanceof AbsRejected && err.signals.some((s) => /NOT_FOUND$/.test(s));
}

export { AppError };
