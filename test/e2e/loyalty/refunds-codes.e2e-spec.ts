import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../support/app';
import { createProgram, loyaltyKeys, orderBody, type LoyaltyKit } from '../../support/builders/loyalty';
import { ledgerMismatches } from '../../support/builders/loyalty-seed';

describe('loyalty refunds, promo codes and referrals', () => {
  let t: TestApp;
  let kit: LoyaltyKit;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    kit = await loyaltyKeys(t);
    ds = t.get(DataSource);
  });
  afterAll(async () => { await t.close(); });

  const order = (body: Record<string, unknown>) => t.http.post('/api/v1/orders').set('X-API-Key', kit.partner).send(body);
  const refund = (orderRef: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/orders/${encodeURIComponent(orderRef)}/refunds`).set('X-API-Key', kit.partner).send(body);
  const promo = (body: Record<string, unknown>) => t.http.post('/api/admin/loyalty/promo-codes').set('X-API-Key', kit.admin).send(body);
  const balance = async (cardId: string) => (await ds.query(`SELECT balance FROM loyalty_card WHERE id = $1`, [cardId]))[0].balance as number;

  describe('refunds', () => {
    it('a full refund takes back earned points, gives back redeemed points and releases the promo use', async () => {
      const p = await createProgram(t, kit, { redemptionValue: 0.1, maxRedeemRatio: 1 });
      const code = `FULL${kit.uid()}`;
      await promo({ code, name: 'Ten off', discountType: 'fixed', discountValue: 10, program: p.code, maxUses: 1 }).expect(201);
      const customer = { externalRef: `C-${kit.uid()}` };
      const seed = await order(orderBody(kit, { program: p.code, customer, amount: 300 })).expect(201);
      const ref = `POS/R/${kit.uid()}`;
      const o = await order(orderBody(kit, { program: p.code, customer, orderRef: ref, amount: 110, promoCodes: [code], redeemPoints: 200 })).expect(201);
      expect(o.body).toMatchObject({ discountTotal: 30, total: 80, pointsRedeemed: 200, pointsEarned: 80, balance: 300 - 200 + 80 });
      // The single use is taken.
      expect((await order(orderBody(kit, { program: p.code, amount: 50, promoCodes: [code] })).expect(422)).body.details.reason).toBe('usage_limit');

      const r = await refund(ref, { refundRef: `RF-${kit.uid()}`, reason: 'returned' }).expect(201);
      expect(r.body).toMatchObject({ full: true, orderStatus: 'refunded', pointsReversed: 80, pointsRestored: 200, pointsUnrecovered: 0, discountReversed: 30, promoCodesReleased: [code], balance: 300 });
      expect(await balance(seed.body.cardId)).toBe(300);
      // The use is free again.
      await order(orderBody(kit, { program: p.code, amount: 50, promoCodes: [code] })).expect(201);
      const detail = await t.http.get(`/api/v1/orders/${encodeURIComponent(ref)}`).set('X-API-Key', kit.reader).expect(200);
      expect(detail.body).toMatchObject({ status: 'refunded', refunded: 80, pointsReversed: 80, pointsRestored: 200 });
      expect(detail.body.refunds).toHaveLength(1);
      await refund(ref, { refundRef: `RF-${kit.uid()}` }).expect(422);
      expect(await ledgerMismatches(ds, p.id)).toEqual([]);
    });

    it('partial refunds are proportional, idempotent, add up to the whole, and never exceed the order', async () => {
      const p = await createProgram(t, kit);
      const ref = `ORD-${kit.uid()}`;
      const o = await order(orderBody(kit, { program: p.code, orderRef: ref, amount: 101 })).expect(201);
      const r1ref = `RF-${kit.uid()}`;
      const r1 = await refund(ref, { refundRef: r1ref, amount: 33.33 }).expect(201);
      expect(r1.body).toMatchObject({ full: false, orderStatus: 'partially_refunded', pointsReversed: 33 });
      const again = await refund(ref, { refundRef: r1ref, amount: 33.33 }).expect(200);
      expect({ ...again.body, replayed: false }).toEqual(r1.body);
      await refund(ref, { refundRef: r1ref, amount: 10 }).expect(409);
      await refund(ref, { refundRef: `RF-${kit.uid()}`, amount: 70 }).expect(422);
      const r2 = await refund(ref, { refundRef: `RF-${kit.uid()}` }).expect(201);
      expect(r2.body).toMatchObject({ full: true, amount: 67.67, pointsReversed: 68, refundedTotal: 101 });
      expect(await balance(o.body.cardId)).toBe(0);
      expect(await ledgerMismatches(ds, p.id)).toEqual([]);
    });

    it('takes back what it can when the earned points were already spent, and reports the rest', async () => {
      const p = await createProgram(t, kit);
      const ref = `ORD-${kit.uid()}`;
      const o = await order(orderBody(kit, { program: p.code, orderRef: ref, amount: 100 })).expect(201);
      await t.http.post('/api/v1/points/redeem').set('X-API-Key', kit.partner).send({ cardId: o.body.cardId, points: 70, reference: 'spent' }).expect(201);
      const r = await refund(ref, { refundRef: `RF-${kit.uid()}` }).expect(201);
      expect(r.body).toMatchObject({ pointsReversed: 30, pointsUnrecovered: 70, balance: 0 });
      expect(await ledgerMismatches(ds, p.id)).toEqual([]);
    });

    it('refund of an unknown order is a 404', async () => {
      expect((await refund('NOPE-ORDER', { refundRef: `RF-${kit.uid()}` }).expect(404)).body.code).toBe('LOYALTY.ORDER_NOT_FOUND');
    });
  });

  describe('promo codes', () => {
    it('enforces a total limit under concurrency and a per-member limit', async () => {
      const p = await createProgram(t, kit);
      const code = `LIM${kit.uid()}`;
      await promo({ code, name: 'Limited', discountType: 'percent', discountValue: 10, maxUses: 5, maxUsesPerMember: 1 }).expect(201);
      const results = await Promise.all(Array.from({ length: 12 }, () => order(orderBody(kit, { program: p.code, amount: 100, promoCodes: [code.toLowerCase()] }))));
      expect(results.filter((r) => r.status === 201)).toHaveLength(5);
      expect(results.filter((r) => r.status === 422).every((r) => r.body.details.reason === 'usage_limit')).toBe(true);
      const row = await t.http.get(`/api/admin/loyalty/promo-codes/${code}`).set('X-API-Key', kit.admin).expect(200);
      expect(row.body.usesCount).toBe(5);

      const code2 = `ONE${kit.uid()}`;
      await promo({ code: code2, name: 'Once each', discountType: 'fixed', discountValue: 5, maxUsesPerMember: 1 }).expect(201);
      const customer = { externalRef: `C-${kit.uid()}` };
      await order(orderBody(kit, { program: p.code, customer, amount: 50, promoCodes: [code2] })).expect(201);
      expect((await order(orderBody(kit, { program: p.code, customer, amount: 50, promoCodes: [code2] })).expect(422)).body.details.reason).toBe('member_limit');
      await order(orderBody(kit, { program: p.code, amount: 50, promoCodes: [code2] })).expect(201);
    });

    it('checks validity, minimum amount and product scope; bonus-point codes add points', async () => {
      const p = await createProgram(t, kit);
      const future = `FUT${kit.uid()}`;
      await promo({ code: future, name: 'Later', discountType: 'percent', discountValue: 5, validFrom: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
      expect((await order(orderBody(kit, { program: p.code, promoCodes: [future] })).expect(422)).body.details.reason).toBe('not_started');
      const min = `MIN${kit.uid()}`;
      await promo({ code: min, name: 'Min', discountType: 'fixed', discountValue: 5, minOrderAmount: 200 }).expect(201);
      expect((await order(orderBody(kit, { program: p.code, amount: 150, promoCodes: [min] })).expect(422)).body.details.reason).toBe('min_order_amount');
      const dairy = `DAI${kit.uid()}`;
      await promo({ code: dairy, name: 'Dairy', discountType: 'percent', discountValue: 50, categoryRefs: ['DAIRY'] }).expect(201);
      const ok = await order(orderBody(kit, { program: p.code, promoCodes: [dairy], lines: [
        { productRef: 'MILK', categoryRef: 'DAIRY', quantity: 1, unitPrice: 40 }, { productRef: 'BREAD', categoryRef: 'BAKERY', quantity: 1, unitPrice: 60 },
      ] })).expect(201);
      expect(ok.body).toMatchObject({ discountTotal: 20, total: 80, pointsEarned: 80 });
      const bonus = `BON${kit.uid()}`;
      await promo({ code: bonus, name: 'Bonus', discountType: 'points', bonusPoints: 50 }).expect(201);
      const b = await order(orderBody(kit, { program: p.code, amount: 20, promoCodes: [bonus] })).expect(201);
      expect(b.body).toMatchObject({ pointsEarned: 70, total: 20, earning: { promoBonusPoints: 50 } });
      expect((await order(orderBody(kit, { program: p.code, promoCodes: ['NOSUCHCODE1'] })).expect(422)).body.details.reason).toBe('unknown');
      await promo({ code: bonus, name: 'Dup', discountType: 'percent', discountValue: 5 }).expect(409);
      await promo({ code: `BAD${kit.uid()}`, name: 'Bad', discountType: 'percent', discountValue: 150 }).expect(400);
    });
  });

  describe('referrals', () => {
    it("the referee's first order rewards both, once; later orders and self-referral do not", async () => {
      const p = await createProgram(t, kit, { referrerPoints: 100, refereePoints: 50, referralMinOrderAmount: 20 });
      const referrer = await t.http.post('/api/v1/members').set('X-API-Key', kit.partner).send({ externalRef: `C-${kit.uid()}`, program: p.code }).expect(201);
      const code = referrer.body.referralCode;
      const selfRef = await order(orderBody(kit, { program: p.code, customer: { externalRef: referrer.body.externalRef }, amount: 30, referralCode: code })).expect(201);
      expect(selfRef.body.referral).toEqual({ status: 'not_eligible', reason: 'self_referral' });

      const referee = { externalRef: `C-${kit.uid()}` };
      const small = await order(orderBody(kit, { program: p.code, customer: referee, amount: 10, referralCode: code })).expect(201);
      expect(small.body.referral).toEqual({ status: 'not_eligible', reason: 'below_minimum' });
      const first = await order(orderBody(kit, { program: p.code, customer: referee, amount: 40, referralCode: code })).expect(201);
      expect(first.body.referral).toMatchObject({ status: 'rewarded', referrerPoints: 100, refereePoints: 50 });
      expect(first.body.balance).toBe(10 + 40 + 50);
      const second = await order(orderBody(kit, { program: p.code, customer: referee, amount: 40, referralCode: code })).expect(201);
      expect(second.body.referral).toEqual({ status: 'not_eligible', reason: 'already_rewarded' });
      const referrerCard = referrer.body.cards[0].cardId;
      expect(await balance(referrerCard)).toBe(30 + 100);

      // A customer with order history cannot claim a referral afterwards.
      const late = await order(orderBody(kit, { program: p.code, amount: 30 })).expect(201);
      const lateAgain = await order(orderBody(kit, { program: p.code, customer: { externalRef: (await ds.query(`SELECT external_ref FROM loyalty_member WHERE id = $1`, [late.body.memberId]))[0].external_ref }, amount: 30, referralCode: code })).expect(201);
      expect(lateAgain.body.referral).toEqual({ status: 'not_eligible', reason: 'not_first_order' });
      expect((await order(orderBody(kit, { program: p.code, amount: 30, referralCode: 'RNOSUCH1' })).expect(422)).body.code).toBe('LOYALTY.REFERRAL_CODE_UNKNOWN');
    });

    it('a referral registered at enrolment is rewarded on the first order, and reversed with its full refund', async () => {
      const p = await createProgram(t, kit, { referrerPoints: 100, refereePoints: 50 });
      const referrer = await t.http.post('/api/v1/members').set('X-API-Key', kit.partner).send({ externalRef: `C-${kit.uid()}`, program: p.code }).expect(201);
      const refereeRef = `C-${kit.uid()}`;
      const enrolled = await t.http.post('/api/v1/members').set('X-API-Key', kit.partner)
        .send({ externalRef: refereeRef, program: p.code, referralCode: referrer.body.referralCode.toLowerCase() }).expect(201);
      expect(enrolled.body).toMatchObject({ created: true, referral: 'registered' });
      const again = await t.http.post('/api/v1/members').set('X-API-Key', kit.partner).send({ externalRef: refereeRef, program: p.code }).expect(200);
      expect(again.body.created).toBe(false);
      const ref = `ORD-${kit.uid()}`;
      const o = await order(orderBody(kit, { program: p.code, orderRef: ref, customer: { externalRef: refereeRef }, amount: 60 })).expect(201);
      expect(o.body.referral.status).toBe('rewarded');
      const r = await refund(ref, { refundRef: `RF-${kit.uid()}` }).expect(201);
      expect(r.body).toMatchObject({ referralReversed: true, balance: 0 });
      expect(await balance(referrer.body.cards[0].cardId)).toBe(0);
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const report = await t.http.get(`/api/admin/loyalty/reports/referrals?from=${from}&to=${to}&program=${p.code}`).set('X-API-Key', kit.admin).expect(200);
      expect(report.body.rows).toEqual([expect.objectContaining({ referralCode: referrer.body.referralCode, referrals: 1, reversed: 1, rewarded: 0 })]);
      expect(await ledgerMismatches(ds, p.id)).toEqual([]);
    });
  });
});
