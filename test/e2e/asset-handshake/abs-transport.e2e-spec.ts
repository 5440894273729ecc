jest.setTimeout(60_000);
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { AbsTimeout, AbsRejected } from '../../../src/contexts/asset-handshake/domain/asset-handshake.errors';
import { AbsPort } from '../../../src/contexts/asset-handshake/integration/abs.port';
import type { AllocationData } from '../../../src/contexts/asset-handshake/domain/order-decision';
import { FakeOdooCommerce } from '../../../src/contexts/asset-handshake/testing/fake-odoo-commerce';
import { startAbsSimulator, type AbsSimulator } from '../../../tools/simulators/abs';
import { createAssetTestApp, type AssetTestApp } from './support';

function allocation(contract: string): AllocationData {
  return {
    order_id: 1, partner_id: 7, contract_ref: contract, contract_line_ref: `${contract}:1`, asset_ref: `BAT-${contract}`, customer_ref: '7', customer_name: 'Kofi',
    template_id: 'plan-mobbat-45ah-swap-7day-v1', service_lines: [], deposit_amount: 0, currency: 'XOF', start_date: null, end_date: null,
    origin_contract_ref: null, asset_source: 'delivery',
  };
}
const sync = { order_id: 1, odoo_subscription_id: 1, odoo_payment_state: 'paid', odoo_subscription_state: 'in_progress', odoo_currency_id: 'XOF', odoo_amount_total: 17250, deposit_amount: 0, source_payment_state: 'paid', source_subscription_state: 'sale' };

