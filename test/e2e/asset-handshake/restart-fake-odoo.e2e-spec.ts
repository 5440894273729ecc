jest.setTimeout(90_000);
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeOdooCommerce } from '../../../src/contexts/asset-handshake/testing/fake-odoo-commerce';
import { startAbsSimulator, type AbsSimulator } from '../../../tools/simulators/abs';
import { createAssetTestApp, eventually, type AssetTestApp } from './support';

/**
 * A hub killed in the middle of a flow: the flow was sent, ABS never answered, the worker died
 * holding the flow's lease and Redis lost its jobs. A new hub must finish the flow from Postgres
 * alone, once, with the same correlation id (so ABS treats the re-send as the same request).
 */
describe('restart in the middle of a flow', () => {
  const odoo = new FakeOdooCommerce();
  let sim: AbsSimulator;
  let first: AssetTestApp | undefined;
  let second: AssetTestApp | undefined;
  const env = {
    ABS_REPLY_TIMEOUT_MS: '300', ABS_REQUEST_RETRIES: '0', ABS_FLOW_RETRY_BASE_MS: '60000', ABS_FLOW_RETRY_MAX_MS: '60000',
    ABS_SWEEP_INTERVAL_MS: '500', MQTT_TOPIC_PREFIX: `t/asset-restart/${process.pid}/`,
  };

  beforeAll(async () => {
    sim = await startAbsSimulator({ topicPrefix: env.MQTT_TOPIC_PREFIX, http: false });
  });
  afterAll(async () => {
    await first?.close().catch(() => undefined);
    await second?.close().catch(() => undefined);
    await sim?.stop();
  });

  it('a new process picks the flow up from the database and confirms it exactly once', async () => {
    first = await createAssetTestApp({ ...env, QUEUE_PREFIX: `t_asset_r1_${process.pid}` }, { odoo });
    const auth = { 'x-api-key': first.adminKey };
    const tag = randomUUID().slice(0, 6);
    const order = odoo.addOrder({
      name: `SR${tag}`, state: 'sale', lines: [
        { defaultCode: 'MOBBAT-30AH', productId: 7001, odooType: 'product', serialTracked: true },
        { defaultCode: 'plan-mobbat-30ah-swap-30day-v1', productId: 7002 },
      ],
    });
    odoo.deliver(order.id, { productId: 7001, lotName: `BAT30-${tag}`, state: 'done' });
    sim.setFaults({ silent: true });
    await first.http.post(`/api/admin/asset-handshake/orders/${order.id}/sync`).set(auth).expect(202);
    const sent = await eventually(async () => {
      const items = (await first!.http.get('/api/admin/asset-handshake/flows').query({ orderId: order.id, kind: 'allocation' }).set(auth)).body.items;
      return items[0]?.state === 'sent' && items[0].attempts >= 1 ? items[0] : undefined;
    }, 'allocation sent and unanswered');
    await first.close();
    first = undefined;

    // What a crash leaves behind: a lease held by a dead worker (the new process must wait it out).
    sim.resetFaults();
    second = await createAssetTestApp({ ...env, QUEUE_PREFIX: `t_asset_r2_${process.pid}` }, { odoo });
    await second.get(DataSource).query(`UPDATE asset_handshake_flow SET lease_owner = 'dead-worker', lease_until = now() + interval '1500 milliseconds', next_attempt_at = now() WHERE id = $1`, [sent.id]);
    const auth2 = { 'x-api-key': second.adminKey };
    const started = Date.now();
    const confirmed = await eventually(async () => {
      const f = (await second!.http.get(`/api/admin/asset-handshake/flows/${sent.id}`).set(auth2)).body;
      return f.state === 'confirmed' ? f : undefined;
    }, 'allocation confirmed by the second process', 30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(confirmed.correlationId).toBe(sent.correlationId);
    const creates = sim.callsFor('CREATE_SERVICE_PLAN').filter((c) => c.correlationId.startsWith(sent.correlationId));
    expect(creates.map((c) => c.outcome)).toEqual([...creates.slice(0, -1).map(() => 'silent'), 'replied']);
    expect([...sim.store.plans.values()].filter((p) => p.contract_ref === order.name)).toHaveLength(1);
    expect(confirmed.timeline.filter((e: { event: string }) => e.event === 'confirmed')).toHaveLength(1);
  });
});
