import { DataSource } from 'typeorm';
import { TiersService } from '../../../src/contexts/loyalty/application/tiers.service';
import { createTestApp, type TestApp } from '../../support/app';
import { createProgram, loyaltyKeys, orderBody, type LoyaltyKit } from '../../support/builders/loyalty';

const DAY = 86_400_000;

describe('loyalty membership tiers', () => {
  let t: TestApp;
  let kit: LoyaltyKit;
  let ds: DataSource;
  let tiers: TiersService;

  beforeAll(async () => {
    t = await createTestApp();
    kit = await loyaltyKeys(t);
    ds = t.get(DataSource);
    tiers = t.get(TiersService);
  });
  afterAll(async () => { await t.close(); });

  async function tierSet(programCode: string, over: Record<string, unknown>) {
    const res = await t.http.post('/api/admin/loyalty/tier-sets').set('X-API-Key', kit.admin).send({
      code: `TS${kit.uid()}`, name: 'Membership', primaryProgram: programCode, windowDays: 30, downgradePolicy: 'automatic',
      tiers: [
        { code: 'SILVER', name: 'Silver', thresholdAmount: 100, earnMultiplier: 1.25, odooMembershipProductId: 11 },
        { code: 'GOLD', name: 'Gold', thresholdAmount: 500, earnMultiplier: 2, odooMembershipProductId: 12 },
      ],
      ...over,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; code: string; tiers: Array<{ id: string; code: string }> };
  }
  const order = (programCode: string, customer: Record<string, unknown>, amount: number, orderedAt?: Date) =>
    t.http.post('/api/v1/orders').set('X-API-Key', kit.partner)
      .send(orderBody(kit, { program: programCode, customer, amount, ...(orderedAt ? { orderedAt: orderedAt.toISOString() } : {}) }));
  const tierOf = async (memberId: string, setId: string) =>
    (await ds.query(`SELECT t.code FROM loyalty_member_tier mt LEFT JOIN loyalty_tier t ON t.id = mt.tier_id WHERE mt.member_id = $1 AND mt.tier_set_id = $2`, [memberId, setId]))[0]?.code ?? null;

  it('counts a transaction in the rolling window only if strictly younger than the window, at both edges', async () => {
    const p = await createProgram(t, kit);
    const set = await tierSet(p.code, {});
    const T = new Date(Math.floor(Date.now() / 1000) * 1000);
    const customer = { externalRef: `C-${kit.uid()}` };
    const a = await order(p.code, customer, 400, new Date(T.getTime() - 30 * DAY)).expect(201);
    const b = await order(p.code, customer, 100, new Date(T.getTime() - 30 * DAY + 1000)).expect(201);
    const memberId = a.body.memberId;
    // Placed now: A is just outside the live window, B inside → Silver at once.
    expect(b.body.tierChanges).toEqual([expect.objectContaining({ tierSetCode: set.code, to: expect.objectContaining({ code: 'SILVER' }), direction: 'upgrade' })]);

    await tiers.evaluateAll(T); // window (T-30d, T]: A (exactly T-30d) is out → 100 → Silver
    expect(await tierOf(memberId, set.id)).toBe('SILVER');
    await tiers.evaluateAll(new Date(T.getTime() - 1)); // A now inside → 500 → Gold
    expect(await tierOf(memberId, set.id)).toBe('GOLD');
    await tiers.evaluateAll(new Date(T.getTime() + 1000)); // B exactly on the start edge → 0 → no tier
    expect(await tierOf(memberId, set.id)).toBeNull();

    const hist = await t.http.get(`/api/v1/members/${memberId}/tier-history`).set('X-API-Key', kit.reader).expect(200);
    expect(hist.body.items.map((h: { from: string | null; to: string | null; reason: string }) => [h.from, h.to, h.reason]))
      .toEqual([['GOLD', null, 'downgrade'], ['SILVER', 'GOLD', 'upgrade'], [null, 'SILVER', 'upgrade']]);
    expect(hist.body.items.every((h: { odooStatus: string }) => h.odooStatus === 'pending')).toBe(true);
    const events = await ds.query(`SELECT payload FROM loyalty_event WHERE member_id = $1 AND type = 'loyalty.membership.tier-changed' ORDER BY occurred_at`, [memberId]);
    expect(events.map((e: { payload: { direction: string } }) => e.payload.direction)).toEqual(['upgrade', 'upgrade', 'downgrade']);
  });

  it('downgrades after N days below the threshold, not before, and the grace ends if the member qualifies again', async () => {
    const p = await createProgram(t, kit);
    const set = await tierSet(p.code, { downgradePolicy: 'after_days', downgradeAfterDays: 10 });
    const customer = { externalRef: `C-${kit.uid()}` };
    const placed = new Date(Date.now() - 5 * DAY);
    const o = await order(p.code, customer, 600, placed).expect(201);
    const memberId = o.body.memberId;
    expect(await tierOf(memberId, set.id)).toBe('GOLD');
    const left = new Date(placed.getTime() + 30 * DAY + 1);
    await tiers.evaluateAll(left);
    const [st] = await ds.query(`SELECT below_since FROM loyalty_member_tier WHERE member_id = $1 AND tier_set_id = $2`, [memberId, set.id]);
    expect(st.below_since).toEqual(left);
    await tiers.evaluateAll(new Date(left.getTime() + 10 * DAY - 1));
    expect(await tierOf(memberId, set.id)).toBe('GOLD');
    await tiers.evaluateAll(new Date(left.getTime() + 10 * DAY));
    expect(await tierOf(memberId, set.id)).toBeNull();

    // Another member falls below, then buys again inside the grace period: grace over, tier kept.
    const c2 = { externalRef: `C-${kit.uid()}` };
    const o2 = await order(p.code, c2, 150, new Date(Date.now() - 29 * DAY)).expect(201);
    await tiers.evaluateAll(new Date(Date.now() + 2 * DAY));
    const [g] = await ds.query(`SELECT below_since FROM loyalty_member_tier WHERE member_id = $1 AND tier_set_id = $2`, [o2.body.memberId, set.id]);
    expect(g.below_since).not.toBeNull();
    await order(p.code, c2, 120).expect(201);
    await tiers.evaluateAll(new Date());
    const [g2] = await ds.query(`SELECT below_since, t.code FROM loyalty_member_tier mt JOIN loyalty_tier t ON t.id = mt.tier_id WHERE mt.member_id = $1 AND mt.tier_set_id = $2`, [o2.body.memberId, set.id]);
    expect(g2).toEqual({ below_since: null, code: 'SILVER' });
  });

  it('never downgrades under the never policy', async () => {
    const p = await createProgram(t, kit);
    const set = await tierSet(p.code, { downgradePolicy: 'never' });
    const o = await order(p.code, { externalRef: `C-${kit.uid()}` }, 550, new Date(Date.now() - DAY)).expect(201);
    await tiers.evaluateAll(new Date(Date.now() + 400 * DAY));
    expect(await tierOf(o.body.memberId, set.id)).toBe('GOLD');
  });

  it("applies the tier's earn multiplier to the primary program, and shows the member's standing", async () => {
    const p = await createProgram(t, kit);
    await tierSet(p.code, {});
    const customer = { externalRef: `C-${kit.uid()}` };
    const first = await order(p.code, customer, 500).expect(201);
    expect(first.body.pointsEarned).toBe(500); // earned at the tier held before the order
    const second = await order(p.code, customer, 100).expect(201);
    expect(second.body.earning).toMatchObject({ basePoints: 100, multiplier: 2, multipliedBasePoints: 200 });
    const other = await createProgram(t, kit);
    const third = await order(other.code, customer, 100).expect(201);
    expect(third.body.earning.multiplier).toBe(1);
    const m = await t.http.get(`/api/v1/members/${first.body.memberId}`).set('X-API-Key', kit.reader).expect(200);
    const mine = m.body.tiers.find((x: { tierCode: string }) => x.tierCode === 'GOLD');
    expect(mine).toMatchObject({ qualifyingAmount: 600, next: null });
    expect(m.body.cards).toHaveLength(2);
    const bal = await t.http.get(`/api/v1/cards/${first.body.cardId}/balance`).set('X-API-Key', kit.reader).expect(200);
    expect(bal.body.tier).toMatchObject({ code: 'GOLD', earnMultiplier: 2 });
  });

  it('validates tier sets and lets an admin set a tier by hand', async () => {
    const p = await createProgram(t, kit);
    const bad = await t.http.post('/api/admin/loyalty/tier-sets').set('X-API-Key', kit.admin).send({
      code: `TS${kit.uid()}`, name: 'Bad', windowDays: 30, downgradePolicy: 'after_days',
      tiers: [{ code: 'AA', name: 'Aa', thresholdAmount: 100 }],
    }).expect(400);
    expect(bad.body.details).toHaveProperty('downgradeAfterDays');
    const ladder = await t.http.post('/api/admin/loyalty/tier-sets').set('X-API-Key', kit.admin).send({
      code: `TS${kit.uid()}`, name: 'Bad', windowDays: 30, downgradePolicy: 'never',
      tiers: [{ code: 'AA', name: 'Aa', thresholdAmount: 500 }, { code: 'BB', name: 'Bb', thresholdAmount: 100 }],
    }).expect(400);
    expect(ladder.body.code).toBe('LOYALTY.INVALID_INPUT');
    const set = await tierSet(p.code, {});
    const o = await order(p.code, { externalRef: `C-${kit.uid()}` }, 10).expect(201);
    const gold = set.tiers.find((x) => x.code === 'GOLD')!;
    const r = await t.http.put(`/api/admin/loyalty/members/${o.body.memberId}/tier`).set('X-API-Key', kit.admin).send({ tierSetId: set.id, tierId: gold.id }).expect(200);
    expect(r.body.change).toMatchObject({ direction: 'admin', to: { code: 'GOLD' } });
    expect(await tierOf(o.body.memberId, set.id)).toBe('GOLD');
  });
});
