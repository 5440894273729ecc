import { Injectable } from '@nestjs/common';
import type { JsonObject } from '../../../infrastructure/database';
import type { HandshakeFlow } from '../persistence/flow.entity';
import { FlowRepository, FlowVersionConflict, newCorrelationId, type FlowPatch } from '../persistence/flow.repository';

/** Writes to flows from outside the engine (Odoo reconcile, operators), retried on version conflicts with the engine. */
@Injectable()
export class FlowMutations {
  constructor(private readonly flows: FlowRepository) {}

  patch(flow: HandshakeFlow, patch: FlowPatch | ((f: HandshakeFlow) => FlowPatch), event: string, detail: JsonObject = {}): Promise<HandshakeFlow> {
    return this.retrying(flow, (f) => this.flows.update(f, typeof patch === 'function' ? patch(f) : patch, { event, detail }));
  }

  /** A new generation: back to requested with a fresh correlation id (ABS must not take it for a repeat). */
  reopen(flow: HandshakeFlow, patch: FlowPatch, why: string, detail: JsonObject = {}): Promise<HandshakeFlow> {
    return this.retrying(flow, (f) => this.flows.update(f, {
      ...patch, state: 'requested', intent: patch.intent ?? 'apply', generation: f.generation + 1, correlationId: newCorrelationId(f.kind),
      step: null, attempts: 0, lastError: null, errorCode: null, requestedAt: new Date(), sentAt: null, confirmedAt: null, failedAt: null,
      compensatedAt: null, stuckSince: null, nextAttemptAt: new Date(), waitingFor: patch.waitingFor ?? null,
    }, { event: 'reopened', toState: 'requested', detail: { why, previousGeneration: f.generation, previousCorrelationId: f.correlationId, ...detail } }));
  }

  async retrying(flow: HandshakeFlow, write: (f: HandshakeFlow) => Promise<HandshakeFlow>): Promise<HandshakeFlow> {
    let current = flow;
    for (let i = 0; ; i++) {
      try {
        return await write(current);
      } catch (err) {
        if (!(err instanceof FlowVersionConflict) || i >= 4) throw err;
        current = (await this.flows.find(flow.id)) ?? current;
      }
    }
  }
}
