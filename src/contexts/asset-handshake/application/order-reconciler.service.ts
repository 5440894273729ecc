import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import type { JsonObject } from '../../../infrastructure/database';
import type { CommerceOrder } from '../domain/commerce';
import { isOpen, type FlowKind } from '../domain/flow-state';
import { OdooAbsMapping } from '../domain/odoo-abs-mapping';
import { decideOrder, type OrderDecision, type SubscriptionSyncData } from '../domain/order-decision';
import { OdooCommercePort } from '../integration/odoo-commerce.port';
import type { HandshakeFlow } from '../persistence/flow.entity';
import { FlowRepository, type FlowPatch } from '../persistence/flow.repository';
import { FlowMutations } from './flow-mutations';
import { PlanRepository } from '../persistence/plan.repository';
import { FlowScheduler } from './flow-scheduler';
import type { AccessData } from './handlers/access.handler';
import { UnitTypesService } from './unit-types.service';

export interface ReconcileSummary { orders: number; missing: number; touched: string[] }

/** Same JSON (key order aside)? Used to tell a real change of desired data from a re-read. */
function sameData(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, norm(x)]))
    : Array.isArray(v) ? v.map(norm) : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Odoo → flows. Level-triggered: whatever told us an order changed (automation-rule webhook,
 * write_date poll, an operator), we re-read the order, its serials and invoices through the API
 * and bring its flows to what they should be. Running it twice changes nothing.
 */
@Injectable()
export class OrderReconciler {
  private readonly logger = new Logger(OrderReconciler.name);
  private readonly mapping: OdooAbsMapping;

  constructor(
    private readonly odoo: OdooCommercePort,
    private readonly flows: FlowRepository,
    private readonly plans: PlanRepository,
    private readonly unitTypes: UnitTypesService,
    private readonly scheduler: FlowScheduler,
    private readonly mutations: FlowMutations,
    private readonly config: AppConfig,
  ) {
    this.mapping = new OdooAbsMapping({ payment: config.abs.paymentStateMap, subscription: config.abs.subscriptionStateMap });
  }

  async reconcile(orderIds: number[]): Promise<ReconcileSummary> {
    const ids = [...new Set(orderIds)].filter((id) => Number.isInteger(id) && id > 0);
    if (!ids.length) return { orders: 0, missing: 0, touched: [] };
    const orders = await this.odoo.readOrders(ids);
    const active = orders.filter((o) => o.state === 'sale' || o.state === 'done').map((o) => o.id);
    const [serials, invoices, existing, rules] = await Promise.all([
      this.odoo.readSerials(active), this.odoo.readInvoices(active), this.flows.findForOrders(ids), this.unitTypes.rules(),
    ]);
    const byOrder = new Map<string, Map<FlowKind, HandshakeFlow>>();
    for (const f of existing) {
      if (!byOrder.has(f.subjectId)) byOrder.set(f.subjectId, new Map());
      byOrder.get(f.subjectId)!.set(f.kind, f);
    }
    const touched: string[] = [];
    for (const order of orders) {
      const flows = byOrder.get(String(order.id)) ?? new Map<FlowKind, HandshakeFlow>();
      const original = order.originalOrderRef ? await this.original(order.originalOrderRef) : null;
      const decision = decideOrder(
        { order, serials: serials.get(order.id) ?? [], invoices: invoices.get(order.id) ?? [], original },
        { rules, mapping: this.mapping, serialSource: this.config.abs.serialSource },
      );
      touched.push(...(await this.apply(order, decision, flows)));
      if (order.originalOrderRef && !original && decision.allocation.action === 'ensure') await this.reconcileOriginal(order.originalOrderRef);
    }
    for (const id of touched) await this.scheduler.advance(id);
    return { orders: orders.length, missing: ids.length - orders.length, touched };
  }

  private async original(contractRef: string): Promise<{ contractRef: string; assetRef: string | null; planId: string | null } | null> {
    const flow = await this.flows.findAllocationByContract(contractRef);
    return flow ? { contractRef, assetRef: flow.state === 'confirmed' ? flow.assetRef : null, planId: flow.planId } : null;
  }

  /** A service-only order whose bundle order the hub has never seen (it predates the hub): bring that one in too. */
  private async reconcileOriginal(name: string): Promise<void> {
    const original = await this.odoo.findOrderByName(name);
    if (original) await this.scheduler.reconcileOrders([original.id], { key: `original:${original.id}` });
    else this.logger.warn({ originalOrder: name }, 'service-only order refers to an order Odoo does not know');
  }

