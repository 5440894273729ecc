import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../infrastructure/config';
import { AppError, isTransient } from '../../../infrastructure/errors';
import { assertTransition, isOpen, type FlowKind, type FlowState } from '../domain/flow-state';
import type { HandshakeFlow } from '../persistence/flow.entity';
import { FlowRepository, FlowVersionConflict, type FlowPatch, type TimelineEntry } from '../persistence/flow.repository';
import { flowFailures, flowLatency, flowRetries, flowTransitions } from './asset-handshake.metrics';
import type { FlowHandler, StepResult } from './flow-handler';
import { FlowScheduler } from './flow-scheduler';

export type AdvanceOutcome = 'confirmed' | 'compensated' | 'waiting' | 'retrying' | 'failed' | 'idle' | 'busy' | 'missing' | 'conflict';

/** Exponential backoff with ±20 % jitter, capped. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + random() * 0.4));
}

/**
 * Runs flows: takes a lease (one worker per flow; a dead worker's lease runs out), checks the
 * precondition, moves requested → sent, runs the handler's steps until confirmed, and records
 * every transition, message and retry on the timeline. Transient failures are retried with
 * backoff up to ABS_FLOW_MAX_ATTEMPTS per generation, then the flow fails and waits for an
 * operator; permanent failures fail at once. Compensation runs when the intent says so.
 */
@Injectable()
export class FlowEngine {
  private readonly logger = new Logger(FlowEngine.name);
  private readonly handlers = new Map<FlowKind, FlowHandler>();

  constructor(private readonly flows: FlowRepository, private readonly scheduler: FlowScheduler, private readonly config: AppConfig) {}

