import autocannon from 'autocannon';
import Bull from 'bull';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations } from '../src/infrastructure/database';
import { seedExpiryFixture } from '../test/support/builders/loyalty-seed';
import type { BenchFigure, Benchmark } from './bench-types';
import { startBareServer, startHub, type LoadResult } from './support/http';

const ROOT = join(__dirname, '..');
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub_bench_loyalty';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const READ_CARDS = 5_000;
const EXPIRY_CARDS = 200_000;
const EXPIRY_BUCKETS_PER_CARD = 5;
const DAY = 86_400_000;

const LOYALTY_TABLES = [
  'loyalty_point_consumption', 'loyalty_point_bucket', 'loyalty_point_move', 'loyalty_order_refund', 'loyalty_promo_redemption',
  'loyalty_promo_member_usage', 'loyalty_referral', 'loyalty_tier_change', 'loyalty_member_tier', 'loyalty_order', 'loyalty_card',
  'loyalty_member', 'loyalty_promo_code', 'loyalty_tier', 'loyalty_tier_set', 'loyalty_reward', 'loyalty_program_rule', 'loyalty_program',
  'loyalty_event',
];

/**
 * Loyalty targets from the issue, each next to a same-run reference:
 *  1. GET /api/v1/cards/{id}/balance through the real hub process (production logging, API-key
 *     auth, rate limiter) over 5,000 seeded cards: p99 < 10 ms and > 1,200 req/s, reported with a
 *     bare node:http server's rate as the ceiling.
 *  2. The daily expiry job over 1,000,000 due buckets (200,000 cards × 5), run by a real worker
 *     process from the Bull queue: < 30 s, with the worker's peak RSS (VmHWM) < 300 MB.
 * It owns its database (hub_bench_loyalty): loyalty tables are truncated before each part.
 */
const bench: Benchmark = async () => {
  await ensureDatabase(DB_URL);
  const ds = await new DataSource(dataSourceOptions(DB_URL, 4)).initialize();
  const figures: BenchFigure[] = [];
  try {
    await runMigrations(ds);
    figures.push(...(await balanceReads(ds)));
    figures.push(...(await expiryRun(ds)));
  } finally {
    await ds.destroy();
  }
  return figures;
};

