import { EventEmitter2 } from '@nestjs/event-emitter';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoyaltyEventType, type LoyaltyEvent, type OrderAppliedData } from '../../../src/contexts/loyalty';
import { checkWebhookSignature } from '../../../src/infrastructure/inbox';
import { createTestApp, type TestApp } from '../../support/app';
import { createProgram, eventually, loyaltyKeys, orderBody, type LoyaltyKit } from '../../support/builders/loyalty';

interface Received { headers: IncomingMessage['headers']; raw: Buffer; body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> } }

describe('loyalty events: in-process bus and signed partner webhooks', () => {
  let t: TestApp;
  let kit: LoyaltyKit;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  /** How the fake partner answers: by default 200; a function may choose per request. */
  let answer: (r: Received) => number = () => 200;
  const subscriptions: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const r: Received = { headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) };
        received.push(r);
        res.statusCode = answer(r);
        res.end(res.statusCode < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    t = await createTestApp({ OUTBOUND_WEBHOOK_RETRY_SCHEDULE: '200ms,300ms' });
    kit = await loyaltyKeys(t);
  });
  afterAll(async () => {
    for (const id of subscriptions) await t.http.delete(`/api/admin/webhooks/${id}`).set('X-API-Key', kit.admin);
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  async function subscribe(eventTypes: string[], path = '/hooks') {
    const res = await t.http.post('/api/admin/webhooks').set('X-API-Key', kit.admin).send({ name: 'partner', url: url.replace('/hooks', path), eventTypes }).expect(201);
    subscriptions.push(res.body.id);
    return res.body as { id: string; secret: string };
  }

  it('publishes order and point events in-process and delivers them signed to subscribed partners', async () => {
    const sub = await subscribe([LoyaltyEventType.OrderApplied, LoyaltyEventType.PointsEarned]);
    expect(sub.secret).toMatch(/^whsec_/);
    const seen: LoyaltyEvent<OrderAppliedData>[] = [];
    const listener = (e: LoyaltyEvent<OrderAppliedData>) => void seen.push(e);
    t.get(EventEmitter2).on(LoyaltyEventType.OrderApplied, listener);
    const p = await createProgram(t, kit);
    const body = orderBody(kit, { program: p.code, amount: 75 });
    await t.http.post('/api/v1/orders').set('X-API-Key', kit.partner).send(body).expect(201);

    const mine = await eventually(async () => {
      const got = received.filter((r) => (r.body.data as { orderRef?: string }).orderRef === body.orderRef);
      return got.length >= 2 ? got : null;
    });
    expect(mine.map((r) => r.body.type).sort()).toEqual([LoyaltyEventType.OrderApplied, LoyaltyEventType.PointsEarned].sort());
    for (const r of mine) {
      expect(checkWebhookSignature(sub.secret, r.raw, r.headers['x-hub-signature'] as string, r.headers['x-hub-timestamp'] as string, 300)).toBe('ok');
      expect(checkWebhookSignature('whsec_wrong', r.raw, r.headers['x-hub-signature'] as string, r.headers['x-hub-timestamp'] as string, 300)).toBe('mismatch');
      expect(r.headers['x-hub-event']).toBe(r.body.type);
      expect(r.headers['x-hub-event-id']).toBe(r.body.id);
    }
    const earned = mine.find((r) => r.body.type === LoyaltyEventType.PointsEarned)!;
    expect(earned.body.data).toMatchObject({ points: 75, balance: 75, source: 'order' });

    const inProcess = await eventually(async () => seen.find((e) => e.data.orderRef === body.orderRef));
    expect(inProcess).toMatchObject({ type: LoyaltyEventType.OrderApplied, data: { total: 75, pointsEarned: 75 } });
    expect(inProcess.id).toBe(mine.find((r) => r.body.type === LoyaltyEventType.OrderApplied)!.body.id);
    t.get(EventEmitter2).off(LoyaltyEventType.OrderApplied, listener);
  });

  it('retries a failed delivery with backoff and logs every attempt', async () => {
    const sub = await subscribe([LoyaltyEventType.PointsRedeemed]);
    const p = await createProgram(t, kit);
    const o = await t.http.post('/api/v1/orders').set('X-API-Key', kit.partner).send(orderBody(kit, { program: p.code, amount: 30 })).expect(201);
    let failures = 0;
    answer = (r) => (r.body.type === LoyaltyEventType.PointsRedeemed && failures++ < 2 ? 503 : 200);
    await t.http.post('/api/v1/points/redeem').set('X-API-Key', kit.partner).send({ cardId: o.body.cardId, points: 10, reference: `r-${kit.uid()}` }).expect(201);
    const delivered = await eventually(async () => {
      const res = await t.http.get(`/api/admin/webhooks/deliveries?subscriptionId=${sub.id}`).set('X-API-Key', kit.admin);
      return res.body.items.find((d: { status: string }) => d.status === 'delivered');
    });
    expect(delivered.attempts).toBe(3);
    const detail = await t.http.get(`/api/admin/webhooks/deliveries/${delivered.id}`).set('X-API-Key', kit.admin).expect(200);
    expect(detail.body.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 200]);
    expect(detail.body.payload).toMatchObject({ type: LoyaltyEventType.PointsRedeemed, data: { points: -10 } });
    answer = () => 200;
  });

  it('gives up after the schedule, can redeliver by hand, and a 410 disables the subscription', async () => {
    const dead = await subscribe([LoyaltyEventType.MemberEnrolled], '/dead');
    answer = (r) => (r.headers['x-hub-event'] === LoyaltyEventType.MemberEnrolled ? 500 : 200);
    await t.http.post('/api/v1/members').set('X-API-Key', kit.partner).send({ externalRef: `C-${kit.uid()}`, program: (await createProgram(t, kit)).code }).expect(201);
    const gaveUp = await eventually(async () => {
      const res = await t.http.get(`/api/admin/webhooks/deliveries?subscriptionId=${dead.id}&status=dead`).set('X-API-Key', kit.admin);
      return res.body.items[0];
    });
    expect(gaveUp.attempts).toBe(3);
    answer = () => 200;
    await t.http.post(`/api/admin/webhooks/deliveries/${gaveUp.id}/redeliver`).set('X-API-Key', kit.admin).expect(200);
    await eventually(async () => (await t.http.get(`/api/admin/webhooks/deliveries/${gaveUp.id}`).set('X-API-Key', kit.admin)).body.status === 'delivered');

    const gone = await subscribe(['webhook.ping'], '/gone');
    answer = (r) => (r.headers['x-hub-event'] === 'webhook.ping' ? 410 : 200);
    await t.http.post(`/api/admin/webhooks/${gone.id}/ping`).set('X-API-Key', kit.admin).expect(202);
    const disabled = await eventually(async () => {
      const res = await t.http.get(`/api/admin/webhooks/${gone.id}`).set('X-API-Key', kit.admin);
      return res.body.active === false ? res.body : null;
    });
    expect(disabled.disabledReason).toContain('410');
    answer = () => 200;
  });

  it('validates subscriptions and keeps them admin-only', async () => {
    const bad = await t.http.post('/api/admin/webhooks').set('X-API-Key', kit.admin).send({ name: 'x', url: 'ftp://nope', eventTypes: [] }).expect(400);
    expect(Object.keys(bad.body.details)).toEqual(expect.arrayContaining(['name', 'url', 'eventTypes']));
    const unknown = await t.http.post('/api/admin/webhooks').set('X-API-Key', kit.admin).send({ name: 'xx', url, eventTypes: ['loyalty.nope'] }).expect(400);
    expect(unknown.body.code).toBe('WEBHOOK.UNKNOWN_EVENT_TYPE');
    await t.http.get('/api/admin/webhooks').set('X-API-Key', kit.partner).expect(403);
    const types = await t.http.get('/api/admin/webhooks/event-types').set('X-API-Key', kit.admin).expect(200);
    expect(types.body.eventTypes).toEqual(expect.arrayContaining([LoyaltyEventType.TierChanged, LoyaltyEventType.PointsExpired, 'webhook.ping']));
  });
});
