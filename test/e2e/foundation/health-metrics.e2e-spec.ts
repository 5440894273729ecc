import { randomUUID } from 'node:crypto';
import { HealthRegistry } from '../../../src/infrastructure/health';
import { createTestApp, type TestApp } from '../../support/app';

describe('health and metrics endpoints', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('answers liveness without consulting dependencies', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { process: { status: 'up', role: 'all' } } });
    expect(res.body.details).not.toHaveProperty('db');
  });

  it('reports db, redis and mqtt as up when they are', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    // No Odoo runs in this test: the non-critical odoo check degrades readiness, nothing else may.
    const notUp = Object.entries(res.body.details as Record<string, { state: string }>).filter(([, d]) => d.state !== 'up').map(([k]) => k);
    expect(notUp.filter((k) => k !== 'odoo')).toEqual([]);
    expect(res.body.status).toBe(notUp.length ? 'degraded' : 'ok');
    if (notUp.includes('odoo')) expect(res.body.details.odoo).toMatchObject({ critical: false, state: 'down' });
    for (const dep of ['db', 'redis', 'mqtt']) expect(res.body.details[dep]).toMatchObject({ status: 'up', state: 'up', critical: dep !== 'mqtt' });
    expect(res.body.details.db.latencyMs).toEqual(expect.any(Number));
  });

  it('fails readiness (503) when a critical dependency is down, naming it and its error, without secrets', async () => {
    const name = `critical-${randomUUID().slice(0, 8)}`;
    const registry = t.get(HealthRegistry);
    let down = true;
    registry.register({
      name, critical: true,
      check: async () => (down
        ? { status: 'down', details: { error: 'connect ECONNREFUSED postgres://hub:s3cret@10.0.0.9:5432/x', password: 'hunter2', breaker: 'open' } }
        : { status: 'up' }),
    });
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error[name]).toMatchObject({ status: 'down', state: 'down', critical: true, breaker: 'open' });
    expect(res.body.details.db.status).toBe('up');
    expect(JSON.stringify(res.body)).not.toMatch(/s3cret|hunter2/);
    expect(res.body.error[name].error).toContain('postgres://***@10.0.0.9');
    down = false;
    await t.http.get('/health/ready').expect(200);
  });

  it('stays ready but degraded when a non-critical dependency is down, or a check hangs', async () => {
    const name = `optional-${randomUUID().slice(0, 8)}`;
    const hung = `hung-${randomUUID().slice(0, 8)}`;
    const registry = t.get(HealthRegistry);
    registry.register({ name, critical: false, check: async () => ({ status: 'down', details: { error: 'broker unreachable' } }) });
    registry.register({ name: hung, critical: false, check: () => new Promise(() => undefined) });
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.details[name]).toMatchObject({ status: 'degraded', state: 'down', critical: false, error: 'broker unreachable' });
    expect(res.body.details[hung]).toMatchObject({ state: 'down', error: expect.stringMatching(/no answer within/) });
    registry.register({ name, critical: false, check: async () => ({ status: 'up' }) });
    registry.register({ name: hung, critical: false, check: async () => ({ status: 'up' }) });
  });

  it('serves Prometheus text with the HTTP histogram labelled by route template, not URL', async () => {
    await t.http.get(`/api/admin/dead-letters/${randomUUID()}`).expect(401);
    await t.http.get(`/no/such/${randomUUID()}`).expect(404);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^hub_http_request_duration_seconds_count\{method="GET",route="\/api\/admin\/dead-letters\/:id",status="401"\} \d+$/m);
    expect(res.text).toMatch(/^hub_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} \d+$/m);
    expect(res.text).not.toMatch(/route="\/no\/such/);
    expect(res.text).toMatch(/^hub_queue_jobs\{queue="inbox",state="waiting"\} \d+$/m);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  let t: TestApp;
  const token = `metrics-${randomUUID()}`;
  beforeAll(async () => { t = await createTestApp({ METRICS_TOKEN: token }); });
  afterAll(async () => { await t.close(); });

  it('requires the bearer token when one is configured', async () => {
    expect((await t.http.get('/metrics').expect(401)).body.code).toBe('METRICS.UNAUTHENTICATED');
    await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token').expect(401);
    await t.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.get('/health/ready').expect(200);
  });
});