  register(handler: FlowHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  /** Long enough for every step's requests with their re-publishes (up to three steps); a worker that dies frees the flow after this. */
  private get leaseMs(): number {
    const a = this.config.abs;
    return (a.replyTimeoutMs * (a.requestRetries + 1) + a.retryBackoffMs * 2 ** (a.requestRetries + 1)) * 3 + 5_000;
  }

  async advance(flowId: string): Promise<AdvanceOutcome> {
    const owner = randomUUID();
    const claimed = await this.flows.claim(flowId, owner, this.leaseMs);
    if (!claimed) return (await this.flows.find(flowId)) ? 'busy' : 'missing';
    let flow = claimed;
    try {
      return await this.drive(flow, owner, (f) => { flow = f; });
    } catch (err) {
      return await this.onError(flow, err);
    } finally {
      await this.flows.release(flowId, owner).catch(() => undefined);
    }
  }

  private handler(kind: FlowKind): FlowHandler {
    const h = this.handlers.get(kind);
    if (!h) throw new Error(`no handler registered for ${kind} flows`);
    return h;
  }

  private async drive(start: HandshakeFlow, owner: string, track: (f: HandshakeFlow) => void): Promise<AdvanceOutcome> {
    let flow = start;
    const set = (f: HandshakeFlow) => { flow = f; track(f); };
    const handler = this.handler(flow.kind);
    for (let guard = 0; guard < 20; guard++) {
      // Each further step gets a fresh lease, so a long multi-step flow is never taken over mid-run.
      if (guard > 0 && !(await this.flows.claim(flow.id, owner, this.leaseMs))) return 'busy';
      if (flow.intent === 'compensate') return this.compensate(flow, handler, set);
      if (!isOpen(flow.state)) return 'idle';
      if (flow.state === 'requested') {
        const pre = await handler.precondition(flow);
        if (pre.waitingFor) {
          if (flow.waitingFor !== pre.waitingFor || pre.patch) {
            set(await this.flows.update(flow, { ...pre.patch, waitingFor: pre.waitingFor, nextAttemptAt: null }, { event: 'waiting', detail: { waitingFor: pre.waitingFor } }));
          }
          return 'waiting';
        }
        const step = handler.firstStep(flow);
        set(await this.transition(flow, 'sent', { ...pre.patch, waitingFor: null, step, sentAt: new Date() }, { event: 'sent', step }));
      }
      const step = flow.step ?? handler.firstStep(flow);
      const result = await handler.run(flow, step);
      if (result.kind === 'continue') {
        set(await this.flows.transaction(async (em) => {
          const extra = await result.apply?.(em);
          return this.flows.update(flow, { ...result.patch, step: result.step, attempts: 0, lastError: null, errorCode: null, nextAttemptAt: null }, {
            event: 'step-done', step, detail: { ...result.detail, ...(extra ?? {}) },
          }, em);
        }));
        await this.runAfter(flow, result);
        continue;
      }
      set(await this.transition(flow, 'confirmed', {
        ...result.patch, confirmedAt: new Date(), lastError: null, errorCode: null, nextAttemptAt: null, stuckSince: null,
      }, { event: 'confirmed', step, detail: result.detail }, result));
      flowLatency.observe({ kind: flow.kind, outcome: 'confirmed' }, (Date.now() - flow.requestedAt.getTime()) / 1000);
      await this.runAfter(flow, result);
      return 'confirmed';
    }
    throw new Error(`flow ${flow.id} did not settle after 20 steps`);
  }

  private async compensate(flow: HandshakeFlow, handler: FlowHandler, set: (f: HandshakeFlow) => void): Promise<AdvanceOutcome> {
    if (flow.state === 'compensated') return 'idle';
    // Nothing ever left the hub: undoing is purely local.
    const result: StepResult = flow.state === 'requested' && !flow.sentAt
      ? { kind: 'done', detail: { remote: false } }
      : await handler.compensate(flow);
    set(await this.transition(flow, 'compensated', {
      ...result.patch, compensatedAt: new Date(), lastError: null, errorCode: null, nextAttemptAt: null, stuckSince: null, waitingFor: null,
    }, { event: 'compensated', step: 'compensate', detail: result.detail }, result));
    flowLatency.observe({ kind: flow.kind, outcome: 'compensated' }, (Date.now() - flow.requestedAt.getTime()) / 1000);
    await this.runAfter(flow, result);
    return 'compensated';
  }

  private async runAfter(flow: HandshakeFlow, result: StepResult): Promise<void> {
    if (!result.after) return;
    await result.after().catch((err: unknown) => this.logger.warn({ flowId: flow.id, err: String(err) }, 'post-step hook failed'));
  }

  private async transition(flow: HandshakeFlow, to: FlowState, patch: FlowPatch, entry: TimelineEntry, effects?: Pick<StepResult, 'apply'>): Promise<HandshakeFlow> {
    assertTransition(flow.state, to);
    const next = await this.flows.transaction(async (em) => {
      const extra = await effects?.apply?.(em);
      return this.flows.update(flow, { ...patch, state: to }, { ...entry, toState: to, detail: { ...entry.detail, ...(extra ?? {}) } }, em);
    });
    flowTransitions.inc({ kind: flow.kind, to });
    return next;
  }

  private async onError(flow: HandshakeFlow, err: unknown): Promise<AdvanceOutcome> {
    if (err instanceof FlowVersionConflict) {
      // Someone changed the flow meanwhile (e.g. asked for compensation): run again on the fresh row.
      await this.scheduler.advance(flow.id, { key: `${flow.id}:conflict:${Date.now()}` });
      return 'conflict';
    }
    const fresh = (await this.flows.find(flow.id)) ?? flow;
    const code = err instanceof AppError ? err.code : 'ASSET.UNEXPECTED';
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    const attempt = fresh.attempts + 1;
    if (!(err instanceof AppError)) this.logger.error({ flowId: flow.id, err }, 'unexpected error in a flow step');
    if (isTransient(err) && attempt < this.config.abs.flowMaxAttempts) {
      const delayMs = retryDelay(attempt, this.config.abs.flowRetryBaseMs, this.config.abs.flowRetryMaxMs);
      await this.flows.update(fresh, { attempts: attempt, nextAttemptAt: new Date(Date.now() + delayMs), lastError: message, errorCode: code }, {
        event: 'retry-scheduled', error: message, detail: { attempt, delayMs, code },
      });
      flowRetries.inc({ kind: fresh.kind, code });
      await this.scheduler.advance(fresh.id, { delayMs, key: `${fresh.id}:g${fresh.generation}:a${attempt}` });
      return 'retrying';
    }
    flowFailures.inc({ kind: fresh.kind, code });
    if (fresh.intent === 'compensate' || !isOpen(fresh.state)) {
      // A compensation that cannot complete keeps the flow's state, with the error, for an operator.
      await this.flows.update(fresh, { attempts: attempt, lastError: message, errorCode: code, nextAttemptAt: null, stuckSince: new Date() }, {
        event: 'compensation-failed', error: message, detail: { code, attempt },
      });
      return 'failed';
    }
    await this.transition(fresh, 'failed', { attempts: attempt, failedAt: new Date(), lastError: message, errorCode: code, nextAttemptAt: null }, {
      event: 'failed', error: message, detail: { code, attempt, permanent: !isTransient(err) },
    });
    return 'failed';
  }
}
