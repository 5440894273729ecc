import { DataSource } from 'typeorm';
import { ExpiryService } from '../../../src/contexts/loyalty/application/expiry.service';
import { createTestApp, type TestApp } from '../../support/app';
import { createProgram, eventually, loyaltyKeys, type LoyaltyKit } from '../../support/builders/loyalty';
import { ledgerMismatches, seedExpiryFixture } from '../../support/builders/loyalty-seed';
import { runCli } from '../../support/spawn';

const DAY = 86_400_000;

describe('loyalty point expiry', () => {
  let t: TestApp;
  let kit: LoyaltyKit;
  let ds: DataSource;
  let expiry: ExpiryService;

  beforeAll(async () => {
    t = await createTestApp({ LOYALTY_EXPIRY_BATCH_SIZE: '100' });
    kit = await loyaltyKeys(t);
    ds = t.get(DataSource);
    expiry = t.get(ExpiryService);
  });
  afterAll(async () => { await t.close(); });

  async function enrolledCard(programCode: string): Promise<string> {
    const res = await t.http.post('/api/v1/members').set('X-API-Key', kit.partner).send({ externalRef: `C-${kit.uid()}`, program: programCode }).expect(201);
    return res.body.cards[0].cardId;
  }
  const earn = (cardId: string, points: number, reference: string, inDays: number) =>
    t.http.post('/api/v1/points/earn').set('X-API-Key', kit.partner)
      .send({ cardId, points, reference, expiresAt: new Date(Date.now() + inDays * DAY).toISOString() }).expect(201);

  it('expires only what FIFO consumption left in a bucket, with one expire move per card', async () => {
    const p = await createProgram(t, kit);
    const cardId = await enrolledCard(p.code);
    await earn(cardId, 100, 'a', 10);
    await earn(cardId, 100, 'b', 40);
    await t.http.post('/api/v1/points/redeem').set('X-API-Key', kit.partner).send({ cardId, points: 120, reference: 'spend' }).expect(201);

    await expiry.run(new Date(Date.now() + 20 * DAY));
    expect(await ds.query(`SELECT 1 FROM loyalty_point_move WHERE card_id = $1 AND kind = 'expire'`, [cardId])).toEqual([]);

    await expiry.run(new Date(Date.now() + 50 * DAY));
    const moves = await ds.query(`SELECT points, balance_after AS after FROM loyalty_point_move WHERE card_id = $1 AND kind = 'expire'`, [cardId]);
    expect(moves).toEqual([{ points: -80, after: 0 }]);
    const [card] = await ds.query(`SELECT balance, lifetime_expired::int AS expired FROM loyalty_card WHERE id = $1`, [cardId]);
    expect(card).toEqual({ balance: 0, expired: 80 });
    expect(await ledgerMismatches(ds, p.id)).toEqual([]);
  });

  it('run twice concurrently, expires every due bucket exactly once', async () => {
    const p = await createProgram(t, kit);
    await seedExpiryFixture(ds, { programId: p.id, cards: 400, bucketsPerCard: 3, pointsPerBucket: 10, expiresAt: new Date(Date.now() - DAY) });
    // A fresh bucket on every card that must survive.
    await ds.query(
      `WITH mv AS (
         INSERT INTO loyalty_point_move (card_id, kind, points, balance_after, source, source_ref)
         SELECT id, 'earn', 5, balance + 5, 'seed', 'fresh' FROM loyalty_card WHERE program_id = $1 RETURNING id, card_id
       ), b AS (
         INSERT INTO loyalty_point_bucket (card_id, earn_move_id, points_earned, points_remaining, earned_at, expires_at)
         SELECT card_id, id, 5, 5, now(), now() + interval '30 days' FROM mv
       ) UPDATE loyalty_card SET balance = balance + 5 WHERE program_id = $1`, [p.id]);

    const asOf = new Date();
    const [a, b] = await Promise.all([expiry.run(asOf), expiry.run(asOf)]);
    expect(a.cards + b.cards).toBe(400);
    expect(a.buckets + b.buckets).toBe(1200);
    expect(a.points + b.points).toBe(12_000);

    const [stats] = await ds.query(
      `SELECT count(*) FILTER (WHERE m.kind = 'expire')::int AS moves, count(DISTINCT m.card_id) FILTER (WHERE m.kind = 'expire')::int AS cards,
              coalesce(-sum(m.points) FILTER (WHERE m.kind = 'expire'), 0)::int AS points
       FROM loyalty_point_move m JOIN loyalty_card c ON c.id = m.card_id WHERE c.program_id = $1`, [p.id]);
    expect(stats).toEqual({ moves: 400, cards: 400, points: 12_000 });
    const balances = await ds.query(`SELECT DISTINCT balance FROM loyalty_card WHERE program_id = $1`, [p.id]);
    expect(balances).toEqual([{ balance: 5 }]);
    expect(await ledgerMismatches(ds, p.id)).toEqual([]);

    await expiry.run(new Date());
    const [after] = await ds.query(`SELECT count(*)::int AS n FROM loyalty_point_move m JOIN loyalty_card c ON c.id = m.card_id WHERE c.program_id = $1 AND m.kind = 'expire'`, [p.id]);
    expect(after.n).toBe(400);
  });

  it('stays consistent while redemptions hit the cards it is expiring', async () => {
    const p = await createProgram(t, kit);
    await seedExpiryFixture(ds, { programId: p.id, cards: 50, bucketsPerCard: 2, pointsPerBucket: 10, expiresAt: new Date(Date.now() - DAY) });
    const cards: Array<{ id: string }> = await ds.query(`SELECT id FROM loyalty_card WHERE program_id = $1`, [p.id]);
    for (const c of cards.slice(0, 20)) await earn(c.id, 30, 'live', 60);
    const redemptions = cards.slice(0, 20).map((c, i) =>
      t.http.post('/api/v1/points/redeem').set('X-API-Key', kit.partner).send({ cardId: c.id, points: 25, reference: `x-${i}` }));
    const [run, ...answers] = await Promise.all([expiry.run(new Date()), ...redemptions]);
    // Due points can never pay: each redemption is served by the 30 live points.
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect(run.cards).toBeLessThanOrEqual(50);
    await expiry.run(new Date());
    const rows = await ds.query(`SELECT balance FROM loyalty_card WHERE program_id = $1 ORDER BY balance`, [p.id]);
    expect(rows.filter((r: { balance: number }) => r.balance === 5)).toHaveLength(20);
    expect(rows.filter((r: { balance: number }) => r.balance === 0)).toHaveLength(30);
    expect(await ledgerMismatches(ds, p.id)).toEqual([]);
  });

  it('never lets due points be spent or shown before the job has run', async () => {
    const p = await createProgram(t, kit);
    const { prefix } = await seedExpiryFixture(ds, { programId: p.id, cards: 1, bucketsPerCard: 1, pointsPerBucket: 70, expiresAt: new Date(Date.now() - 1000) });
    const [card] = await ds.query(`SELECT id FROM loyalty_card WHERE code LIKE 'LS' || $1 || '%'`, [prefix]);
    await earn(card.id, 20, 'live', 30);
    const bal = await t.http.get(`/api/v1/cards/${card.id}/balance`).set('X-API-Key', kit.reader).expect(200);
    expect(bal.body).toMatchObject({ balance: 20, lifetimeExpired: 70 });
    await t.http.post('/api/v1/points/redeem').set('X-API-Key', kit.partner).send({ cardId: card.id, points: 21, reference: 'r' }).expect(422);
    expect(await ledgerMismatches(ds, p.id)).toEqual([]);
  });

  it('runs from the queue on demand, tracked in job_run and visible to admins', async () => {
    const p = await createProgram(t, kit);
    await seedExpiryFixture(ds, { programId: p.id, cards: 3, bucketsPerCard: 1, pointsPerBucket: 10, expiresAt: new Date(Date.now() - DAY) });
    const started = new Date();
    await t.http.post('/api/admin/jobs/loyalty.expire-points/run').set('X-API-Key', kit.admin).send({}).expect(202);
    const run = await eventually(async () => {
      const rows = await ds.query(`SELECT outcome, result FROM job_run WHERE job_name = 'loyalty.expire-points' AND started_at >= $1 AND outcome <> 'running'`, [started]);
      return rows[0];
    });
    expect(run.outcome).toBe('succeeded');
    expect(run.result.cards).toBeGreaterThanOrEqual(3);
    const jobs = await t.http.get('/api/admin/jobs').set('X-API-Key', kit.admin).expect(200);
    const byName = new Map(jobs.body.map((j: { name: string }) => [j.name, j]));
    expect(byName.get('loyalty.expire-points')).toMatchObject({ queue: 'loyalty', cron: '0 2 * * *', tz: 'UTC', lastRun: { outcome: 'succeeded' } });
    expect(byName.get('loyalty.evaluate-memberships')).toMatchObject({ cron: '0 * * * *' });
    expect(byName.get('loyalty.cleanup')).toMatchObject({ cron: '0 3 * * 0' });
    expect(await ledgerMismatches(ds, p.id)).toEqual([]);
  });

  it('runs each job on demand from the CLI, through the queue, and reports the outcome', async () => {
    const p = await createProgram(t, kit);
    await seedExpiryFixture(ds, { programId: p.id, cards: 4, bucketsPerCard: 2, pointsPerBucket: 10, expiresAt: new Date(Date.now() - DAY) });
    const run = await runCli(['loyalty:expire-points', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ job: 'loyalty.expire-points', state: 'completed' });
    expect(out.result.cards).toBeGreaterThanOrEqual(4);
    expect(await ledgerMismatches(ds, p.id)).toEqual([]);
    const [left] = await ds.query(
      `SELECT count(*)::int AS n FROM loyalty_point_bucket b JOIN loyalty_card c ON c.id = b.card_id WHERE c.program_id = $1 AND b.status = 'open'`, [p.id]);
    expect(left.n).toBe(0);

    const evaluate = await runCli(['loyalty:evaluate-memberships', '--as-of', new Date().toISOString()]);
    expect(evaluate.code).toBe(0);
    expect(evaluate.stdout).toMatch(/^loyalty\.evaluate-memberships completed: \{"tierSets":\d+/m);
    const cleanup = await runCli(['loyalty:cleanup', '--no-wait']);
    expect(cleanup.stdout).toMatch(/^enqueued loyalty\.cleanup as manual:loyalty\.cleanup:\d+$/m);
    const bad = await runCli(['loyalty:expire-points', '--as-of', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--as-of must be an ISO-8601/);
  }, 120_000);
});
