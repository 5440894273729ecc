import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeadLetterService } from '../../../src/infrastructure/queues';
import { createTestApp, type TestApp } from '../../support/app';
import { createAdmin, createCustomer } from '../../support/auth';
import { FoundationTestModule, TEST_QUEUE, TestJob, TestJobs, TestProbe } from '../../support/foundation-test.module';
import { waitFor } from '../../support/wait';

describe('retries, dead letters and replays', () => {
  let t: TestApp;
  let probe: TestProbe;
  let jobs: TestJobs;
  let auth: { Authorization: string };

  const deadLetterFor = (key: string) =>
    waitFor(`dead letter for ${key}`, async () => {
      const rows = await t.get(DataSource).query(`SELECT id FROM dead_letter_job WHERE payload->>'key' = $1 AND status = 'dead'`, [key]);
      return rows[0]?.id as string | undefined;
    });

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [FoundationTestModule] });
    probe = t.get(TestProbe);
    jobs = t.get(TestJobs);
    auth = { Authorization: `Bearer ${(await createAdmin(t)).token}` };
  });
  afterAll(async () => { await t.close(); });

  it('retries a failing job with backoff, dead-letters it when attempts run out, and replays it once fixed', async () => {
    const key = `k-${randomUUID()}`;
    probe.failing.add(key);
    await jobs.enqueue(TestJob.Flaky, key, 3);
    const id = await deadLetterFor(key);
    expect(probe.jobRuns.filter((r) => r.key === key).map((r) => r.attempt)).toEqual([1, 2, 3]);

    const detail = await t.http.get(`/api/admin/dead-letters/${id}`).set(auth).expect(200);
    expect(detail.body).toMatchObject({
      id, queue: TEST_QUEUE, jobName: TestJob.Flaky, jobId: `test:${key}`, attempts: 3, permanent: false, status: 'dead',
      error: `induced failure for ${key}`, payload: { key, meta: { idempotencyKey: `test:${key}` } },
    });
    const listed = await t.http.get('/api/admin/dead-letters').query({ queue: TEST_QUEUE, jobName: TestJob.Flaky, status: 'dead' }).set(auth).expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(id);
    expect(listed.body.items[0]).not.toHaveProperty('payload');

    probe.failing.delete(key);
    const replayed = await t.http.post(`/api/admin/dead-letters/${id}/replay`).set(auth).expect(200);
    expect(replayed.body).toMatchObject({ status: 'replayed', replayCount: 1, replayJobId: `test:${key}:replay:1` });
    await waitFor('replay ran', () => probe.jobRuns.some((r) => r.id === `test:${key}:replay:1`));
    const job = await jobs.queue.getJob(`test:${key}:replay:1`);
    await waitFor('replay completed', async () => (await job?.getState()) === 'completed');
    expect(job?.data.meta.replayOf).toBe(id);

    // A second replay of the same row would duplicate work: refused.
    const again = await t.http.post(`/api/admin/dead-letters/${id}/replay`).set(auth).expect(409);
    expect(again.body).toMatchObject({ code: 'DEAD_LETTER.NOT_DEAD', details: { status: 'replayed' } });
  });

  it('dead-letters a permanent failure at once, without burning the remaining attempts', async () => {
    const key = `k-${randomUUID()}`;
    await jobs.enqueue(TestJob.Permanent, key, 5);
    const id = await deadLetterFor(key);
    expect(probe.jobRuns.filter((r) => r.key === key)).toHaveLength(1);
    const row = await t.get(DeadLetterService).get(id);
    expect(row).toMatchObject({ permanent: true, attempts: 1 });
    const discarded = await t.http.post(`/api/admin/dead-letters/${id}/discard`).set(auth).expect(200);
    expect(discarded.body.status).toBe('discarded');
    await t.http.post(`/api/admin/dead-letters/${id}/replay`).set(auth).expect(409);
  });

  it('replays every matching dead letter in one call, and two concurrent replays of one row enqueue it once', async () => {
    const keys = [`k-${randomUUID()}`, `k-${randomUUID()}`];
    for (const k of keys) probe.failing.add(k);
    await Promise.all(keys.map((k) => jobs.enqueue(TestJob.Flaky, k, 1)));
    const ids = await Promise.all(keys.map(deadLetterFor));
    for (const k of keys) probe.failing.delete(k);

    const race = await Promise.all([0, 1].map(() => t.http.post(`/api/admin/dead-letters/${ids[0]}/replay`).set(auth)));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);

    const bulk = await t.http.post('/api/admin/dead-letters/replay').set(auth).send({ queue: TEST_QUEUE, jobName: TestJob.Flaky, limit: 1000 }).expect(200);
    expect(bulk.body.replayed).toContain(ids[1]);
    expect(bulk.body.replayed).not.toContain(ids[0]);
    expect(bulk.body.failed).toEqual([]);
    await waitFor('both replays ran', () => keys.every((k) => probe.jobRuns.some((r) => r.key === k && r.id.includes(':replay:'))));
    expect(probe.jobRuns.filter((r) => r.key === keys[0] && r.id.includes(':replay:'))).toHaveLength(1);
  });

  it('counts job outcomes and exposes queue depth and dead-letter backlog in /metrics', async () => {
    const key = `k-${randomUUID()}`;
    probe.failing.add(key);
    await jobs.enqueue(TestJob.Flaky, key, 2);
    await deadLetterFor(key);
    const text = (await t.http.get('/metrics').expect(200)).text;
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(value(`hub_jobs_total{queue="${TEST_QUEUE}",job="${TestJob.Flaky}",outcome="retrying"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`hub_jobs_total{queue="${TEST_QUEUE}",job="${TestJob.Flaky}",outcome="dead_lettered"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`hub_jobs_total{queue="${TEST_QUEUE}",job="${TestJob.Flaky}",outcome="completed"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`hub_job_duration_seconds_count{queue="${TEST_QUEUE}",job="${TestJob.Flaky}",outcome="completed"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`hub_dead_letters{queue="${TEST_QUEUE}"}`)).toBeGreaterThanOrEqual(1);
    for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
      expect(value(`hub_queue_jobs{queue="${TEST_QUEUE}",state="${state}"}`)).toBeGreaterThanOrEqual(0);
    }
    expect(value(`hub_queue_jobs{queue="${TEST_QUEUE}",state="failed"}`)).toBeGreaterThanOrEqual(1);
  });

  it('answers bad input and missing rights on the dead-letter API with 4xx JSON', async () => {
    const customer = { Authorization: `Bearer ${(await createCustomer(t)).token}` };
    expect((await t.http.get('/api/admin/dead-letters').expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await t.http.get('/api/admin/dead-letters').set(customer).expect(403)).body.message).toMatch(/Administrator/);
    expect((await t.http.get('/api/admin/dead-letters').query({ status: 'zombie' }).set(auth).expect(400)).body.details).toHaveProperty('status');
    expect((await t.http.get('/api/admin/dead-letters').query({ queue: 'a b' }).set(auth).expect(400)).body.details).toHaveProperty('queue');
    expect((await t.http.get('/api/admin/dead-letters').query({ limit: 1000 }).set(auth).expect(400)).body.details).toHaveProperty('limit');
    expect((await t.http.get('/api/admin/dead-letters/123').set(auth).expect(400)).body.code).toBe('VALIDATION.FAILED');
    expect((await t.http.post(`/api/admin/dead-letters/${randomUUID()}/replay`).set(auth).expect(404)).body.code).toBe('DEAD_LETTER.NOT_FOUND');
    expect((await t.http.post('/api/admin/dead-letters/replay').set(auth).send({ limit: 0, extra: 1 }).expect(400)).body.details).toMatchObject({
      limit: expect.any(Array), extra: expect.any(Array),
    });
  });
});
