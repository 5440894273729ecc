import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../../infrastructure/audit';
import { HandshakeDataInvalid } from '../../domain/asset-handshake.errors';
import type { SubscriptionSyncData } from '../../domain/order-decision';
import { AbsPort } from '../../integration/abs.port';
import type { HandshakeFlow } from '../../persistence/flow.entity';
import { FlowRepository } from '../../persistence/flow.repository';
import { PlanRepository } from '../../persistence/plan.repository';
import type { FlowHandler, Precondition, StepResult } from '../flow-handler';
import { inputsDetail, syncAndMirror } from './entitlement.handler';

export interface AccessData extends SubscriptionSyncData {
  /** Why the state changed, as the hub read Odoo: decides the suspension reason ABS cannot tell us. */
  cause: 'renewed' | 'expired' | 'unpaid' | 'cancelled' | 'changed';
}

/**
 * Subscription active → swap access: every later change of Odoo's payment/subscription state
 * is synced to ABS (ABS "blocks service for overdue payments" from this data), and ABS's FSM
 * answer decides the access the hub records: granted, or suspended with a reason.
 */
@Injectable()
export class AccessHandler implements FlowHandler {
  readonly kind = 'access' as const;

  constructor(
    private readonly abs: AbsPort,
    private readonly plans: PlanRepository,
    private readonly flows: FlowRepository,
    private readonly audit: AuditService,
  ) {}

  firstStep(): string {
    return 'sync';
  }

  async precondition(flow: HandshakeFlow): Promise<Precondition> {
    const d = flow.data as AccessData;
    const entitlement = await this.flows.findBySubject('entitlement', 'sale.order', String(d.order_id));
    const plan = await this.plans.findByOrder(d.order_id);
    if (!plan || entitlement?.state !== 'confirmed') return { waitingFor: 'entitlement' };
    return { patch: { planId: plan.planId, assetRef: plan.assetRef, customerRef: plan.customerRef } };
  }

  async run(flow: HandshakeFlow, step: string): Promise<StepResult> {
    if (step !== 'sync' || !flow.planId) throw new HandshakeDataInvalid(`access flow cannot run step ${step}`, { flowId: flow.id });
    const d = flow.data as AccessData;
    const cause = d.cause === 'unpaid' ? 'unpaid' : d.cause === 'expired' ? 'expired' : undefined;
    const { result, apply } = await syncAndMirror({ abs: this.abs, plans: this.plans, audit: this.audit }, flow, step, d, cause);
    return {
      kind: 'done',
      detail: { signals: result.reply.signals, fsmInputs: inputsDetail(result.fsmInputs), attempt: result.reply.attempt, cause: d.cause },
      apply: async (em) => {
        const mirror = await apply(em);
        return mirror;
      },
      patch: { result: { cause: d.cause, payment_state: d.odoo_payment_state, subscription_state: d.odoo_subscription_state, fsm_inputs: inputsDetail(result.fsmInputs) } },
    };
  }

  async compensate(): Promise<StepResult> {
    return { kind: 'done', detail: { remote: false, note: 'access ends with the service plan cancellation' } };
  }
}
