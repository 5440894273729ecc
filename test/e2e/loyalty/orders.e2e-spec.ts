import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/app';
import { createProgram, loyaltyKeys, orderBody, type LoyaltyKit } from '../../support/builders/loyalty';

describe('loyalty orders (POST /api/v1/orders)', () => {
  let t: TestApp;
  let kit: LoyaltyKit;
  let program: { id: string; code: string };
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    kit = await loyaltyKeys(t);
    ds = t.get(DataSource);
    program = await createProgram(t, kit, { minRedeemPoints: 10, maxRedeemRatio: 0.5, excludedCategoryRefs: ['TOBACCO'] });
  });
  afterAll(async () => { await t.close(); });

  const post = (body: Record<string, unknown>, key = kit.partner) => t.http.post('/api/v1/orders').set('X-API-Key', key).send(body);

  it('applies an order once: earns points, creates member and card, and a replay returns the same result changing nothing', async () => {
    const body = orderBody(kit, { program: program.code, lines: [
      { productRef: 'MILK', categoryRef: 'DAIRY', quantity: 2, unitPrice: 25.5 },
      { productRef: 'CIG', categoryRef: 'TOBACCO', quantity: 1, unitPrice: 80 },
    ] });
    const first = await post(body).expect(201);
    expect(first.body).toMatchObject({ status: 'applied', replayed: false, subtotal: 131, total: 131, pointsEarned: 51, balance: 51, programCode: program.code });
    const replay = await post(body).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect({ ...replay.body, replayed: false }).toEqual(first.body);
    const moves = await ds.query(`SELECT count(*)::int AS n FROM loyalty_point_move WHERE card_id = $1`, [first.body.cardId]);
    expect(moves[0].n).toBe(1);
    const bal = await t.http.get(`/api/v1/cards/${first.body.cardCode}/balance`).set('X-API-Key', kit.reader).expect(200);
    expect(bal.body).toMatchObject({ balance: 51, cardId: first.body.cardId, lifetimeEarned: 51 });
    expect(bal.body.nextExpiry.points).toBe(51);
  });

  it('refuses the same orderRef with different content (409) and applies concurrent duplicates exactly once', async () => {
    const body = orderBody(kit, { program: program.code, amount: 40 });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
    const changed = await post({ ...body, lines: [{ productRef: 'SKU-1', quantity: 1, unitPrice: 41 }] }).expect(409);
    expect(changed.body.code).toBe('LOYALTY.IDEMPOTENCY_CONFLICT');
    const rows = await ds.query(`SELECT points_earned FROM loyalty_order WHERE order_ref = $1`, [body.orderRef]);
    expect(rows).toEqual([{ points_earned: 40 }]);
  });

  it('pays with points at the redemption value, capped by the program share, and earns on what is left', async () => {
    const customer = { externalRef: `C-${kit.uid()}` };
    await post(orderBody(kit, { program: program.code, customer, amount: 500 })).expect(201);
    const res = await post(orderBody(kit, { program: program.code, customer, amount: 100, redeemPoints: 800 })).expect(201);
    // 50% of 100 can be paid with points: 500 points at 0.10.
    expect(res.body).toMatchObject({ pointsRedeemed: 500, discountTotal: 50, total: 50, pointsEarned: 50, balance: 500 - 500 + 50 });
    expect(res.body.discounts).toEqual([{ source: 'points', ref: 'points', amount: 50, points: 500 }]);
  });

  it('refuses to pay with more points than the card holds, leaving nothing applied', async () => {
    const customer = { externalRef: `C-${kit.uid()}` };
    await post(orderBody(kit, { program: program.code, customer, amount: 30 })).expect(201);
    const body = orderBody(kit, { program: program.code, customer, amount: 100, redeemPoints: 40 });
    const res = await post(body).expect(422);
    expect(res.body).toMatchObject({ code: 'LOYALTY.INSUFFICIENT_POINTS', details: { balance: 30, requested: 40 } });
    expect(await ds.query(`SELECT 1 FROM loyalty_order WHERE order_ref = $1`, [body.orderRef])).toEqual([]);
  });

  it('applies earning rules and rewards', async () => {
    const p = await createProgram(t, kit, { pointsPerCurrencyUnit: 1 });
    await t.http.post(`/api/admin/loyalty/programs/${p.code}/rules`).set('X-API-Key', kit.admin)
      .send({ name: 'Dairy x2', scope: 'category', categoryRefs: ['DAIRY'], mode: 'money', points: 1 }).expect(201);
    await t.http.post(`/api/admin/loyalty/programs/${p.code}/rules`).set('X-API-Key', kit.admin)
      .send({ name: 'Big basket', scope: 'order', mode: 'order', points: 25, minimumAmount: 200 }).expect(201);
    const reward = await t.http.post(`/api/admin/loyalty/programs/${p.code}/rewards`).set('X-API-Key', kit.admin)
      .send({ name: 'Free coffee', rewardType: 'free_product', requiredPoints: 100, productRef: 'COFFEE' }).expect(201);
    const customer = { externalRef: `C-${kit.uid()}` };
    const first = await post(orderBody(kit, { program: p.code, customer, lines: [
      { productRef: 'MILK', categoryRef: 'DAIRY', quantity: 4, unitPrice: 30 }, { productRef: 'BREAD', quantity: 2, unitPrice: 50 },
    ] })).expect(201);
    // 220 base + 120 dairy bonus + 25 big basket.
    expect(first.body.pointsEarned).toBe(365);
    expect(first.body.earning.rules.map((r: { points: number }) => r.points).sort()).toEqual([120, 25].sort());
    const second = await post(orderBody(kit, { program: p.code, customer, rewardId: reward.body.id, lines: [
      { productRef: 'COFFEE', quantity: 2, unitPrice: 35 },
    ] })).expect(201);
    expect(second.body).toMatchObject({ pointsRedeemed: 100, discountTotal: 35, total: 35, pointsEarned: 35, balance: 365 - 100 + 35 });
    const noCoffee = await post(orderBody(kit, { program: p.code, customer, rewardId: reward.body.id, amount: 10 })).expect(422);
    expect(noCoffee.body.code).toBe('LOYALTY.REWARD_REJECTED');
  });

  it('validates input with clear 400s and checks the API key scope', async () => {
    const bad = await post({ orderRef: 'x', customer: {}, lines: [{ productRef: 'A', quantity: -1, unitPrice: 1.234 }], extra: 1 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION.FAILED');
    expect(Object.keys(bad.body.details)).toEqual(expect.arrayContaining(['lines.0.quantity', 'lines.0.unitPrice', 'extra']));
    const noIdentity = await post(orderBody(kit, { program: program.code, customer: {} })).expect(400);
    expect(noIdentity.body.code).toBe('LOYALTY.INVALID_INPUT');
    await post(orderBody(kit, { program: program.code }), kit.reader).expect(403);
    await t.http.post('/api/v1/orders').send(orderBody(kit, { program: program.code })).expect(401);
    const unknown = await post(orderBody(kit, { program: 'NOPE_PROGRAM' })).expect(404);
    expect(unknown.body.code).toBe('LOYALTY.PROGRAM_NOT_FOUND');
    const currency = await post(orderBody(kit, { program: program.code, currency: 'USD' })).expect(400);
    expect(currency.body.details).toHaveProperty('currency');
  });

  it('keeps the balance row equal to the ledger and to the open buckets', async () => {
    const rows = await ds.query(`
      SELECT c.id, c.balance,
        (SELECT coalesce(sum(points), 0) FROM loyalty_point_move m WHERE m.card_id = c.id)::int AS ledger,
        (SELECT coalesce(sum(points_remaining), 0) FROM loyalty_point_bucket b WHERE b.card_id = c.id AND b.status = 'open')::int AS buckets
      FROM loyalty_card c WHERE c.program_id = $1`, [program.id]);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      expect(r.ledger).toBe(r.balance);
      expect(r.buckets).toBe(r.balance);
    }
  });
});
