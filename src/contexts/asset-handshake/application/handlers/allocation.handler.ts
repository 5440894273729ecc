import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../../infrastructure/audit';
import { AppConfig } from '../../../../infrastructure/config';
import { HandshakeDataInvalid } from '../../domain/asset-handshake.errors';
import type { AllocationData } from '../../domain/order-decision';
import { applyReply } from '../../domain/plan-mirror';
import { INITIAL_MIRROR, decideAccess } from '../../domain/payment-cycle';
import { AbsPort } from '../../integration/abs.port';
import { proposePlanId } from '../../integration/abs-topics';
import type { HandshakeFlow } from '../../persistence/flow.entity';
import { FlowRepository } from '../../persistence/flow.repository';
import { PlanRepository } from '../../persistence/plan.repository';
import { audited } from '../audited';
import { FlowScheduler } from '../flow-scheduler';
import { stepCorrelationId, type FlowHandler, type Precondition, type StepResult } from '../flow-handler';
import { fromMirror, toMirror } from '../plan-mirror.mapper';

/** Order → asset allocation: the confirmed bundle order becomes an ABS ServicePlan bound to its serial. */
@Injectable()
export class AllocationHandler implements FlowHandler {
  readonly kind = 'allocation' as const;

  constructor(
    private readonly abs: AbsPort,
    private readonly plans: PlanRepository,
    private readonly flows: FlowRepository,
    private readonly scheduler: FlowScheduler,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  firstStep(): string {
    return 'create_plan';
  }

  async precondition(flow: HandshakeFlow): Promise<Precondition> {
    const d = flow.data as AllocationData;
    if (d.asset_ref) return {};
    if (!d.origin_contract_ref) return { waitingFor: 'serial' };
    // A service-only order binds to its original bundle order's serial once the hub knows it.
    const original = await this.flows.findAllocationByContract(d.origin_contract_ref);
    const assetRef = original?.state === 'confirmed' ? original.assetRef : null;
    if (!assetRef) return { waitingFor: 'original_order' };
    return { patch: { assetRef, data: { ...d, asset_ref: assetRef, asset_source: 'original_order' } } };
  }

  async run(flow: HandshakeFlow, step: string): Promise<StepResult> {
    if (step !== 'create_plan') throw new HandshakeDataInvalid(`allocation has no step ${step}`);
    const d = flow.data as AllocationData;
    if (!d.asset_ref) throw new HandshakeDataInvalid('allocation without asset_ref reached ABS', { flowId: flow.id });
    const proposed = flow.planId ?? proposePlanId(this.config.abs.planIdPrefix, d.contract_ref);
    const created = await audited(this.audit, {
      system: 'abs', operation: 'create_plan', correlationId: flow.correlationId,
      details: { contractRef: d.contract_ref, assetRef: d.asset_ref, templateId: d.template_id, transport: this.abs.transport },
    }, () => this.abs.createServicePlan({ correlationId: stepCorrelationId(flow, step), proposedPlanId: proposed, data: d }), (r) => ({ planId: r.planId, signals: r.reply.signals }));
    const planId = created.planId;
    return {
      kind: 'done',
      patch: { planId, result: { plan_id: planId, template_id: created.templateId ?? d.template_id, signals: created.reply.signals, attempt: created.reply.attempt } },
      detail: { planId, signals: created.reply.signals, attempt: created.reply.attempt, replyCorrelationId: created.reply.replyCorrelationId, durationMs: created.reply.durationMs },
      apply: async (em) => {
        await this.plans.upsert({
          planId, allocationFlowId: flow.id, orderId: d.order_id, partnerId: d.partner_id, contractRef: d.contract_ref,
          contractLineRef: d.contract_line_ref, assetRef: d.asset_ref, customerRef: d.customer_ref, templateId: created.templateId ?? d.template_id,
          endDate: d.end_date, status: 'active',
        }, em);
        if (created.fsmInputs.length) {
          const plan = await this.plans.lock(planId, em);
          if (plan) {
            const change = applyReply(toMirror(plan), created.fsmInputs, created.reply.metadata.plan_state);
            await this.plans.update(planId, fromMirror(change.next, change.accessChanged), em);
          }
        }
      },
      after: async () => {
        for (const id of await this.flows.wake('allocation', { contractRef: d.contract_ref })) await this.scheduler.advance(id);
        for (const id of await this.flows.wake('plan', { planId })) await this.scheduler.advance(id);
        // Service-only orders of this bundle can bind to its serial now.
        for (const id of await this.flows.wake('original_order', { originContractRef: d.contract_ref })) await this.scheduler.advance(id);
      },
    };
  }

  async compensate(flow: HandshakeFlow): Promise<StepResult> {
    const d = flow.data as AllocationData;
    const planId = flow.planId ?? proposePlanId(this.config.abs.planIdPrefix, d.contract_ref);
    const reason = typeof flow.result?.compensation_reason === 'string' ? flow.result.compensation_reason : 'order cancelled in Odoo';
    const r = await audited(this.audit, {
      system: 'abs', operation: 'cancel_plan', correlationId: flow.correlationId, details: { planId, contractRef: d.contract_ref },
    }, () => this.abs.cancelServicePlan({ correlationId: stepCorrelationId(flow, 'cancel'), planId, contractRef: d.contract_ref, reason }), (x) => ({ alreadyAbsent: x.alreadyAbsent }));
    return {
      kind: 'done',
      detail: { remote: true, planId, alreadyAbsent: r.alreadyAbsent, signals: r.reply.signals },
      apply: async (em) => {
        const plan = await this.plans.lock(planId, em);
        if (!plan) return;
        const cancelled = { ...toMirror(plan), serviceCancelled: true };
        const decided = decideAccess({ ...INITIAL_MIRROR, ...cancelled });
        await this.plans.update(planId, { ...fromMirror({ ...cancelled, access: decided.access, accessReason: decided.reason }, true), status: 'cancelled', currentAsset: null }, em);
      },
    };
  }
}
