import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../../../infrastructure/audit';
import type { JsonObject } from '../../../../infrastructure/database';
import { HandshakeDataInvalid } from '../../domain/asset-handshake.errors';
import type { SubscriptionSyncData } from '../../domain/order-decision';
import { applyReply } from '../../domain/plan-mirror';
import type { FsmInput } from '../../domain/payment-cycle';
import { AbsPort, type SyncResult } from '../../integration/abs.port';
import type { HandshakeFlow } from '../../persistence/flow.entity';
import { FlowRepository } from '../../persistence/flow.repository';
import { PlanRepository } from '../../persistence/plan.repository';
import { audited } from '../audited';
import { FlowScheduler } from '../flow-scheduler';
import { stepCorrelationId, type FlowHandler, type Precondition, type StepResult } from '../flow-handler';
import { fromMirror, toMirror } from '../plan-mirror.mapper';

/** Sends one Phase 0 sync and applies ABS's answer to the plan mirror (shared by entitlement and access). */
export async function syncAndMirror(
  deps: { abs: AbsPort; plans: PlanRepository; audit: AuditService },
  flow: HandshakeFlow, step: string, data: SubscriptionSyncData, cause?: 'expired' | 'unpaid',
): Promise<{ result: SyncResult; apply: (em: EntityManager) => Promise<JsonObject> }> {
  const planId = flow.planId!;
  const result = await audited(deps.audit, {
    system: 'abs', operation: 'sync_subscription', correlationId: flow.correlationId,
    details: { planId, paymentState: data.odoo_payment_state, subscriptionState: data.odoo_subscription_state, transport: deps.abs.transport },
  }, () => deps.abs.syncSubscription({ correlationId: stepCorrelationId(flow, step), planId, data }), (r) => ({ signals: r.reply.signals, inputs: r.fsmInputs.map((i) => i.input) }));
  const apply = async (em: EntityManager): Promise<JsonObject> => {
    const plan = await deps.plans.lock(planId, em);
    if (!plan) return {};
    const change = applyReply(toMirror(plan), result.fsmInputs, result.reply.metadata.plan_state, cause);
    await deps.plans.update(planId, {
      ...fromMirror(change.next, change.accessChanged),
      lastSync: { payment_state: data.odoo_payment_state, subscription_state: data.odoo_subscription_state, at: result.lastSyncAt ?? new Date().toISOString(), flow_id: flow.id },
    }, em);
    return { access: change.next.access, accessReason: change.next.accessReason, paymentCycleState: change.next.paymentState };
  };
  return { result, apply };
}

export function inputsDetail(inputs: FsmInput[]): string[] {
  return inputs.map((i) => `${i.cycle}:${i.input}`);
}

/** Deposit → entitlement: Phase 0 subscription sync, then the quota initialisation (reference §2.2). */
@Injectable()
export class EntitlementHandler implements FlowHandler {
  readonly kind = 'entitlement' as const;

  constructor(
    private readonly abs: AbsPort,
    private readonly plans: PlanRepository,
    private readonly flows: FlowRepository,
    private readonly scheduler: FlowScheduler,
    private readonly audit: AuditService,
  ) {}

  firstStep(): string {
    return 'sync';
  }

  async precondition(flow: HandshakeFlow): Promise<Precondition> {
    const d = flow.data as SubscriptionSyncData;
    const plan = await this.plans.findByOrder(d.order_id);
    if (!plan || plan.status !== 'active') return { waitingFor: 'allocation' };
    return { patch: { planId: plan.planId, assetRef: plan.assetRef, customerRef: plan.customerRef } };
  }

  async run(flow: HandshakeFlow, step: string): Promise<StepResult> {
    if (!flow.planId) throw new HandshakeDataInvalid('entitlement without a plan', { flowId: flow.id });
    if (step === 'sync') {
      const { result, apply } = await syncAndMirror({ abs: this.abs, plans: this.plans, audit: this.audit }, flow, step, flow.data as SubscriptionSyncData);
      return {
        kind: 'continue', step: 'initialize',
        detail: { signals: result.reply.signals, fsmInputs: inputsDetail(result.fsmInputs), attempt: result.reply.attempt },
        apply,
      };
    }
    if (step !== 'initialize') throw new HandshakeDataInvalid(`entitlement has no step ${step}`);
    const planId = flow.planId;
    const r = await audited(this.audit, { system: 'abs', operation: 'initialize_states', correlationId: flow.correlationId, details: { planId } },
      () => this.abs.initializeServiceStates({ correlationId: stepCorrelationId(flow, step), planId }), (x) => ({ services: x.serviceStates.length }));
    return {
      kind: 'done',
      patch: { result: { plan_id: planId, service_states: r.serviceStates as unknown as JsonObject[] } as JsonObject },
      detail: { signals: r.reply.signals, services: r.serviceStates.map((s) => `${s.service_id}=${s.quota}`), attempt: r.reply.attempt },
      apply: async (em) => { await this.plans.update(planId, { serviceStates: r.serviceStates as unknown as JsonObject[] }, em); },
      after: async () => {
        // Access waits for the entitlement; and the state may have moved on while we synced.
        for (const id of await this.flows.wake('entitlement', { contractRef: flow.contractRef ?? undefined })) await this.scheduler.advance(id);
        await this.scheduler.reconcileOrders([(flow.data as SubscriptionSyncData).order_id], { key: `after-entitlement:${flow.id}:${flow.generation}` });
      },
    };
  }

  /** The plan's cancellation in ABS (allocation compensation) revokes the entitlement with it. */
  async compensate(): Promise<StepResult> {
    return { kind: 'done', detail: { remote: false, note: 'revoked with the service plan cancellation' } };
  }
}
