import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { AbsRejected } from '../domain/asset-handshake.errors';
import { buildEnvelope, classifyEcho, errorText, fsmInputsOf } from './abs-envelope';
import { AbsEmitEchoClient, type EchoReply } from './abs-emit-echo.client';
import { AbsTopics, type AbsOperation, type RouteOverrides } from './abs-topics';
import {
  AbsPort, parseServiceStates, type AbsReplyInfo, type AbsTransportStatus, type CancelCommand, type CancelResult, type CreatePlanCommand,
  type InitializeCommand, type PlanCreated, type ServiceStatesResult, type SyncCommand, type SyncResult,
} from './abs.port';

export function absTopicsFromConfig(config: AppConfig): AbsTopics {
  return new AbsTopics({ odooDomain: config.abs.odooDomain, overrides: config.abs.topicOverrides as RouteOverrides, eventFilters: config.abs.eventFilters });
}

/** ABS over the broker: each operation is one emit → echo exchange (reference §2, §3). */
@Injectable()
export class AbsMqttAdapter extends AbsPort {
  readonly transport = 'mqtt' as const;
  private readonly topics: AbsTopics;

  constructor(private readonly rpc: AbsEmitEchoClient, private readonly config: AppConfig) {
    super();
    this.topics = absTopicsFromConfig(config);
  }

  private async exchange(op: AbsOperation, planId: string, correlationId: string, data: Record<string, unknown>): Promise<EchoReply> {
    const route = this.topics.routes[op];
    const reply = await this.rpc.request({
      operation: op,
      topic: this.topics.emitTopic(op, planId),
      replyFilter: this.topics.replyFilter(op),
      envelope: buildEnvelope({ planId, correlationId, actorId: this.config.abs.actorId, action: route.action, data }),
    });
    const outcome = classifyEcho(reply.echo, route.successSignals);
    if (outcome !== 'success') {
      throw new AbsRejected(op, errorText(reply.echo), reply.echo.signals, outcome === 'retryable', { metadata: reply.echo.metadata });
    }
    return reply;
  }

  private info(r: EchoReply): AbsReplyInfo {
    return { signals: r.echo.signals, metadata: r.echo.metadata, attempt: r.attempt, durationMs: r.durationMs, replyCorrelationId: r.replyCorrelationId };
  }

  async createServicePlan(cmd: CreatePlanCommand): Promise<PlanCreated> {
    const d = cmd.data;
    const r = await this.exchange('create_plan', cmd.proposedPlanId, cmd.correlationId, {
      contract_ref: d.contract_ref, contract_line_ref: d.contract_line_ref, asset_ref: d.asset_ref, customer_ref: d.customer_ref,
      template_id: d.template_id, odoo_order_id: d.order_id, odoo_subscription_id: d.order_id, start_date: d.start_date, end_date: d.end_date,
      origin_contract_ref: d.origin_contract_ref, service_lines: d.service_lines, deposit_amount: d.deposit_amount, currency: d.currency,
    });
    const m = r.echo.metadata;
    return {
      planId: typeof m.plan_id === 'string' && m.plan_id ? m.plan_id : r.echo.plan_id ?? cmd.proposedPlanId,
      templateId: typeof m.template_id === 'string' ? m.template_id : null,
      fsmInputs: fsmInputsOf(r.echo),
      reply: this.info(r),
    };
  }

  async syncSubscription(cmd: SyncCommand): Promise<SyncResult> {
    const d = cmd.data;
    const r = await this.exchange('sync_subscription', cmd.planId, cmd.correlationId, {
      odoo_subscription_id: d.odoo_subscription_id, odoo_payment_state: d.odoo_payment_state,
      odoo_subscription_state: d.odoo_subscription_state, odoo_currency_id: d.odoo_currency_id, odoo_amount_total: d.odoo_amount_total,
    });
    const m = r.echo.metadata;
    return {
      fsmInputs: fsmInputsOf(r.echo),
      paymentState: typeof m.payment_state === 'string' ? m.payment_state : null,
      subscriptionState: typeof m.subscription_state === 'string' ? m.subscription_state : null,
      lastSyncAt: typeof m.odoo_last_sync_at === 'string' ? m.odoo_last_sync_at : null,
      reply: this.info(r),
    };
  }

  async initializeServiceStates(cmd: InitializeCommand): Promise<ServiceStatesResult> {
    const r = await this.exchange('initialize_states', cmd.planId, cmd.correlationId, {});
    return { serviceStates: parseServiceStates(r.echo.metadata.service_states), reply: this.info(r) };
  }

  async cancelServicePlan(cmd: CancelCommand): Promise<CancelResult> {
    try {
      const r = await this.exchange('cancel_plan', cmd.planId, cmd.correlationId, { contract_ref: cmd.contractRef, reason: cmd.reason });
      return { fsmInputs: fsmInputsOf(r.echo), alreadyAbsent: false, reply: this.info(r) };
    } catch (err) {
      // Releasing a plan ABS never created is already done.
      if (err instanceof AbsRejected && err.signals.some((s) => s.endsWith('NOT_FOUND'))) {
        return { fsmInputs: [], alreadyAbsent: true, reply: { signals: err.signals, metadata: {}, attempt: 1, durationMs: 0, replyCorrelationId: null } };
      }
      throw err;
    }
  }

  status(): AbsTransportStatus {
    return { transport: 'mqtt', ...this.rpc.status() };
  }
}
