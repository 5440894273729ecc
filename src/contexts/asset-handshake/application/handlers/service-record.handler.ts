import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../../infrastructure/audit';
import { AppConfig } from '../../../../infrastructure/config';
import { describeEvent, type AbsServiceEvent } from '../../domain/abs-event';
import { HandshakeDataInvalid } from '../../domain/asset-handshake.errors';
import type { OdooRecordRef } from '../../domain/commerce';
import { applyEvent } from '../../domain/plan-mirror';
import { OdooCommercePort } from '../../integration/odoo-commerce.port';
import type { HandshakeFlow } from '../../persistence/flow.entity';
import { PlanRepository } from '../../persistence/plan.repository';
import { UnitTypesService } from '../unit-types.service';
import { audited } from '../audited';
import type { FlowHandler, Precondition, StepResult } from '../flow-handler';
import { fromMirror, toMirror } from '../plan-mirror.mapper';

/** The steps an event needs, in order; each Odoo step is idempotent on the event's marker. */
export function serviceRecordSteps(action: AbsServiceEvent['action']): string[] {
  const steps = ['apply', 'odoo_note'];
  if (action === 'BATTERY_LOST' || action === 'QUOTA_EXHAUSTED') steps.push('odoo_activity');
  if (action === 'SWAP_COMPLETED') steps.push('odoo_usage');
  if (action === 'SERVICE_PAYMENT') steps.push('odoo_draft_order');
  return steps;
}

export function eventMarker(e: AbsServiceEvent): string {
  return `[abs-event:${e.eventId}]`;
}

/**
 * Asset event → Odoo service record (reference §2.4): the plan mirror first (battery possession,
 * usage, access), then the customer's order in Odoo: a chatter note, an activity when someone
 * must act (lost battery, exhausted quota), usage totals where the fields exist, and a draft
 * order for a paid service event (`client_order_ref` = the event, so a retry finds it).
 */
@Injectable()
export class ServiceRecordHandler implements FlowHandler {
  readonly kind = 'service_record' as const;

  constructor(
    private readonly odoo: OdooCommercePort,
    private readonly plans: PlanRepository,
    private readonly unitTypes: UnitTypesService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  firstStep(): string {
    return 'apply';
  }

  async precondition(flow: HandshakeFlow): Promise<Precondition> {
    const plan = flow.planId ? await this.plans.find(flow.planId) : null;
    if (!plan) return { waitingFor: 'plan' };
    return { patch: { contractRef: plan.contractRef, customerRef: plan.customerRef, assetRef: flow.assetRef ?? plan.assetRef } };
  }

  private next(e: AbsServiceEvent, step: string): string | undefined {
    const steps = serviceRecordSteps(e.action);
    return steps[steps.indexOf(step) + 1];
  }

  private step(e: AbsServiceEvent, step: string, detail: Record<string, unknown>, extra: Partial<StepResult> = {}): StepResult {
    const next = this.next(e, step);
    return next ? { kind: 'continue', step: next, detail, ...extra } as StepResult : { kind: 'done', detail, ...extra } as StepResult;
  }

  async run(flow: HandshakeFlow, step: string): Promise<StepResult> {
    const e = flow.data as unknown as AbsServiceEvent;
    const plan = await this.plans.find(flow.planId!);
    if (!plan) throw new HandshakeDataInvalid('service record without its plan', { flowId: flow.id });
    const order: OdooRecordRef = { model: 'sale.order', id: plan.orderId };
    const op = (name: string) => ({ system: 'odoo' as const, operation: name, correlationId: flow.correlationId, details: { orderId: plan.orderId, eventId: e.eventId, action: e.action } });

    switch (step) {
      case 'apply':
        return this.step(e, step, {}, {
          apply: async (em) => {
            const locked = await this.plans.lock(plan.planId, em);
            if (!locked) return {};
            const change = applyEvent(toMirror(locked), e);
            await this.plans.update(plan.planId, fromMirror(change.next, change.accessChanged), em);
            return { access: change.next.access, accessReason: change.next.accessReason, currentAsset: change.next.currentAsset, staleForAsset: change.staleForAsset, swapsTotal: change.next.swapsTotal };
          },
        });
      case 'odoo_note': {
        const body = `${describeEvent(e)} ABS plan ${plan.planId}, ${new Date(e.occurredAt).toISOString()}. ${eventMarker(e)}`;
        const r = await audited(this.audit, op('post_note'), () => this.odoo.postNote(order, body, eventMarker(e)), (x) => ({ outcome: x }));
        return this.step(e, step, { note: r });
      }
      case 'odoo_activity': {
        const summary = e.action === 'BATTERY_LOST' ? `Battery ${e.assetRef ?? ''} reported lost`.trim() : 'Swap quota exhausted: renewal required';
        const r = await audited(this.audit, op('schedule_activity'), () => this.odoo.scheduleActivity(order, { summary, note: describeEvent(e), marker: eventMarker(e) }), (x) => ({ outcome: x }));
        return this.step(e, step, { activity: r });
      }
      case 'odoo_usage': {
        // Absolute totals from the mirror: writing them again after a crash changes nothing.
        const fields = this.config.abs.usageFields;
        const totals: Record<string, number> = {};
        if (fields.swaps) totals[fields.swaps] = plan.swapsTotal;
        if (fields.energy_kwh) totals[fields.energy_kwh] = Number(plan.energyKwhTotal);
        const written = Object.keys(totals).length ? await audited(this.audit, op('write_usage'), () => this.odoo.writeUsageTotals(order, totals), (x) => ({ fields: x })) : [];
        return this.step(e, step, { usageFields: written });
      }
      case 'odoo_draft_order': {
        const rules = await this.unitTypes.rules();
        const rule = rules.find((r) => r.absServiceId && r.absServiceId === e.serviceId);
        const quantity = e.quotaIncrement && e.quotaIncrement > 0 ? e.quotaIncrement : 1;
        const amount = e.amount ?? 0;
        const r = await audited(this.audit, op('ensure_draft_order'), () => this.odoo.ensureDraftServiceOrder({
          clientOrderRef: `abs:${e.eventId}`,
          partnerId: plan.partnerId,
          origin: plan.contractRef,
          note: `${describeEvent(e)} ${eventMarker(e)}`,
          lines: [{
            defaultCode: rule?.matchField === 'default_code' ? rule.matchValue : null,
            name: `${e.serviceId ?? 'ABS service'} top-up (${quantity})`,
            quantity, priceUnit: Math.round((amount / quantity) * 100) / 100,
          }],
        }), (x) => ({ orderId: x.id, created: x.created }));
        return this.step(e, step, { draftOrderId: r.id, draftOrder: r.name, created: r.created }, { patch: { result: { draft_order_id: r.id, draft_order: r.name } } });
      }
      default:
        throw new HandshakeDataInvalid(`service record has no step ${step}`);
    }
  }

  /** An Odoo record of something that happened is not undone; the flow just closes. */
  async compensate(): Promise<StepResult> {
    return { kind: 'done', detail: { remote: false } };
  }
}