async function replies(outcome: string): Promise<number> {
  const m = await register.getSingleMetric('hub_asset_abs_replies_total')?.get();
  return m?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('ABS transport over the real broker (emit/echo against the ABS simulator)', () => {
  let t: AssetTestApp;
  let sim: AbsSimulator;
  let abs: AbsPort;

  beforeAll(async () => {
    t = await createAssetTestApp({ ABS_REPLY_TIMEOUT_MS: '400', ABS_REQUEST_RETRIES: '2' }, { odoo: new FakeOdooCommerce() });
    sim = await startAbsSimulator({ topicPrefix: t.config.mqtt.topicPrefix, http: false });
    abs = t.get(AbsPort);
  });
  afterAll(async () => {
    await sim?.stop();
    await t?.close();
  });
  afterEach(() => sim.resetFaults());

  it('runs create → sync → initialise with MQTT 5 correlation data, expiry and QoS 1', async () => {
    const contract = `S-${randomUUID().slice(0, 8)}`;
    const corr = `ah-test-${randomUUID()}`;
    const created = await abs.createServicePlan({ correlationId: `${corr}-create_plan`, proposedPlanId: `bss-plan-${contract.toLowerCase()}`, data: allocation(contract) });
    expect(created.planId).toBe(`bss-plan-${contract.toLowerCase()}`);
    const call = sim.callsFor('CREATE_SERVICE_PLAN').find((c) => c.correlationId === `${corr}-create_plan`)!;
    expect(call.topic).toBe(`emit/odo/subscription/plan/${created.planId}/created`);
    expect(call.properties).toMatchObject({ correlationData: `${corr}-create_plan`, messageExpiryInterval: 300, qos: 1, userProperties: { trace_id: `${corr}-create_plan` } });

    const synced = await abs.syncSubscription({ correlationId: `${corr}-sync`, planId: created.planId, data: sync });
    expect(synced.fsmInputs.map((i) => i.input)).toEqual(['CONTRACT_SIGNED', 'DEPOSIT_PAID', 'DEPOSIT_CONFIRMED']);
    expect(sim.callsFor('SYNC_ODOO_SUBSCRIPTION').at(-1)!.topic).toBe(`emit/odo/subscription/plan/${created.planId}/sync`);

    const states = await abs.initializeServiceStates({ correlationId: `${corr}-initialize`, planId: created.planId });
    expect(states.serviceStates.find((s) => s.service_id === 'service-swap-count')).toEqual({ service_id: 'service-swap-count', used: 0, quota: 15, current_asset: null });
    expect(sim.store.plans.get(created.planId)!.payment_state).toBe('CURRENT');
  });

  it('matches a reply whose correlation id carries an ABS suffix and no correlation data', async () => {
    sim.setFaults({ correlationSuffix: 're_abs_sync', omitCorrelationData: true, replyQos: 0 });
    const contract = `S-${randomUUID().slice(0, 8)}`;
    const r = await abs.createServicePlan({ correlationId: `ah-${randomUUID()}`, proposedPlanId: `bss-plan-${contract.toLowerCase()}`, data: allocation(contract) });
    expect(r.reply.replyCorrelationId).toMatch(/re_abs_sync$/);
  });

  it('resolves once on duplicate replies and counts the extra copies as unmatched', async () => {
    // A request to a silent plan keeps the reply subscription open while the duplicates arrive.
    sim.setFaults({ duplicateReplies: 2, ignorePlans: ['bss-plan-held-open'] });
    const held = abs.createServicePlan({ correlationId: `ah-${randomUUID()}`, proposedPlanId: 'bss-plan-held-open', data: allocation('HELD') }).catch((e: unknown) => e);
    const matchedBefore = await replies('matched');
    const unmatchedBefore = await replies('unmatched');
    const contract = `S-${randomUUID().slice(0, 8)}`;
    await abs.createServicePlan({ correlationId: `ah-${randomUUID()}`, proposedPlanId: `bss-plan-${contract.toLowerCase()}`, data: allocation(contract) });
    await new Promise((r) => setTimeout(r, 200));
    expect(await replies('matched')).toBe(matchedBefore + 1);
    expect(await replies('unmatched')).toBe(unmatchedBefore + 2);
    expect(await held).toBeInstanceOf(AbsTimeout);
  });

  it('re-publishes the same message when a reply goes missing, and ABS applies it once', async () => {
    sim.setFaults({ dropNext: 1 });
    const contract = `S-${randomUUID().slice(0, 8)}`;
    const corr = `ah-${randomUUID()}`;
    const r = await abs.createServicePlan({ correlationId: corr, proposedPlanId: `bss-plan-${contract.toLowerCase()}`, data: allocation(contract) });
    expect(r.reply.attempt).toBe(2);
    const calls = sim.calls.filter((c) => c.correlationId === corr);
    expect(calls.map((c) => c.outcome)).toEqual(['dropped', 'replied']);
    expect([...sim.store.plans.values()].filter((p) => p.contract_ref === contract)).toHaveLength(1);
  });

  it('gives up with a transient AbsTimeout when ABS stays silent', async () => {
    sim.setFaults({ silent: true });
    const corr = `ah-${randomUUID()}`;
    const err = await abs.syncSubscription({ correlationId: corr, planId: 'bss-plan-none', data: sync }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbsTimeout);
    expect((err as AbsTimeout).transient).toBe(true);
    expect(sim.calls.filter((c) => c.correlationId === corr)).toHaveLength(3);
  });

  it('turns an error signal into a permanent AbsRejected, and an agent failure into a retryable one', async () => {
    const missing = await abs.syncSubscription({ correlationId: `ah-${randomUUID()}`, planId: `bss-plan-${randomUUID()}`, data: sync }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AbsRejected);
    expect((missing as AbsRejected).transient).toBe(false);
    expect((missing as AbsRejected).signals).toEqual(['ODOO_SYNC_FAILED']);
    sim.setFaults({ errorNext: 1, errorSignal: 'AGENT_UNAVAILABLE' });
    const busy = await abs.syncSubscription({ correlationId: `ah-${randomUUID()}`, planId: 'x', data: sync }).catch((e: unknown) => e);
    expect((busy as AbsRejected).transient).toBe(true);
  });

  it('runs many requests at once, each matched to its own reply', async () => {
    sim.setFaults({ delayMs: 20 });
    const contracts = Array.from({ length: 50 }, () => `S-${randomUUID().slice(0, 8)}`);
    const results = await Promise.all(contracts.map((c) => abs.createServicePlan({ correlationId: `ah-${randomUUID()}`, proposedPlanId: `bss-plan-${c.toLowerCase()}`, data: allocation(c) })));
    expect(results.map((r) => r.planId)).toEqual(contracts.map((c) => `bss-plan-${c.toLowerCase()}`));
  });
});

describe('ABS transport over REST (commercial-doc webhook pattern) against the simulator', () => {
  let t: AssetTestApp;
  let sim: AbsSimulator;

  beforeAll(async () => {
    sim = await startAbsSimulator({ topicPrefix: `rest-${randomUUID()}/`, http: { token: 'abs-rest-token' } });
    t = await createAssetTestApp({ ABS_TRANSPORT: 'rest', ABS_API_URL: sim.url, ABS_API_TOKEN: 'abs-rest-token', ABS_REPLY_TIMEOUT_MS: '500', ABS_REQUEST_RETRIES: '1' }, { odoo: new FakeOdooCommerce() });
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('creates the entitlement, syncs, initialises and cancels through the same port', async () => {
    const abs = t.get(AbsPort);
    expect(abs.transport).toBe('rest');
    const contract = `S-${randomUUID().slice(0, 8)}`;
    const corr = `ah-${randomUUID()}`;
    const created = await abs.createServicePlan({ correlationId: `${corr}-create_plan`, proposedPlanId: `bss-plan-${contract.toLowerCase()}`, data: allocation(contract) });
    expect(created.planId).toBe(`bss-plan-${contract.toLowerCase()}`);
    expect(sim.calls.at(-1)).toMatchObject({ via: 'rest', topic: '/api/v1/entitlements/create', correlationId: `${corr}-create_plan` });
    const synced = await abs.syncSubscription({ correlationId: `${corr}-sync`, planId: created.planId, data: sync });
    expect(synced.fsmInputs).toHaveLength(3);
    const states = await abs.initializeServiceStates({ correlationId: `${corr}-initialize`, planId: created.planId });
    expect(states.serviceStates).toHaveLength(4);
    const cancelled = await abs.cancelServicePlan({ correlationId: `${corr}-cancel`, planId: created.planId, contractRef: contract, reason: 'test' });
    expect(cancelled.alreadyAbsent).toBe(false);
    const absent = await abs.cancelServicePlan({ correlationId: `${corr}-cancel2`, planId: 'bss-plan-never', contractRef: 'never', reason: 'test' });
    expect(absent.alreadyAbsent).toBe(true);
  });

  it('treats a 4xx as permanent and a 503 (agent failure) as transient', async () => {
    const abs = t.get(AbsPort);
    const rejected = await abs.syncSubscription({ correlationId: `ah-${randomUUID()}`, planId: 'bss-plan-unknown', data: sync }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(AbsRejected);
    sim.setFaults({ errorNext: 2 });
    const down = await abs.syncSubscription({ correlationId: `ah-${randomUUID()}`, planId: 'bss-plan-unknown', data: sync }).catch((e: unknown) => e);
    expect((down as { transient: boolean }).transient).toBe(true);
    sim.resetFaults();
  });
});
