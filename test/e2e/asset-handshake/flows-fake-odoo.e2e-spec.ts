jest.setTimeout(60_000);
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeOdooCommerce } from '../../../src/contexts/asset-handshake/testing/fake-odoo-commerce';
import { AuditService } from '../../../src/infrastructure/audit';
import { signWebhook } from '../../../src/infrastructure/inbox';
import { startAbsSimulator, type AbsSimulator } from '../../../tools/simulators/abs';
import { createAssetTestApp, eventually, type AssetTestApp } from './support';

/**
 * The four flows end to end on real Postgres, Redis and MQTT against the ABS simulator, with
 * Odoo replaced by the in-memory fake of the context's Odoo port (the Odoo-simulator suite
 * covers the same flows through the real Odoo protocol).
 */
describe('AssetHandshake flows (fake Odoo port, ABS simulator, real broker)', () => {
  const odoo = new FakeOdooCommerce();
  const secret = 'abs-webhook-secret-0123456789';
  let t: AssetTestApp;
  let sim: AbsSimulator;
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const depositCode = `DEP-45AH-${tag}`;
  const auth = () => ({ 'x-api-key': t.adminKey });

  beforeAll(async () => {
    t = await createAssetTestApp({
      ABS_REPLY_TIMEOUT_MS: '300', ABS_REQUEST_RETRIES: '1', ABS_FLOW_RETRY_BASE_MS: '200', ABS_FLOW_RETRY_MAX_MS: '1000',
      ABS_WEBHOOK_SECRET: secret, ABS_SWEEP_INTERVAL_MS: '1000',
    }, { odoo });
    sim = await startAbsSimulator({ topicPrefix: t.config.mqtt.topicPrefix, http: false });
    await t.http.post('/api/admin/asset-handshake/unit-types').set(auth())
      .send({ matchField: 'default_code', matchValue: depositCode, unitType: 'contract', note: 'battery deposit' }).expect(201);
  });
  afterAll(async () => {
    await sim?.stop();
    await t?.close();
  });
  afterEach(() => sim.resetFaults());

  let seq = 0;
  function bundle(over: { template?: string } = {}) {
    seq++;
    return odoo.addOrder({
      name: `S${tag}${seq}`, state: 'sale', partnerId: 70 + seq, isSubscription: true, subscriptionState: '3_progress', amountTotal: 83250,
      lines: [
        { defaultCode: `MOBBAT-45AH-${tag}`, productId: 9001, odooType: 'product', serialTracked: true, priceTotal: 45000 },
        { defaultCode: over.template ?? 'plan-mobbat-45ah-swap-7day-v1', productId: 9002, priceTotal: 17250 },
        { defaultCode: depositCode, productId: 9003, priceTotal: 21000 },
      ],
    });
  }
  const sync = (orderId: number) => t.http.post(`/api/admin/asset-handshake/orders/${orderId}/sync`).set(auth()).expect(202);
  const flowsOf = async (orderId: number) => (await t.http.get('/api/admin/asset-handshake/flows').query({ orderId }).set(auth()).expect(200)).body.items as Array<Record<string, any>>;
  const flowOf = async (orderId: number, kind: string) => (await flowsOf(orderId)).find((f) => f.kind === kind);
  const waitFlow = (orderId: number, kind: string, state: string) =>
    eventually(async () => { const f = await flowOf(orderId, kind); return f?.state === state ? f : undefined; }, `${kind} of ${orderId} ${state}`);
  const planOf = async (planId: string) => (await t.http.get(`/api/admin/asset-handshake/plans/${planId}`).set(auth()).expect(200)).body;

  async function deliveredAndPaid() {
    const order = bundle();
    const serial = `BAT45-${tag}-${seq}`;
    odoo.deliver(order.id, { productId: 9001, lotName: serial, state: 'done' });
    odoo.pay(order.id, { amountTotal: 83250 });
    await sync(order.id);
    const alloc = await waitFlow(order.id, 'allocation', 'confirmed');
    await waitFlow(order.id, 'entitlement', 'confirmed');
    return { order, serial, planId: alloc.planId as string };
  }

  it('order → allocation waits for the delivered serial, then creates the plan with the shared identifiers', async () => {
    const order = bundle();
    await sync(order.id);
    const waiting = await eventually(async () => { const f = await flowOf(order.id, 'allocation'); return f?.waitingFor === 'serial' ? f : undefined; }, 'allocation waiting for serial');
    expect(waiting.state).toBe('requested');
    expect(sim.callsFor('CREATE_SERVICE_PLAN').some((c) => c.correlationId.startsWith(waiting.correlationId))).toBe(false);

    odoo.deliver(order.id, { productId: 9001, lotName: `BAT45-${tag}-A`, state: 'done' });
    await sync(order.id);
    const alloc = await waitFlow(order.id, 'allocation', 'confirmed');
    const plan = sim.store.plans.get(alloc.planId)!;
    expect(plan).toMatchObject({ contract_ref: order.name, contract_line_ref: `${order.name}:${order.lines[1].id}`, asset_ref: `BAT45-${tag}-A`, customer_ref: String(order.partnerId), template_id: 'plan-mobbat-45ah-swap-7day-v1' });

    const detail = (await t.http.get(`/api/admin/asset-handshake/flows/${alloc.id}`).set(auth()).expect(200)).body;
    expect(detail.timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'data-updated', 'sent', 'confirmed']);
    expect(detail.timeline[0].detail).toEqual({ waitingFor: 'serial' });
    await t.get(AuditService).flush();
    const [audit] = await t.get(AuditService).query({ correlationId: alloc.correlationId, system: 'abs', limit: 10, offset: 0 });
    expect(audit.map((a) => a.operation)).toContain('create_plan');
    // No entitlement before the deposit is paid.
    expect(await flowOf(order.id, 'entitlement')).toBeUndefined();
  });

  it('deposit paid → Phase 0 sync then quota initialisation → swap access granted', async () => {
    const { planId } = await deliveredAndPaid();
    const plan = await planOf(planId);
    expect(plan).toMatchObject({ paymentCycleState: 'CURRENT', depositConfirmed: true, access: 'granted', accessReason: 'payment_current' });
    expect(plan.serviceStates.find((s: { service_id: string }) => s.service_id === 'service-swap-count').quota).toBe(15);
    const syncCall = sim.callsFor('SYNC_ODOO_SUBSCRIPTION').find((c) => c.planId === planId)!;
    expect(syncCall.topic).toBe(`emit/odo/subscription/plan/${planId}/sync`);
    expect(sim.store.plans.get(planId)!.last_sync).toMatchObject({ payment_state: 'paid', subscription_state: 'in_progress' });
  });

  it('subscription access: suspended on an unpaid renewal, restored when it is paid', async () => {
    const { order, planId } = await deliveredAndPaid();
    odoo.update(order.id, { subscriptionState: '2_renewal' });
    odoo.pay(order.id, { paymentState: 'not_paid', amountResidual: 17250 });
    await sync(order.id);
    const suspended = await waitFlow(order.id, 'access', 'confirmed');
    expect(suspended.generation).toBe(1);
    expect(await planOf(planId)).toMatchObject({ access: 'suspended', accessReason: 'renewal_unpaid', paymentCycleState: 'RENEWAL_DUE' });

    odoo.update(order.id, { subscriptionState: '3_progress' });
    odoo.pay(order.id, { paymentState: 'paid' });
    await sync(order.id);
    await eventually(async () => { const f = await flowOf(order.id, 'access'); return f?.generation === 2 && f.state === 'confirmed' ? f : undefined; }, 'access generation 2');
    expect(await planOf(planId)).toMatchObject({ access: 'granted', paymentCycleState: 'CURRENT' });
    // Re-reading an unchanged order does not sync again.
    await sync(order.id);
    await new Promise((r) => setTimeout(r, 300));
    expect((await flowOf(order.id, 'access'))!.generation).toBe(2);
  });

  it('asset events → Odoo service records: chatter, activity, usage totals, draft order for a paid top-up', async () => {
    const { order, planId, serial } = await deliveredAndPaid();
    const swap = await sim.swap(planId, { oldAsset: serial, newAsset: `BAT45-${tag}-NEW`, oldKwh: 0.3, newKwh: 1.5, stationId: 'STATION_001' });
    expect(swap.ok).toBe(true);
    await eventually(async () => (await planOf(planId)).swapsTotal === 1 && (await planOf(planId)).currentAsset === `BAT45-${tag}-NEW`, 'swap applied to the plan');
    await eventually(async () => odoo.usage.get(`sale.order:${order.id}`)?.x_abs_swap_count === 1, 'usage totals written');
    expect(odoo.usage.get(`sale.order:${order.id}`)!.x_abs_energy_kwh).toBeCloseTo(1.2);
    await eventually(async () => odoo.notes.filter((n) => n.ref.id === order.id).length >= 3, 'chatter notes');
    const notes = odoo.notes.filter((n) => n.ref.id === order.id).map((n) => n.body);
    expect(notes.some((b) => /Battery swap completed at STATION_001: returned .* issued .*energy difference 1\.200 kWh/.test(b))).toBe(true);

    const rule = (await t.http.post('/api/admin/asset-handshake/unit-types').set(auth())
      .send({ matchField: 'default_code', matchValue: `TOPUP-SWAP-${tag}`, unitType: 'service', absServiceId: 'service-swap-count', priority: 0 }).expect(201)).body;
    const paid = await sim.servicePayment(planId, { serviceId: 'service-swap-count', amount: 2400, receipt: `MP-${tag}` });
    await eventually(async () => odoo.drafts.find((d) => d.clientOrderRef === `abs:${paid.eventIds[0]}`), 'draft service order');
    const draft = odoo.drafts.find((d) => d.clientOrderRef === `abs:${paid.eventIds[0]}`)!;
    expect(draft).toMatchObject({ partnerId: order.partnerId, origin: order.name, lines: [{ defaultCode: `TOPUP-SWAP-${tag}`, quantity: 2, priceUnit: 1200 }] });
    await t.http.delete(`/api/admin/asset-handshake/unit-types/${rule.id}`).set(auth()).expect(204);

    await sim.publishEvent(planId, 'BATTERY_LOST', { asset_ref: `BAT45-${tag}-NEW` });
    await eventually(async () => odoo.activities.find((a) => a.ref.id === order.id && /reported lost/.test(a.summary)), 'activity for the lost battery');
  });

  it('quota exhausted suspends access and asks for a renewal in Odoo', async () => {
    const order = bundle({ template: 'plan-mobbat-45ah-swap-1day-v1' });
    odoo.deliver(order.id, { productId: 9001, lotName: `BAT45-${tag}-Q`, state: 'done' });
    odoo.pay(order.id);
    await sync(order.id);
    const alloc = await waitFlow(order.id, 'allocation', 'confirmed');
    await waitFlow(order.id, 'entitlement', 'confirmed');
    await sim.swap(alloc.planId, { newAsset: `BAT45-${tag}-Q2` });
    await eventually(async () => (await planOf(alloc.planId)).accessReason === 'quota_exhausted', 'quota exhausted');
    expect((await planOf(alloc.planId)).access).toBe('suspended');
    await eventually(async () => odoo.activities.find((a) => a.ref.id === order.id && /quota exhausted/i.test(a.summary)), 'renewal activity');
  });

  it('an order cancelled after allocation is compensated: the plan is cancelled in ABS, the entitlement revoked', async () => {
    const { order, planId } = await deliveredAndPaid();
    odoo.update(order.id, { state: 'cancel' });
    await sync(order.id);
    await waitFlow(order.id, 'allocation', 'compensated');
    await waitFlow(order.id, 'entitlement', 'compensated');
    expect(sim.store.plans.get(planId)!.status).toBe('CANCELLED');
    expect(await planOf(planId)).toMatchObject({ status: 'cancelled', access: 'suspended', accessReason: 'service_cancelled' });
    const cancelCall = sim.callsFor('CANCEL_SERVICE_PLAN').find((c) => c.planId === planId)!;
    expect(cancelCall.topic).toBe(`emit/odo/subscription/plan/${planId}/cancelled`);
  });

  it('an order cancelled before anything reached ABS is compensated locally', async () => {
    const order = bundle();
    await sync(order.id);
    await eventually(async () => (await flowOf(order.id, 'allocation'))?.waitingFor === 'serial', 'waiting');
    odoo.update(order.id, { state: 'cancel' });
    await sync(order.id);
    const f = await waitFlow(order.id, 'allocation', 'compensated');
    const detail = (await t.http.get(`/api/admin/asset-handshake/flows/${f.id}`).set(auth()).expect(200)).body;
    expect(detail.timeline.at(-1)).toMatchObject({ event: 'compensated', detail: { remote: false } });
    expect(sim.callsFor('CANCEL_SERVICE_PLAN').some((c) => c.planId.includes(order.name.toLowerCase()))).toBe(false);
  });

  it('ABS silent: the flow retries with backoff while Odoo keeps confirming, and catches up when ABS is back', async () => {
    sim.setFaults({ silent: true });
    const order = bundle();
    odoo.deliver(order.id, { productId: 9001, lotName: `BAT45-${tag}-S`, state: 'done' });
    await sync(order.id);
    const retrying = await eventually(async () => { const f = await flowOf(order.id, 'allocation'); return f && f.attempts >= 2 ? f : undefined; }, 'two failed attempts');
    expect(retrying).toMatchObject({ state: 'sent', errorCode: 'ABS.TIMEOUT' });
    sim.resetFaults();
    const done = await waitFlow(order.id, 'allocation', 'confirmed');
    const detail = (await t.http.get(`/api/admin/asset-handshake/flows/${done.id}`).set(auth()).expect(200)).body;
    expect(detail.timeline.filter((e: { event: string }) => e.event === 'retry-scheduled').length).toBeGreaterThanOrEqual(2);
    expect([...sim.store.plans.values()].filter((p) => p.contract_ref === order.name)).toHaveLength(1);
  });

  it('duplicate and suffixed replies confirm the flow exactly once', async () => {
    sim.setFaults({ duplicateReplies: 3, correlationSuffix: 're_abs_echo', omitCorrelationData: true });
    const { planId, order } = await deliveredAndPaid();
    const f = await flowOf(order.id, 'allocation');
    const detail = (await t.http.get(`/api/admin/asset-handshake/flows/${f!.id}`).set(auth()).expect(200)).body;
    expect(detail.timeline.filter((e: { event: string }) => e.event === 'confirmed')).toHaveLength(1);
    expect((await planOf(planId)).access).toBe('granted');
  });

  it('a permanent ABS rejection fails the flow visibly; an operator retry after the fix confirms it', async () => {
    const order = bundle({ template: `plan-unknown-${tag}` });
    odoo.deliver(order.id, { productId: 9001, lotName: `BAT45-${tag}-R`, state: 'done' });
    await sync(order.id);
    const failed = await waitFlow(order.id, 'allocation', 'failed');
    expect(failed).toMatchObject({ errorCode: 'ABS.REJECTED', lastError: expect.stringMatching(/TEMPLATE_NOT_FOUND/) });
    sim.store.addTemplate({ ...sim.store.templates.get('plan-mobbat-45ah-swap-7day-v1')!, id: `plan-unknown-${tag}` });
    const retried = (await t.http.post(`/api/admin/asset-handshake/flows/${failed.id}/retry`).set(auth()).expect(202)).body;
    expect(retried).toMatchObject({ state: 'requested', generation: 2 });
    expect(retried.correlationId).not.toBe(failed.correlationId);
    await waitFlow(order.id, 'allocation', 'confirmed');
    await t.http.post(`/api/admin/asset-handshake/flows/${failed.id}/retry`).set(auth()).expect(409);
  });

  it('out-of-order events: an event for a plan not yet created waits, then applies in event-time order', async () => {
    const order = bundle();
    const planId = `bss-plan-${order.name.toLowerCase()}`;
    const t0 = Date.now();
    // The return (later) arrives before the issue (earlier), both before ABS confirmed the plan to us.
    await sim.publishEvent(planId, 'BATTERY_RETURNED', { asset_ref: `BAT45-${tag}-O1` }, { timestamp: new Date(t0 + 60_000).toISOString() });
    await sim.publishEvent(planId, 'BATTERY_ISSUED', { asset_ref: `BAT45-${tag}-O1` }, { timestamp: new Date(t0).toISOString() });
    const waiting = await eventually(async () => {
      const [rows] = await Promise.all([t.http.get('/api/admin/asset-handshake/flows').query({ planId, kind: 'service_record' }).set(auth())]);
      return rows.body.items.length === 2 && rows.body.items.every((f: { waitingFor: string }) => f.waitingFor === 'plan') ? rows.body.items : undefined;
    }, 'events waiting for their plan');
    expect(waiting).toHaveLength(2);
    odoo.deliver(order.id, { productId: 9001, lotName: `BAT45-${tag}-O0`, state: 'done' });
    await sync(order.id);
    await waitFlow(order.id, 'allocation', 'confirmed');
    await eventually(async () => {
      const rows = (await t.http.get('/api/admin/asset-handshake/flows').query({ planId, kind: 'service_record' }).set(auth())).body.items;
      return rows.every((f: { state: string }) => f.state === 'confirmed') ? rows : undefined;
    }, 'events applied');
    const plan = await planOf(planId);
    expect(plan.currentAsset).toBeNull();
    expect(odoo.notes.filter((n) => n.ref.id === order.id)).toHaveLength(2);
  });

  it('ABS events over the signed webhook share the inbox with MQTT: a duplicate is acknowledged and ignored', async () => {
    const { planId } = await deliveredAndPaid();
    const eventId = `abs-evt-${randomUUID()}`;
    const body = JSON.stringify({ timestamp: new Date().toISOString(), plan_id: planId, correlation_id: eventId, actor: { type: 'agent', id: 'bss-agent-v2' }, data: { action: 'BATTERY_FOUND', asset_ref: 'BAT-X', extra_field_from_abs: 1 } });
    const ts = Math.floor(Date.now() / 1000);
    const post = (b: string, sig = signWebhook(secret, ts, b)) => t.http.post('/api/v1/abs/events').set('content-type', 'application/json').set('x-hub-timestamp', String(ts)).set('x-hub-signature', sig).send(b);
    expect((await post(body)).body).toEqual({ eventId, duplicate: false });
    expect((await post(body)).body).toEqual({ eventId, duplicate: true });
    // The same event over MQTT is a no-op too.
    await sim.publishEvent(planId, 'BATTERY_FOUND', { asset_ref: 'BAT-X' }, { eventId });
    await eventually(async () => {
      const rows = (await t.http.get('/api/admin/asset-handshake/flows').query({ planId, kind: 'service_record' }).set(auth())).body.items;
      return rows.filter((f: { subjectId: string; state: string }) => f.subjectId === eventId && f.state === 'confirmed').length === 1 ? rows : undefined;
    }, 'one service record for the event');
    expect((await post(body, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    const bad = JSON.stringify({ timestamp: 'yesterday', plan_id: planId, correlation_id: 'x', actor: { type: 'agent', id: 'a' }, data: { action: 'NOT_AN_EVENT', amount: 'lots' } });
    const res = await post(bad);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.details)).toEqual(expect.arrayContaining(['timestamp']));
  });

  it('the admin API validates its input and answers 404 for unknown flows and plans', async () => {
    await t.http.get('/api/admin/asset-handshake/flows').query({ state: 'nope' }).set(auth()).expect(400);
    await t.http.get(`/api/admin/asset-handshake/flows/${randomUUID()}`).set(auth()).expect(404);
    await t.http.get('/api/admin/asset-handshake/flows/not-a-uuid').set(auth()).expect(400);
    await t.http.get('/api/admin/asset-handshake/plans/none').set(auth()).expect(404);
    await t.http.get('/api/admin/asset-handshake/flows').expect(401);
    const dup = await t.http.post('/api/admin/asset-handshake/unit-types').set(auth()).send({ matchField: 'default_code', matchValue: depositCode, unitType: 'contract' });
    expect(dup.status).toBe(409);
  });

  it('stuck flows are flagged by the sweep and listed', async () => {
    const ds = t.get(DataSource);
    const order = bundle();
    await sync(order.id);
    const f = await eventually(async () => (await flowOf(order.id, 'allocation'))?.waitingFor === 'serial' ? flowOf(order.id, 'allocation') : undefined, 'waiting');
    // Waiting for a delivery is not stuck; a flow parked on something else for too long is.
    await ds.query(`UPDATE asset_handshake_flow SET waiting_for = 'original_order', updated_at = now() - interval '2 hours' WHERE id = $1`, [f!.id]);
    await eventually(async () => {
      const list = (await t.http.get('/api/admin/asset-handshake/flows/stuck').set(auth()).expect(200)).body.items as Array<{ id: string }>;
      return list.some((x) => x.id === f!.id);
    }, 'flow flagged stuck');
  });
});
