import { randomUUID } from 'node:crypto';
import { nextPayment, nextService, type PaymentState, type ServiceState } from './sim-fsm';
import { INFINITE_QUOTA, lomeTemplates, type SimPlanTemplate } from './templates';

export interface SimServiceState { service_id: string; used: number; quota: number; current_asset: string | null }

export interface SimPlan {
  plan_id: string;
  template_id: string;
  contract_ref: string;
  contract_line_ref: string;
  asset_ref: string | null;
  customer_ref: string;
  odoo_order_id: number | null;
  origin_contract_ref: string | null;
  status: 'ACTIVE' | 'CANCELLED';
  payment_state: PaymentState;
  service_state: ServiceState;
  service_states: SimServiceState[];
  initialized: boolean;
  synced: boolean;
  last_sync: { payment_state: string; subscription_state: string; amount_total: number; currency: string; at: string } | null;
  current_asset: string | null;
  created_at: string;
}

export interface SimReply { signals: string[]; metadata: Record<string, unknown> }
export interface SimEvent { planId: string; action: string; data: Record<string, unknown>; topicKind?: 'service' | 'payment' }

const PAYMENT_LABELS = new Set(['paid', 'not_paid', 'partial', 'in_payment']);
const SUBSCRIPTION_LABELS = new Set(['in_progress', 'draft', 'to_renew', 'closed', 'cancel']);

const fail = (signal: string, error: string, extra: Record<string, unknown> = {}): SimReply => ({ signals: [signal], metadata: { error, ...extra } });

/**
 * The simulator's ABS: ServicePlans with both FSMs and per-service quotas, kept in memory.
 * Methods return the echo's `{signals, metadata}` and the events ABS would publish.
 */
export class SimPlanStore {
  readonly templates = new Map<string, SimPlanTemplate>();
  readonly plans = new Map<string, SimPlan>();

  constructor(templates: SimPlanTemplate[] = lomeTemplates()) {
    for (const t of templates) this.templates.set(t.id, t);
  }

  addTemplate(t: SimPlanTemplate): void {
    this.templates.set(t.id, t);
  }

  private planState(p: SimPlan): Record<string, unknown> {
    // SAH-FLOW's PlanState: one per customer, the two cycles moving independently.
    return { id: p.plan_id, payment_state: p.payment_state, service_state: p.service_state, service_cycle: 'battery-swap', payment_cycle: 'monthly' };
  }

  create(planId: string, d: Record<string, unknown>): SimReply {
    const need = ['contract_ref', 'contract_line_ref', 'customer_ref', 'template_id'] as const;
    const missing = need.filter((k) => typeof d[k] !== 'string' || !(d[k] as string));
    if (missing.length) return fail('SERVICE_PLAN_CREATION_FAILED', `missing ${missing.join(', ')}`);
    if (d.asset_ref !== null && d.asset_ref !== undefined && typeof d.asset_ref !== 'string') return fail('SERVICE_PLAN_CREATION_FAILED', 'asset_ref must be a string');
    const template = this.templates.get(d.template_id as string);
    if (!template || template.status !== 'ACTIVE') return fail('SERVICE_PLAN_CREATION_FAILED', `TEMPLATE_NOT_FOUND: ${String(d.template_id)}`);
    // ABS never creates two plans for one contract line: a repeated create answers the existing plan.
    const existing = [...this.plans.values()].find((p) => p.contract_ref === d.contract_ref && p.contract_line_ref === d.contract_line_ref);
    if (existing) return { signals: ['SERVICE_PLAN_CREATED'], metadata: { ...this.describe(existing), idempotent_replay: true } };
    if (this.plans.has(planId)) return fail('SERVICE_PLAN_CREATION_FAILED', `PLAN_ID_TAKEN: ${planId} belongs to another contract`);
    const plan: SimPlan = {
      plan_id: planId, template_id: template.id, contract_ref: d.contract_ref as string, contract_line_ref: d.contract_line_ref as string,
      asset_ref: (d.asset_ref as string | null) ?? null, customer_ref: d.customer_ref as string,
      odoo_order_id: typeof d.odoo_order_id === 'number' ? d.odoo_order_id : null,
      origin_contract_ref: typeof d.origin_contract_ref === 'string' ? d.origin_contract_ref : null,
      status: 'ACTIVE', payment_state: 'INITIAL', service_state: 'INITIAL', service_states: [], initialized: false, synced: false,
      last_sync: null, current_asset: null, created_at: new Date().toISOString(),
    };
    this.plans.set(planId, plan);
    return { signals: ['SERVICE_PLAN_CREATED'], metadata: this.describe(plan) };
  }

  private describe(p: SimPlan): Record<string, unknown> {
    const t = this.templates.get(p.template_id)!;
    return {
      plan_id: p.plan_id, template_id: p.template_id, contract_ref: p.contract_ref, asset_ref: p.asset_ref,
      service_cycle_fsm_id: t.service_cycle_fsm_id, payment_cycle_fsm_id: t.payment_cycle_fsm_id,
      payment_state: p.payment_state, service_state: p.service_state, plan_state: this.planState(p),
      asset_pool_allocation: { fleet_id: t.fleet_id, asset_type: 'FLEET' },
    };
  }

