import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/app';
import { createProgram, loyaltyKeys, orderBody, type LoyaltyKit } from '../../support/builders/loyalty';

describe('loyalty points (earn, redeem, history)', () => {
  let t: TestApp;
  let kit: LoyaltyKit;
  let program: { id: string; code: string };
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    kit = await loyaltyKeys(t);
    ds = t.get(DataSource);
    program = await createProgram(t, kit);
  });
  afterAll(async () => { await t.close(); });

  async function newCard(): Promise<{ cardId: string; cardCode: string }> {
    const res = await t.http.post('/api/v1/orders').set('X-API-Key', kit.partner).send(orderBody(kit, { program: program.code, amount: 1 })).expect(201);
    return { cardId: res.body.cardId, cardCode: res.body.cardCode };
  }
  const earn = (cardId: string, points: number, reference: string, extra: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/points/earn').set('X-API-Key', kit.partner).send({ cardId, points, reference, ...extra });
  const redeem = (cardId: string, points: number, reference: string) =>
    t.http.post('/api/v1/points/redeem').set('X-API-Key', kit.partner).send({ cardId, points, reference });

  it('100 concurrent redemptions on one card never overspend', async () => {
    const { cardId } = await newCard();
    for (let i = 0; i < 10; i++) await earn(cardId, 100, `seed-${i}`, { expiresAt: new Date(Date.now() + (i + 2) * 86_400_000).toISOString() }).expect(201);
    // Card now holds 1 (the order) + 1000.
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => redeem(cardId, 15, `r-${i}`)));
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 422);
    expect(ok.length + refused.length).toBe(100);
    expect(ok).toHaveLength(Math.floor(1001 / 15));
    expect(refused.every((r) => r.body.code === 'LOYALTY.INSUFFICIENT_POINTS')).toBe(true);
    const [card] = await ds.query(`SELECT balance FROM loyalty_card WHERE id = $1`, [cardId]);
    expect(card.balance).toBe(1001 - ok.length * 15);
    const [check] = await ds.query(`
      SELECT (SELECT sum(points) FROM loyalty_point_move WHERE card_id = $1)::int AS ledger,
             (SELECT sum(points_remaining) FROM loyalty_point_bucket WHERE card_id = $1)::int AS buckets,
             (SELECT min(points_remaining) FROM loyalty_point_bucket WHERE card_id = $1)::int AS min_remaining`, [cardId]);
    expect(check).toEqual({ ledger: card.balance, buckets: card.balance, min_remaining: 0 });
    // Balances after each redemption form a strictly decreasing sequence: every move saw the previous one.
    const afters = ok.map((r) => r.body.balance).sort((a, b) => b - a);
    expect(new Set(afters).size).toBe(afters.length);
  });

  it('spends the soonest-expiring points first', async () => {
    const { cardId } = await newCard();
    await earn(cardId, 100, 'late', { expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() }).expect(201);
    await earn(cardId, 100, 'soon', { expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201);
    await redeem(cardId, 120, 'spend').expect(201);
    const buckets = await ds.query(
      `SELECT m.source_ref AS ref, b.points_remaining AS left FROM loyalty_point_bucket b JOIN loyalty_point_move m ON m.id = b.earn_move_id
       WHERE b.card_id = $1 AND m.source = 'api' ORDER BY m.source_ref`, [cardId]);
    expect(buckets).toEqual([{ ref: 'late', left: 80 }, { ref: 'soon', left: 0 }]);
    const bal = await t.http.get(`/api/v1/cards/${cardId}/balance`).set('X-API-Key', kit.reader).expect(200);
    expect(bal.body.balance).toBe(81);
    // The order's own point (365-day validity) expires after the 90-day bucket.
    expect(bal.body.nextExpiry.points).toBe(80);
  });

  it('is idempotent on the reference: a replay changes nothing, different content is a 409', async () => {
    const { cardId, cardCode } = await newCard();
    const a = await earn(cardCode, 40, 'dup').expect(201);
    const b = await earn(cardCode, 40, 'dup').expect(200);
    expect(b.body).toMatchObject({ moveId: a.body.moveId, replayed: true, balance: a.body.balance });
    await earn(cardId, 41, 'dup').expect(409);
    await redeem(cardId, 10, 'dup').expect(409);
    const r1 = await redeem(cardId, 10, 'red-1').expect(201);
    const r2 = await redeem(cardId, 10, 'red-1').expect(200);
    expect(r2.body.moveId).toBe(r1.body.moveId);
    const [card] = await ds.query(`SELECT balance FROM loyalty_card WHERE id = $1`, [cardId]);
    expect(card.balance).toBe(1 + 40 - 10);
  });

  it('pages the history newest first with a cursor, filtered by kind', async () => {
    const { cardId } = await newCard();
    for (let i = 0; i < 7; i++) await earn(cardId, 5, `h-${i}`).expect(201);
    await redeem(cardId, 3, 'h-r').expect(201);
    const p1 = await t.http.get(`/api/v1/cards/${cardId}/history?limit=3`).set('X-API-Key', kit.reader).expect(200);
    expect(p1.body.items.map((i: { kind: string; reference: string }) => [i.kind, i.reference])).toEqual([['redeem', 'h-r'], ['earn', 'h-6'], ['earn', 'h-5']]);
    const seen = [...p1.body.items];
    let cursor = p1.body.nextCursor;
    while (cursor) {
      const p = await t.http.get(`/api/v1/cards/${cardId}/history?limit=3&cursor=${cursor}`).set('X-API-Key', kit.reader).expect(200);
      seen.push(...p.body.items);
      cursor = p.body.nextCursor;
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen.map((i) => i.id)).size).toBe(9);
    const earns = await t.http.get(`/api/v1/cards/${cardId}/history?kind=redeem`).set('X-API-Key', kit.reader).expect(200);
    expect(earns.body.items).toHaveLength(1);
    await t.http.get(`/api/v1/cards/${cardId}/history?limit=0`).set('X-API-Key', kit.reader).expect(400);
  });

  it('rejects bad moves with clear errors', async () => {
    const { cardId } = await newCard();
    expect((await earn(cardId, 0, 'z').expect(400)).body.details).toHaveProperty('points');
    expect((await redeem(cardId, 5000, 'too-much').expect(422)).body.code).toBe('LOYALTY.INSUFFICIENT_POINTS');
    expect((await earn('LCNOSUCHCARD00', 5, 'x').expect(404)).body.code).toBe('LOYALTY.CARD_NOT_FOUND');
    expect((await earn(cardId, 5, 'past', { expiresAt: '2020-01-01T00:00:00Z' }).expect(400)).body.code).toBe('LOYALTY.INVALID_INPUT');
    await t.http.get(`/api/v1/cards/${cardId}/balance`).expect(401);
  });

  it('lets an admin adjust a balance but never below zero, and blocks a member', async () => {
    const { cardId } = await newCard();
    const adj = (points: number, reference: string) =>
      t.http.post('/api/admin/loyalty/points/adjust').set('X-API-Key', kit.admin).send({ cardId, points, reference, reason: 'correction' });
    await adj(25, 'a1').expect(201);
    await adj(-30, 'a2').expect(422);
    const ok = await adj(-26, 'a3').expect(201);
    expect(ok.body.balance).toBe(0);
    await t.http.post('/api/admin/loyalty/points/adjust').set('X-API-Key', kit.partner).send({ cardId, points: 5, reference: 'x', reason: 'nope' }).expect(403);
    const [card] = await ds.query(`SELECT member_id FROM loyalty_card WHERE id = $1`, [cardId]);
    await t.http.patch(`/api/admin/loyalty/members/${card.member_id}/status`).set('X-API-Key', kit.admin).send({ status: 'blocked' }).expect(200);
    const member = await t.http.get(`/api/v1/members/${card.member_id}`).set('X-API-Key', kit.reader).expect(200);
    expect(member.body.status).toBe('blocked');
  });
});