async function reset(ds: DataSource): Promise<void> {
  // TRUNCATE does not fire the ledger's row-level immutability trigger: fine for a scratch database.
  await ds.query(`TRUNCATE ${LOYALTY_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}

async function program(ds: DataSource, code: string): Promise<string> {
  const [p] = await ds.query(
    `INSERT INTO loyalty_program (code, name, currency, point_validity_days, redemption_value) VALUES ($1, $1, 'EGP', 365, 0.1) RETURNING id`,
    [code],
  );
  return p.id;
}

async function apiKey(ds: DataSource, scopes: string[]): Promise<string> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await ds.query(`INSERT INTO auth_api_key (name, prefix, secret_hash, scopes) VALUES ($1, $2, $3, $4)`, [
    `bench-${prefix}`, prefix, createHash('sha256').update(secret).digest('hex'), scopes,
  ]);
  return `hub_${prefix}_${secret}`;
}

async function loadPaths(port: number, paths: string[], headers: Record<string, string>, seconds = 10, connections = 10): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, headers, pipelining: 1, requests: paths.map((path) => ({ method: 'GET', path })) });
  await run(3);
  const r = await run(seconds);
  return { requestsPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx };
}

async function balanceReads(ds: DataSource): Promise<BenchFigure[]> {
  await reset(ds);
  const programId = await program(ds, 'BENCH');
  // Four buckets per card, one of them expiring soon, so "expiring next" has work to do.
  await seedExpiryFixture(ds, { programId, cards: READ_CARDS, bucketsPerCard: 3, pointsPerBucket: 40, expiresAt: new Date(Date.now() + 200 * DAY) });
  await ds.query(
    `WITH mv AS (
       INSERT INTO loyalty_point_move (card_id, kind, points, balance_after, source, source_ref)
       SELECT id, 'earn', 10, balance + 10, 'seed', 'soon' FROM loyalty_card RETURNING id, card_id
     ), b AS (
       INSERT INTO loyalty_point_bucket (card_id, earn_move_id, points_earned, points_remaining, earned_at, expires_at)
       SELECT card_id, id, 10, 10, now(), now() + interval '5 days' FROM mv
     ) UPDATE loyalty_card SET balance = balance + 10`,
  );
  const [set] = await ds.query(
    `INSERT INTO loyalty_tier_set (code, name, primary_program_id, window_days, downgrade_policy) VALUES ('BENCH', 'Bench', $1, 365, 'never') RETURNING id`, [programId]);
  const [gold] = await ds.query(
    `INSERT INTO loyalty_tier (tier_set_id, code, name, rank, threshold_amount, earn_multiplier) VALUES ($1, 'GOLD', 'Gold', 1, 100, 1.5) RETURNING id`, [set.id]);
  await ds.query(
    `INSERT INTO loyalty_member_tier (member_id, tier_set_id, tier_id, since) SELECT member_id, $1, $2, now() FROM loyalty_card WHERE program_id = $3`,
    [set.id, gold.id, programId]);
  await ds.query('ANALYZE');
  const codes: Array<{ code: string }> = await ds.query(`SELECT code FROM loyalty_card ORDER BY random() LIMIT 2000`);
  const key = await apiKey(ds, ['loyalty:read']);
  const paths = codes.map((c) => `/api/v1/cards/${c.code}/balance`);

  const sample = await ds.query(`SELECT code FROM loyalty_card LIMIT 1`);
  const body = { cardId: randomUUID(), cardCode: sample[0].code, status: 'active', programCode: 'BENCH', memberId: randomUUID(), balance: 130,
    nextExpiry: { points: 10, expiresAt: new Date().toISOString() }, expiringWithin30Days: 10, lifetimeEarned: 130, lifetimeRedeemed: 0,
    lifetimeExpired: 0, tier: { tierSetCode: 'BENCH', code: 'GOLD', name: 'Gold', since: new Date().toISOString(), earnMultiplier: 1.5 }, updatedAt: new Date().toISOString() };
  const bare = await startBareServer(body);
  let bareResult: LoadResult;
  try {
    bareResult = await loadPaths(bare.port, paths, {});
  } finally {
    await bare.stop();
  }
  const hub = await startHub({
    APP_ROLE: 'api', DATABASE_URL: DB_URL, QUEUE_PREFIX: `bench_loyalty_${process.pid}`, RATE_LIMIT_PER_MINUTE: '100000000', JWT_SECRET: `bench-${randomUUID()}`,
  });
  let hubResult: LoadResult;
  try {
    hubResult = await loadPaths(hub.port, paths, { 'x-api-key': key });
  } finally {
    await hub.stop();
  }
  for (const [name, r] of [['bare', bareResult], ['hub', hubResult]] as const) {
    if (r.failures) throw new Error(`${name}: ${r.failures} failed requests; the run is invalid`);
  }
  return [
    { bench: 'loyalty-balance', metric: 'bare node:http req/s (ceiling, same run)', value: bareResult.requestsPerSec, unit: 'req/s' },
    { bench: 'loyalty-balance', metric: 'GET /api/v1/cards/{id}/balance req/s (10 conns)', value: hubResult.requestsPerSec, unit: 'req/s', target: '> 1200', pass: hubResult.requestsPerSec > 1200 },
    { bench: 'loyalty-balance', metric: 'GET /api/v1/cards/{id}/balance p50', value: hubResult.p50Ms, unit: 'ms' },
    { bench: 'loyalty-balance', metric: 'GET /api/v1/cards/{id}/balance p99', value: hubResult.p99Ms, unit: 'ms', target: '< 10 ms', pass: hubResult.p99Ms < 10 },
    { bench: 'loyalty-balance', metric: 'balance reads vs bare server (same run)', value: hubResult.requestsPerSec / bareResult.requestsPerSec, unit: 'x' },
  ];
}

function memKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** A worker-role hub (no HTTP); resolves once it logged that it started. */
function startWorker(env: Record<string, string>): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('src', 'main.ts')], {
    cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err.slice(-800)}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`worker exited (${code}): ${err.slice(-800)}`)); });
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (/"msg":"odoo hub started"/.test(buf)) {
        clearTimeout(timer);
        buf = '';
        resolve({ child, stop });
      }
      if (buf.length > 1_000_000) buf = buf.slice(-10_000);
    });
  });
}

async function expiryRun(ds: DataSource): Promise<BenchFigure[]> {
  await reset(ds);
  const programId = await program(ds, 'BENCHEXP');
  const seeded = Date.now();
  await seedExpiryFixture(ds, {
    programId, cards: EXPIRY_CARDS, bucketsPerCard: EXPIRY_BUCKETS_PER_CARD, pointsPerBucket: 20, expiresAt: new Date(Date.now() - DAY),
  });
  await ds.query('VACUUM ANALYZE loyalty_point_bucket');
  await ds.query('VACUUM ANALYZE loyalty_card');
  const [count] = await ds.query(`SELECT count(*)::int AS n FROM loyalty_point_bucket WHERE status = 'open'`);
  process.stderr.write(`  seeded ${count.n} buckets in ${((Date.now() - seeded) / 1000).toFixed(1)} s\n`);

  const prefix = `bench_loyalty_${process.pid}`;
  const worker = await startWorker({ APP_ROLE: 'worker', DATABASE_URL: DB_URL, QUEUE_PREFIX: prefix, REDIS_URL, JWT_SECRET: `bench-${randomUUID()}` });
  const pid = worker.child.pid!;
  const queue = new Bull('loyalty', REDIS_URL, { prefix });
  let peakRssKb = 0;
  let durationMs = 0;
  let wallMs = 0;
  let result: { cards: number; buckets: number; points: number } | null = null;
  const idleRssKb = memKb(pid, 'VmRSS');
  try {
    const jobId = `bench:expire:${Date.now()}`;
    const started = Date.now();
    const startedAt = new Date();
    await queue.add('loyalty.expire-points', { meta: { idempotencyKey: jobId, enqueuedAt: startedAt.toISOString() } }, { jobId, attempts: 1, removeOnComplete: true });
    for (;;) {
      peakRssKb = Math.max(peakRssKb, memKb(pid, 'VmRSS'));
      const [run] = await ds.query(
        `SELECT outcome, duration_ms AS "durationMs", result, error FROM job_run WHERE job_name = 'loyalty.expire-points' AND job_id = $1 AND outcome <> 'running'`, [jobId]);
      if (run) {
        if (run.outcome !== 'succeeded') throw new Error(`expiry failed: ${run.error}`);
        durationMs = run.durationMs;
        wallMs = Date.now() - started;
        result = run.result;
        break;
      }
      if (Date.now() - started > 600_000) throw new Error('expiry did not finish within 10 minutes');
      await sleep(100);
    }
    peakRssKb = Math.max(peakRssKb, memKb(pid, 'VmHWM'));
  } finally {
    await queue.close();
    await worker.stop();
  }
  const [left] = await ds.query(`SELECT count(*)::int AS open, (SELECT count(*)::int FROM loyalty_point_move WHERE kind = 'expire') AS moves FROM loyalty_point_bucket WHERE status = 'open'`);
  if (left.open !== 0 || left.moves !== EXPIRY_CARDS || result?.buckets !== EXPIRY_CARDS * EXPIRY_BUCKETS_PER_CARD) {
    throw new Error(`expiry incomplete: ${left.open} buckets still open, ${left.moves} expire moves, result ${JSON.stringify(result)}`);
  }
  return [
    { bench: 'loyalty-expiry', metric: `expiry job over ${(EXPIRY_CARDS * EXPIRY_BUCKETS_PER_CARD).toLocaleString('en')} buckets (job_run duration)`, value: durationMs, unit: 'ms', target: '< 30000 ms', pass: durationMs < 30_000 },
    { bench: 'loyalty-expiry', metric: 'enqueue → finished (wall)', value: wallMs, unit: 'ms' },
    { bench: 'loyalty-expiry', metric: 'buckets expired per second', value: (EXPIRY_CARDS * EXPIRY_BUCKETS_PER_CARD) / (durationMs / 1000), unit: 'buckets/s' },
    { bench: 'loyalty-expiry', metric: 'worker RSS idle (before the job)', value: idleRssKb / 1024, unit: 'MB' },
    { bench: 'loyalty-expiry', metric: 'worker peak RSS (VmHWM, whole process life)', value: peakRssKb / 1024, unit: 'MB', target: '< 300 MB', pass: peakRssKb / 1024 < 300 },
  ];
}

export default bench;