  sync(planId: string, d: Record<string, unknown>): SimReply {
    const p = this.plans.get(planId);
    if (!p) return fail('ODOO_SYNC_FAILED', `PLAN_NOT_FOUND: ${planId}`);
    const pay = d.odoo_payment_state;
    const sub = d.odoo_subscription_state;
    if (typeof d.odoo_subscription_id !== 'number' || !Number.isInteger(d.odoo_subscription_id)) return fail('ODOO_SYNC_FAILED', 'odoo_subscription_id must be an integer');
    if (typeof pay !== 'string' || !PAYMENT_LABELS.has(pay)) return fail('ODOO_SYNC_FAILED', `unknown odoo_payment_state ${String(pay)}`);
    if (typeof sub !== 'string' || !SUBSCRIPTION_LABELS.has(sub)) return fail('ODOO_SYNC_FAILED', `unknown odoo_subscription_state ${String(sub)}`);
    const inputs: Array<{ cycle: 'payment_cycle' | 'service_cycle'; input: string }> = [];
    const pushPayment = (input: string) => {
      const next = nextPayment(p.payment_state, input);
      if (next) { p.payment_state = next; inputs.push({ cycle: 'payment_cycle', input }); }
    };
    const pushService = (input: string) => {
      const next = nextService(p.service_state, input);
      if (next) { p.service_state = next; inputs.push({ cycle: 'service_cycle', input }); }
    };
    const paid = pay === 'paid' || pay === 'in_payment';
    if (sub === 'cancel') {
      pushService('SERVICE_CANCELLED');
    } else if (p.status === 'ACTIVE') {
      if (p.payment_state === 'INITIAL' && sub !== 'draft') pushPayment('CONTRACT_SIGNED');
      if (p.payment_state === 'DEPOSIT_DUE' && paid) { pushPayment('DEPOSIT_PAID'); pushService('DEPOSIT_CONFIRMED'); }
      else if (p.payment_state === 'CURRENT' && (sub === 'to_renew' || sub === 'closed' || !paid)) pushPayment('SUBSCRIPTION_EXPIRED');
      else if (p.payment_state === 'RENEWAL_DUE' && paid && sub === 'in_progress') { pushPayment('RENEWAL_PAID'); this.resetUsage(p); }
    }
    p.synced = true;
    const at = new Date().toISOString();
    p.last_sync = { payment_state: pay, subscription_state: sub, amount_total: Number(d.odoo_amount_total ?? 0), currency: String(d.odoo_currency_id ?? ''), at };
    return {
      signals: ['ODOO_SYNC_SUCCESS'],
      metadata: { fsm_inputs_generated: inputs, odoo_last_sync_at: at, payment_state: pay, subscription_state: sub, plan_state: this.planState(p) },
    };
  }

  initialize(planId: string): SimReply {
    const p = this.plans.get(planId);
    if (!p) return fail('SERVICE_STATES_INITIALIZATION_FAILED', `PLAN_NOT_FOUND: ${planId}`);
    if (!p.synced) return fail('SERVICE_STATES_INITIALIZATION_FAILED', 'Phase 0 Odoo sync has not run for this plan');
    if (!p.initialized) {
      const t = this.templates.get(p.template_id)!;
      p.service_states = t.service_configurations.map((c) => ({
        service_id: c.service_id, used: 0, quota: c.initial_quota < 0 ? INFINITE_QUOTA : c.initial_quota, current_asset: null,
      }));
      p.initialized = true;
    }
    return { signals: ['SERVICE_STATES_INITIALIZED'], metadata: { service_states: p.service_states.map((s) => ({ ...s })), plan_state: this.planState(p) } };
  }

  cancel(planId: string, d: Record<string, unknown>): { reply: SimReply; events: SimEvent[] } {
    // By plan id, else by contract (the hub may only know the id it proposed).
    const p = this.plans.get(planId) ?? [...this.plans.values()].find((x) => typeof d.contract_ref === 'string' && x.contract_ref === d.contract_ref);
    if (!p) return { reply: fail('SERVICE_PLAN_NOT_FOUND', `PLAN_NOT_FOUND: ${planId}`), events: [] };
    const inputs: Array<{ cycle: string; input: string }> = [];
    if (p.status !== 'CANCELLED') {
      const next = nextService(p.service_state, 'SERVICE_CANCELLED');
      if (next) { p.service_state = next; inputs.push({ cycle: 'service_cycle', input: 'SERVICE_CANCELLED' }); }
      p.status = 'CANCELLED';
    }
    const released = p.current_asset;
    p.current_asset = null;
    for (const s of p.service_states) s.current_asset = null;
    return {
      reply: { signals: ['SERVICE_PLAN_CANCELLED'], metadata: { fsm_inputs_generated: inputs, released_asset: released, reason: d.reason ?? null, plan_state: this.planState(p) } },
      events: [],
    };
  }

