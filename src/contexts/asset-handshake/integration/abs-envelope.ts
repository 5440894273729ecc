import type { FsmInput } from '../domain/payment-cycle';

/** The ABS service message envelope (reference §3.3). */
export interface AbsEnvelope {
  timestamp: string;
  plan_id: string;
  correlation_id: string;
  actor: { type: string; id: string };
  data: { action: string } & Record<string, unknown>;
}

const ACTION = /^[A-Z][A-Z0-9_]*$/;

/** "Validate envelopes before publishing" (ABS-MQINT): returns the problems, empty when valid. */
export function envelopeProblems(e: AbsEnvelope): string[] {
  const out: string[] = [];
  if (!e.timestamp || Number.isNaN(Date.parse(e.timestamp))) out.push('timestamp must be an ISO-8601 date');
  if (!e.plan_id) out.push('plan_id is required');
  if (!e.correlation_id) out.push('correlation_id is required');
  if (!e.actor?.type || !e.actor?.id) out.push('actor.type and actor.id are required');
  if (!e.data || !ACTION.test(e.data.action ?? '')) out.push('data.action must be UPPER_SNAKE');
  return out;
}

export function buildEnvelope(input: { planId: string; correlationId: string; actorId: string; action: string; data: Record<string, unknown>; now?: Date }): AbsEnvelope {
  return {
    timestamp: (input.now ?? new Date()).toISOString(),
    plan_id: input.planId,
    correlation_id: input.correlationId,
    actor: { type: 'system', id: input.actorId },
    data: { ...input.data, action: input.action },
  };
}

/** An echo: `{ signals, metadata }`, some echoes repeating the envelope fields (ABS-ATT). */
export interface EchoPayload {
  signals: string[];
  metadata: Record<string, unknown>;
  correlation_id?: string;
  plan_id?: string;
  timestamp?: string;
  actor?: { type?: string; id?: string };
}

export function parseEcho(raw: Buffer | string): EchoPayload | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw.toString());
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const signals = Array.isArray(o.signals) ? o.signals.filter((s): s is string => typeof s === 'string') : [];
  const metadata = o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? (o.metadata as Record<string, unknown>) : {};
  return {
    signals, metadata,
    correlation_id: typeof o.correlation_id === 'string' ? o.correlation_id : undefined,
    plan_id: typeof o.plan_id === 'string' ? o.plan_id : undefined,
    timestamp: typeof o.timestamp === 'string' ? o.timestamp : undefined,
    actor: o.actor && typeof o.actor === 'object' ? (o.actor as EchoPayload['actor']) : undefined,
  };
}

export type EchoOutcome = 'success' | 'rejected' | 'retryable';

const ERROR_SIGNAL = /(_FAILED|_FAILURE|_ERROR|_REJECTED|_DENIED|_NOT_FOUND|_INVALID)$/;
const RETRYABLE_SIGNAL = /(UNAVAILABLE|BUSY|TIMEOUT|RETRY|THROTTLED)/;

/**
 * Success = one of the operation's success signals and no error signal. A retryable-looking
 * error signal (agent busy, unavailable) is retried with backoff; any other error is permanent.
 * A reply with neither is treated as rejected: we never confirm on a reply we do not understand.
 */
export function classifyEcho(echo: EchoPayload, successSignals: readonly string[]): EchoOutcome {
  const errors = echo.signals.filter((s) => ERROR_SIGNAL.test(s) || RETRYABLE_SIGNAL.test(s));
  const hasError = errors.length > 0 || echo.metadata.error !== undefined;
  if (!hasError && echo.signals.some((s) => successSignals.includes(s))) return 'success';
  if (errors.some((s) => RETRYABLE_SIGNAL.test(s)) || echo.metadata.retryable === true) return 'retryable';
  return 'rejected';
}

export function errorText(echo: EchoPayload): string {
  const e = echo.metadata.error;
  const msg = typeof e === 'string' ? e : e && typeof e === 'object' ? String((e as Record<string, unknown>).message ?? JSON.stringify(e)) : '';
  return [echo.signals.join(','), msg].filter(Boolean).join(': ') || 'reply without a success signal';
}

export function fsmInputsOf(echo: EchoPayload): FsmInput[] {
  const raw = echo.metadata.fsm_inputs_generated;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((i) => {
    if (!i || typeof i !== 'object') return [];
    const { cycle, input } = i as Record<string, unknown>;
    return (cycle === 'payment_cycle' || cycle === 'service_cycle') && typeof input === 'string' ? [{ cycle, input }] : [];
  });
}

/**
 * Finds the pending request a reply belongs to: exact correlation id first, else the longest
 * pending id the reply's id starts with (ABS may append a suffix, e.g. `…re_abs_identify`).
 */
export function matchCorrelation(candidates: Array<string | undefined>, pending: { has(id: string): boolean; keys(): Iterable<string> }): string | undefined {
  for (const c of candidates) if (c && pending.has(c)) return c;
  let best: string | undefined;
  for (const c of candidates) {
    if (!c) continue;
    for (const id of pending.keys()) if (c.startsWith(id) && (!best || id.length > best.length)) best = id;
    if (best) return best;
  }
  return undefined;
}