  private async apply(order: CommerceOrder, d: OrderDecision, flows: Map<FlowKind, HandshakeFlow>): Promise<string[]> {
    const touched: string[] = [];
    const subject = (kind: FlowKind) => ({ kind, model: 'sale.order', id: String(order.id), ref: order.name });
    const alloc = flows.get('allocation');

    switch (d.allocation.action) {
      case 'ensure': {
        const data = d.allocation.data as unknown as JsonObject;
        const init = { data, contractRef: order.name, assetRef: d.allocation.data.asset_ref, customerRef: d.allocation.data.customer_ref, waitingFor: d.allocation.waitingFor };
        if (!alloc) {
          const { flow } = await this.flows.ensure(subject('allocation'), init);
          touched.push(flow.id);
        } else if (alloc.state === 'compensated' || alloc.state === 'failed' && alloc.errorCode === 'ASSET.DATA_INVALID') {
          // Confirmed again after a cancellation, or the data that made it invalid was fixed: a new generation.
          touched.push((await this.reopen(alloc, { ...init, intent: 'apply' }, alloc.state === 'compensated' ? 'reconfirmed' : 'data-fixed')).id);
        } else if (isOpen(alloc.state) && alloc.intent === 'apply' && !sameData(alloc.data, data)) {
          // Still before ABS accepted it: take the newer data (e.g. the serial the delivery just assigned).
          touched.push((await this.patch(alloc, { data, assetRef: init.assetRef, waitingFor: init.waitingFor, nextAttemptAt: new Date() }, 'data-updated')).id);
        }
        break;
      }
      case 'compensate':
        for (const kind of ['allocation', 'entitlement', 'access'] as const) {
          const f = flows.get(kind);
          if (f && f.state !== 'compensated' && f.intent !== 'compensate') {
            touched.push((await this.patch(f, { intent: 'compensate', waitingFor: null, nextAttemptAt: new Date(), result: { ...(f.result ?? {}), compensation_reason: d.allocation.reason } }, 'compensation-requested')).id);
          }
        }
        return touched;
      case 'invalid':
        touched.push(...(await this.markInvalid(order, alloc, d.allocation.error)));
        return touched;
      case 'none':
        return touched;
    }

    if (d.entitlement.action === 'ensure') {
      const ent = flows.get('entitlement');
      const data = d.entitlement.data as unknown as JsonObject;
      if (!ent) {
        const { flow } = await this.flows.ensure(subject('entitlement'), { data, contractRef: order.name, customerRef: String(order.partnerId) });
        touched.push(flow.id);
      } else if (isOpen(ent.state) && ent.state === 'requested' && !sameData(ent.data, data)) {
        touched.push((await this.patch(ent, { data }, 'data-updated')).id);
      } else if (ent.state === 'confirmed' && d.currentSync) {
        touched.push(...(await this.ensureAccess(order, d.currentSync, flows.get('access'))));
      }
    }
    return touched;
  }

  /** After the entitlement: a new sync each time Odoo's payment/subscription state moves. */
  private async ensureAccess(order: CommerceOrder, sync: SubscriptionSyncData, access: HandshakeFlow | undefined): Promise<string[]> {
    const plan = await this.plans.findByOrder(order.id);
    if (!plan || plan.status !== 'active') return [];
    // Compare with what ABS last got: the access flow's data, else the entitlement's sync on the plan.
    const lastPay = access ? (access.data as SubscriptionSyncData).odoo_payment_state : plan.lastSync?.payment_state;
    const lastSub = access ? (access.data as SubscriptionSyncData).odoo_subscription_state : plan.lastSync?.subscription_state;
    if (lastPay === sync.odoo_payment_state && lastSub === sync.odoo_subscription_state) return [];
    const cause: AccessData['cause'] =
      sync.odoo_subscription_state === 'cancel' ? 'cancelled'
        : sync.odoo_subscription_state === 'in_progress' && (sync.odoo_payment_state === 'paid' || sync.odoo_payment_state === 'in_payment') ? 'renewed'
          : sync.odoo_payment_state === 'not_paid' || sync.odoo_payment_state === 'partial' ? (sync.odoo_subscription_state === 'closed' ? 'expired' : 'unpaid')
            : sync.odoo_subscription_state === 'to_renew' || sync.odoo_subscription_state === 'closed' ? 'expired' : 'changed';
    const data = { ...sync, cause } as unknown as JsonObject;
    if (!access) {
      const { flow } = await this.flows.ensure({ kind: 'access', model: 'sale.order', id: String(order.id), ref: order.name }, { data, contractRef: order.name, planId: plan.planId, customerRef: plan.customerRef });
      return [flow.id];
    }
    if (isOpen(access.state)) {
      if (access.state === 'requested' && !sameData(access.data, data)) return [(await this.patch(access, { data }, 'data-updated')).id];
      return []; // the one in flight will be followed by a new generation on the next change
    }
    return [(await this.reopen(access, { data, planId: plan.planId }, 'state-changed')).id];
  }

  private async markInvalid(order: CommerceOrder, alloc: HandshakeFlow | undefined, error: string): Promise<string[]> {
    const flow = alloc ?? (await this.flows.ensure({ kind: 'allocation', model: 'sale.order', id: String(order.id), ref: order.name }, { data: { order_id: order.id, contract_ref: order.name }, contractRef: order.name })).flow;
    if (flow.state === 'failed' && flow.lastError === error) return [];
    if (flow.state !== 'requested' && flow.state !== 'sent') return [];
    await this.mutations.retrying(flow, (f) => this.flows.update(f, { state: 'failed', failedAt: new Date(), lastError: error, errorCode: 'ASSET.DATA_INVALID', nextAttemptAt: null }, {
      event: 'failed', toState: 'failed', error, detail: { code: 'ASSET.DATA_INVALID' },
    }));
    return [];
  }

  private patch(flow: HandshakeFlow, patch: FlowPatch, event: string): Promise<HandshakeFlow> {
    return this.mutations.patch(flow, patch, event, { by: 'odoo-reconcile' });
  }

  private reopen(flow: HandshakeFlow, patch: FlowPatch, why: string): Promise<HandshakeFlow> {
    return this.mutations.reopen(flow, patch, why);
  }
}