  identify(planId: string, d: Record<string, unknown>): SimReply {
    const p = this.plans.get(planId);
    if (!p) return fail('CUSTOMER_IDENTIFICATION_FAILED', `PLAN_NOT_FOUND: ${planId}`);
    return {
      signals: ['CUSTOMER_IDENTIFIED'],
      metadata: { customer_ref: p.customer_ref, qr_code_data: d.qr_code_data ?? null, attendant_station: d.attendant_station ?? null, plan_state: this.planState(p), service_states: p.service_states },
    };
  }

  private resetUsage(p: SimPlan): void {
    const t = this.templates.get(p.template_id)!;
    for (const s of p.service_states) {
      const c = t.service_configurations.find((x) => x.service_id === s.service_id);
      s.used = 0;
      if (c) s.quota = c.initial_quota < 0 ? INFINITE_QUOTA : c.initial_quota;
    }
  }

  /**
   * One swap at a station (attendant flow): returns the old battery, issues the new one, meters
   * energy and the swap count. Refused unless the payment cycle is CURRENT with quota left.
   */
  swap(planId: string, s: { oldAsset?: string | null; newAsset: string; oldKwh?: number; newKwh?: number; stationId?: string }): { ok: boolean; reason?: string; events: SimEvent[] } {
    const p = this.plans.get(planId);
    if (!p) return { ok: false, reason: 'PLAN_NOT_FOUND', events: [] };
    if (p.status !== 'ACTIVE' || p.payment_state !== 'CURRENT' || !p.initialized) return { ok: false, reason: `ACCESS_DENIED: ${p.payment_state}`, events: [] };
    const count = p.service_states.find((x) => x.service_id === 'service-swap-count');
    if (count && count.used >= count.quota) return { ok: false, reason: 'QUOTA_EXHAUSTED', events: [] };
    const events: SimEvent[] = [];
    const station = s.stationId ?? 'STATION_001';
    const old = s.oldAsset ?? p.current_asset;
    const energy = Math.max(0, (s.newKwh ?? 0) - (s.oldKwh ?? 0));
    if (old) {
      p.service_state = nextService(p.service_state, 'BATTERY_RETURNED') ?? p.service_state;
      events.push({ planId, action: 'BATTERY_RETURNED', data: { asset_ref: old, station_id: station, remaining_kwh: s.oldKwh ?? null } });
    }
    p.service_state = nextService(p.service_state, 'BATTERY_ISSUED') ?? p.service_state;
    p.current_asset = s.newAsset;
    for (const st of p.service_states) if (st.service_id.startsWith('service-battery-circulation')) st.current_asset = s.newAsset;
    events.push({ planId, action: 'BATTERY_ISSUED', data: { asset_ref: s.newAsset, current_asset: s.newAsset, station_id: station } });
    if (count) count.used += 1;
    const gage = p.service_states.find((x) => x.service_id === 'service-energy-gage');
    if (gage) gage.used = Math.round((gage.used + energy) * 1000) / 1000;
    events.push({
      planId, action: 'SWAP_COMPLETED',
      data: { old_asset: old, new_asset: s.newAsset, station_id: station, old_battery_kwh: s.oldKwh ?? null, new_battery_kwh: s.newKwh ?? null, energy_delta_kwh: energy, swap_count: count?.used ?? null },
    });
    if (count && count.used >= count.quota) {
      p.payment_state = nextPayment(p.payment_state, 'QUOTA_EXHAUSTED') ?? p.payment_state;
      events.push({ planId, action: 'QUOTA_EXHAUSTED', data: { service_id: count.service_id, used: count.used, quota: count.quota } });
    }
    return { ok: true, events };
  }

  /** A top-up: amount ÷ unit price = quota increment on that service (ABS-STATUS). */
  servicePayment(planId: string, pmt: { serviceId: string; amount: number; currency?: string; receipt?: string }): { ok: boolean; reason?: string; events: SimEvent[] } {
    const p = this.plans.get(planId);
    if (!p) return { ok: false, reason: 'PLAN_NOT_FOUND', events: [] };
    const t = this.templates.get(p.template_id)!;
    const price = t.unit_prices[pmt.serviceId];
    if (!price) return { ok: false, reason: `NO_UNIT_PRICE: ${pmt.serviceId}`, events: [] };
    const increment = Math.floor(pmt.amount / price);
    const st = p.service_states.find((x) => x.service_id === pmt.serviceId);
    if (st) st.quota += increment;
    return {
      ok: true,
      events: [{
        planId, action: 'SERVICE_PAYMENT', topicKind: 'payment',
        data: { service_id: pmt.serviceId, amount: pmt.amount, currency: pmt.currency ?? t.billing_currency, receipt_code: pmt.receipt ?? `MP${randomUUID().slice(0, 8).toUpperCase()}`, quota_increment: increment, unit_price: price },
      }],
    };
  }
}
