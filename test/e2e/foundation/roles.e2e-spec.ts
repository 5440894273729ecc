import Queue from 'bull';
import { randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/infrastructure/database';
import { INBOX_QUEUE, InboxJob } from '../../../src/infrastructure/inbox';
import { spawnHub, type HubProcess } from '../../support/spawn';
import { baseTestEnv, testDatabaseUrl } from '../../support/test-env';
import { waitFor } from '../../support/wait';

const get = (port: number, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** APP_ROLE as DESIGN.md describes it, checked on the real entry point. */
describe('process roles', () => {
  let ds: DataSource;
  const processes: HubProcess[] = [];
  const queues: Queue.Queue[] = [];

  beforeAll(async () => { ds = await new DataSource(dataSourceOptions(testDatabaseUrl(), 2)).initialize(); });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    for (const q of queues) await q.obliterate({ force: true }).catch(() => undefined).then(() => q.close());
    await ds.destroy();
  });

  /** An inbox row from an unknown sender plus its processing job, in the process's queue namespace. */
  const inboxJob = async (prefix: string) => {
    const [{ id }] = await ds.query(`INSERT INTO inbox_message (source, event_id, payload) VALUES ($1, $2, '{}') RETURNING id`, [`role-test-${randomUUID().slice(0, 8)}`, randomUUID()]);
    const queue = new Queue(INBOX_QUEUE, baseTestEnv().REDIS_URL, { prefix });
    queues.push(queue);
    const job = await queue.add(InboxJob.Process, { inboxId: id, source: 'role-test', meta: { idempotencyKey: `role:${id}`, enqueuedAt: new Date().toISOString() } }, { attempts: 1 });
    return { id: id as string, queue, job };
  };
  const inboxRow = async (id: string) => (await ds.query(`SELECT status, last_error FROM inbox_message WHERE id = $1`, [id]))[0];

  it('api serves HTTP and consumes no jobs', async () => {
    const prefix = `t_role_api_${randomUUID().slice(0, 8)}`;
    const hub = spawnHub('main', [], { APP_ROLE: 'api', PORT: '0', QUEUE_PREFIX: prefix });
    processes.push(hub);
    const started = await hub.waitForLog(/odoo hub started/);
    expect(started).toMatchObject({ role: 'api', port: expect.any(Number) });
    const port = started.port as number;
    const live = await get(port, '/health');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.body).details.process.role).toBe('api');
    expect((await get(port, '/health/ready')).status).toBe(200);

    const { id, queue, job } = await inboxJob(prefix);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await job.getState()).toBe('waiting');
    expect((await inboxRow(id)).status).toBe('received');
    expect(await queue.getRepeatableJobs()).toEqual([]); // cron is a worker's business
  });

  it('worker consumes jobs and registers cron without listening on PORT; OPS_PORT serves only health and metrics', async () => {
    const prefix = `t_role_worker_${randomUUID().slice(0, 8)}`;
    const port = await freePort();
    const hub = spawnHub('main', [], { APP_ROLE: 'worker', PORT: String(port), OPS_PORT: '0', QUEUE_PREFIX: prefix });
    processes.push(hub);
    const started = await hub.waitForLog(/odoo hub started/);
    expect(started).toMatchObject({ role: 'worker', opsPort: expect.any(Number) });
    expect(started.port).toBeUndefined();
    await expect(get(port, '/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const { id, queue } = await inboxJob(prefix);
    const row = await waitFor('worker processed the job', async () => {
      const r = await inboxRow(id);
      return r.status === 'failed' ? r : undefined;
    });
    expect(row.last_error).toMatch(/no inbox handler registered/);
    expect((await queue.getRepeatableJobs()).map((r) => r.name)).toContain(InboxJob.Sweep);

    const ops = started.opsPort as number;
    const ready = await get(ops, '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(JSON.parse(ready.body).details)).toEqual(expect.arrayContaining(['db', 'redis', 'mqtt']));
    const metrics = await get(ops, '/metrics');
    expect(metrics.body).toMatch(/^hub_jobs_total\{queue="inbox",job="inbox\.process-message",outcome="dead_lettered"\} 1$/m);
    const api = await get(ops, '/api/auth/me');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body).message).toMatch(/not served on the ops port/);
  });
});
