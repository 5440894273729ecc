import { SimPlanStore } from './sim-plans';

const create = (s: SimPlanStore, over: Record<string, unknown> = {}) =>
  s.create('bss-plan-s1', { contract_ref: 'S1', contract_line_ref: 'S1:1', customer_ref: '7', asset_ref: 'BAT-1', template_id: 'plan-mobbat-45ah-swap-7day-v1', ...over });

describe('ABS simulator plans', () => {
  it('creates a plan once per contract line and answers a repeat with the same plan', () => {
    const s = new SimPlanStore();
    expect(create(s).signals).toEqual(['SERVICE_PLAN_CREATED']);
    const again = s.create('bss-plan-other', { contract_ref: 'S1', contract_line_ref: 'S1:1', customer_ref: '7', template_id: 'plan-mobbat-45ah-swap-7day-v1' });
    expect(again.metadata).toMatchObject({ plan_id: 'bss-plan-s1', idempotent_replay: true });
    expect(s.plans.size).toBe(1);
  });

  it('rejects unknown templates and missing identifiers with a failure signal', () => {
    const s = new SimPlanStore();
    expect(create(s, { template_id: 'nope' })).toMatchObject({ signals: ['SERVICE_PLAN_CREATION_FAILED'], metadata: { error: expect.stringMatching(/TEMPLATE_NOT_FOUND/) } });
    expect(create(s, { contract_ref: '' }).signals).toEqual(['SERVICE_PLAN_CREATION_FAILED']);
  });

  it('answers the first paid sync with the inputs of the reference sample echo', () => {
    const s = new SimPlanStore();
    create(s);
    const r = s.sync('bss-plan-s1', { odoo_subscription_id: 12345, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress', odoo_currency_id: 'XOF', odoo_amount_total: 17250 });
    expect(r.signals).toEqual(['ODOO_SYNC_SUCCESS']);
    expect(r.metadata.fsm_inputs_generated).toEqual([
      { cycle: 'payment_cycle', input: 'CONTRACT_SIGNED' }, { cycle: 'payment_cycle', input: 'DEPOSIT_PAID' }, { cycle: 'service_cycle', input: 'DEPOSIT_CONFIRMED' },
    ]);
    expect(r.metadata).toMatchObject({ payment_state: 'paid', subscription_state: 'in_progress', plan_state: { payment_state: 'CURRENT' } });
  });

  it('refuses Odoo codes ABS does not know (the hub must map them)', () => {
    const s = new SimPlanStore();
    create(s);
    expect(s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: '3_progress' }).signals).toEqual(['ODOO_SYNC_FAILED']);
    expect(s.sync('bss-plan-s1', { odoo_subscription_id: '1', odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress' }).signals).toEqual(['ODOO_SYNC_FAILED']);
  });

  it('initialises quotas from the template (unlimited = 100000000) after the sync only', () => {
    const s = new SimPlanStore();
    create(s);
    expect(s.initialize('bss-plan-s1').signals).toEqual(['SERVICE_STATES_INITIALIZATION_FAILED']);
    s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress' });
    const r = s.initialize('bss-plan-s1');
    expect(r.metadata.service_states).toEqual(expect.arrayContaining([
      { service_id: 'service-swap-count', used: 0, quota: 15, current_asset: null },
      { service_id: 'service-energy-gage', used: 0, quota: 100000000, current_asset: null },
    ]));
  });

  it('meters swaps, exhausts the quota, suspends, and renews on a paid renewal sync', () => {
    const s = new SimPlanStore();
    create(s, { template_id: 'plan-mobbat-45ah-swap-1day-v1' });
    s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress' });
    s.initialize('bss-plan-s1');
    const swap = s.swap('bss-plan-s1', { newAsset: 'BAT-2', oldAsset: 'BAT-1', oldKwh: 0.2, newKwh: 1.4 });
    expect(swap.events.map((e) => e.action)).toEqual(['BATTERY_RETURNED', 'BATTERY_ISSUED', 'SWAP_COMPLETED', 'QUOTA_EXHAUSTED']);
    expect(swap.events[2].data.energy_delta_kwh).toBeCloseTo(1.2);
    expect(s.plans.get('bss-plan-s1')!.payment_state).toBe('RENEWAL_DUE');
    expect(s.swap('bss-plan-s1', { newAsset: 'BAT-3' })).toMatchObject({ ok: false, reason: expect.stringMatching(/ACCESS_DENIED/) });
    const renewed = s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress' });
    expect(renewed.metadata.fsm_inputs_generated).toEqual([{ cycle: 'payment_cycle', input: 'RENEWAL_PAID' }]);
    expect(s.swap('bss-plan-s1', { newAsset: 'BAT-3' }).ok).toBe(true);
  });

  it('expires a current plan on an unpaid or closed subscription', () => {
    const s = new SimPlanStore();
    create(s);
    s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress' });
    const r = s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'not_paid', odoo_subscription_state: 'to_renew' });
    expect(r.metadata.fsm_inputs_generated).toEqual([{ cycle: 'payment_cycle', input: 'SUBSCRIPTION_EXPIRED' }]);
  });

  it('turns a service payment into a quota increment and cancels a plan once', () => {
    const s = new SimPlanStore();
    create(s);
    s.sync('bss-plan-s1', { odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress' });
    s.initialize('bss-plan-s1');
    const p = s.servicePayment('bss-plan-s1', { serviceId: 'service-swap-count', amount: 3600 });
    expect(p.events[0].data).toMatchObject({ quota_increment: 3, unit_price: 1200 });
    expect(s.plans.get('bss-plan-s1')!.service_states.find((x) => x.service_id === 'service-swap-count')!.quota).toBe(18);
    expect(s.cancel('bss-plan-s1', {}).reply.metadata.fsm_inputs_generated).toEqual([{ cycle: 'service_cycle', input: 'SERVICE_CANCELLED' }]);
    expect(s.cancel('bss-plan-s1', {}).reply.metadata.fsm_inputs_generated).toEqual([]);
    expect(s.cancel('missing', {}).reply.signals).toEqual(['SERVICE_PLAN_NOT_FOUND']);
  });
});
