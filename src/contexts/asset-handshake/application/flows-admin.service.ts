import { Injectable } from '@nestjs/common';
import { Conflict } from '../../../infrastructure/errors';
import { AuditService } from '../../../infrastructure/audit';
import { FlowNotFound, PlanNotFound } from '../domain/asset-handshake.errors';
import type { HandshakeFlowEvent } from '../persistence/flow-event.entity';
import type { HandshakeFlow } from '../persistence/flow.entity';
import { FlowRepository, type FlowListFilter } from '../persistence/flow.repository';
import type { HandshakePlan } from '../persistence/plan.entity';
import { PlanRepository } from '../persistence/plan.repository';
import { FlowMutations } from './flow-mutations';
import { FlowScheduler } from './flow-scheduler';

/** What operators do with flows: look, retry, compensate, force a re-read of an order. */
@Injectable()
export class FlowsAdminService {
  constructor(
    private readonly flows: FlowRepository,
    private readonly plans: PlanRepository,
    private readonly mutations: FlowMutations,
    private readonly scheduler: FlowScheduler,
    private readonly audit: AuditService,
  ) {}

  list(filter: FlowListFilter): Promise<[HandshakeFlow[], number]> {
    return this.flows.list(filter);
  }

  stuck(limit: number, offset: number): Promise<[HandshakeFlow[], number]> {
    return this.flows.listStuck(limit, offset);
  }

  async get(id: string): Promise<{ flow: HandshakeFlow; timeline: HandshakeFlowEvent[] }> {
    const flow = await this.flows.find(id);
    if (!flow) throw new FlowNotFound(id);
    return { flow, timeline: await this.flows.timeline(id) };
  }

  /**
   * A failed flow starts a new generation; an open one (retrying, waiting, stuck) is re-driven now
   * with a fresh attempt budget; a stalled compensation is tried again.
   */
  async retry(id: string, by: string): Promise<HandshakeFlow> {
    const flow = await this.flows.find(id);
    if (!flow) throw new FlowNotFound(id);
    let next: HandshakeFlow;
    if (flow.state === 'failed' && flow.intent === 'apply') {
      next = await this.mutations.reopen(flow, { data: flow.data }, 'operator-retry', { by });
    } else if (flow.state === 'requested' || flow.state === 'sent' || (flow.intent === 'compensate' && flow.state !== 'compensated')) {
      next = await this.mutations.patch(flow, { attempts: 0, nextAttemptAt: new Date(), stuckSince: null, lastError: null, errorCode: null, waitingFor: null }, 'operator-retry', { by });
    } else {
      throw new Conflict(`A ${flow.state} flow has nothing to retry`, 'ASSET.NOTHING_TO_RETRY', { state: flow.state });
    }
    this.audit.record({ system: 'hub', direction: 'inbound', operation: 'asset-flow:retry', status: 'ok', correlationId: next.correlationId, details: { flowId: id, by } });
    await this.scheduler.advance(id, { key: `${id}:operator:${next.version}` });
    return next;
  }

  /** Undo what the flow did in ABS (e.g. release the allocation of a cancelled order). */
  async compensate(id: string, by: string, reason?: string): Promise<HandshakeFlow> {
    const flow = await this.flows.find(id);
    if (!flow) throw new FlowNotFound(id);
    if (flow.state === 'compensated') throw new Conflict('The flow is compensated already', 'ASSET.ALREADY_COMPENSATED');
    const next = await this.mutations.patch(flow, (f) => ({
      intent: 'compensate', nextAttemptAt: new Date(), waitingFor: null, attempts: 0, lastError: null, errorCode: null, stuckSince: null,
      result: { ...(f.result ?? {}), compensation_reason: reason ?? `requested by ${by}` },
    }), 'compensation-requested', { by, reason: reason ?? null });
    this.audit.record({ system: 'hub', direction: 'inbound', operation: 'asset-flow:compensate', status: 'ok', correlationId: next.correlationId, details: { flowId: id, by } });
    await this.scheduler.advance(id, { key: `${id}:operator:${next.version}` });
    return next;
  }

  async syncOrder(orderId: number): Promise<void> {
    await this.scheduler.reconcileOrders([orderId], { key: `operator:${orderId}:${Date.now()}` });
  }

  async plan(planId: string): Promise<HandshakePlan> {
    const plan = await this.plans.find(planId);
    if (!plan) throw new PlanNotFound(planId);
    return plan;
  }
}
