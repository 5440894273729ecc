import { randomUUID } from 'node:crypto';
import { AuditService } from '../../../src/infrastructure/audit';
import { runWithRequestId } from '../../../src/infrastructure/http';
import { InboxJob } from '../../../src/infrastructure/inbox';
import { createTestApp, type TestApp } from '../../support/app';
import { createAdmin } from '../../support/auth';
import { waitFor } from '../../support/wait';

describe('admin API: audit trail and scheduled jobs', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp();
    auth = { Authorization: `Bearer ${(await createAdmin(t)).token}` };
  });
  afterAll(async () => { await t.close(); });

  describe('audit trail', () => {
    const correlationId = `order-${randomUUID()}`;
    beforeAll(async () => {
      const audit = t.get(AuditService);
      audit.record({ system: 'odoo', direction: 'outbound', operation: 'sale.order.create', status: 'ok', correlationId, durationMs: 84.4, details: { saleOrderId: 41 } });
      audit.record({ system: 'odoo', direction: 'outbound', operation: 'sale.order.write', status: 'error', correlationId, durationMs: 12, error: 'Odoo unavailable' });
      audit.record({ system: 'cartona', direction: 'inbound', operation: 'order.webhook', status: 'ok', correlationId });
      await audit.flush();
    });

    it('filters by correlation id, system, status, operation and direction, newest first', async () => {
      const all = await t.http.get('/api/admin/audit').query({ correlationId }).set(auth).expect(200);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((a: { operation: string }) => a.operation)).toEqual(['order.webhook', 'sale.order.write', 'sale.order.create']);
      const errors = await t.http.get('/api/admin/audit').query({ correlationId, system: 'odoo', status: 'error' }).set(auth).expect(200);
      expect(errors.body.items).toEqual([expect.objectContaining({ operation: 'sale.order.write', error: 'Odoo unavailable', durationMs: 12, direction: 'outbound' })]);
      const byOp = await t.http.get('/api/admin/audit').query({ correlationId, operation: 'ORDER.CREATE' }).set(auth).expect(200);
      expect(byOp.body.items).toEqual([expect.objectContaining({ operation: 'sale.order.create', durationMs: 84, details: { saleOrderId: 41 } })]);
      const inbound = await t.http.get('/api/admin/audit').query({ correlationId, direction: 'inbound' }).set(auth).expect(200);
      expect(inbound.body.total).toBe(1);
    });

    it('pages and bounds by time', async () => {
      const page = await t.http.get('/api/admin/audit').query({ correlationId, limit: 2, offset: 2 }).set(auth).expect(200);
      expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(page.body.items).toHaveLength(1);
      const future = await t.http.get('/api/admin/audit').query({ correlationId, from: new Date(Date.now() + 60_000).toISOString() }).set(auth).expect(200);
      expect(future.body.total).toBe(0);
      const past = await t.http.get('/api/admin/audit').query({ correlationId, to: new Date(Date.now() + 60_000).toISOString(), from: '2020-01-01' }).set(auth).expect(200);
      expect(past.body.total).toBe(3);
    });

    it('finds the rows of one request (or job) by its request id', async () => {
      const requestId = `req-${randomUUID()}`;
      const audit = t.get(AuditService);
      // Rows pick up the request id of the request or job they were recorded in.
      await runWithRequestId(requestId, async () => audit.record({ system: 'abs', direction: 'outbound', operation: 'allocate', status: 'ok' }));
      audit.record({ system: 'abs', direction: 'outbound', operation: 'allocate', status: 'ok' });
      await audit.flush();
      const res = await t.http.get('/api/admin/audit').query({ requestId }).set(auth).expect(200);
      expect(res.body).toMatchObject({ total: 1, items: [{ requestId, system: 'abs', operation: 'allocate' }] });
    });

    it('answers bad filters with 400 naming them', async () => {
      const res = await t.http.get('/api/admin/audit').query({ status: 'maybe', direction: 'sideways', system: 'Odoo DB', limit: 'ten' }).set(auth).expect(400);
      expect(Object.keys(res.body.details).sort()).toEqual(['direction', 'limit', 'status', 'system']);
    });
  });

  describe('scheduled jobs', () => {
    it('lists each scheduled job with its schedule and next run', async () => {
      const res = await t.http.get('/api/admin/jobs').set(auth).expect(200);
      expect(res.body).toContainEqual(expect.objectContaining({ queue: 'inbox', name: InboxJob.Sweep, everyMs: 60_000, cron: null, nextRunAt: expect.any(String) }));
    });

    it('runs a scheduled job on demand, records the run, and shows it as the last run', async () => {
      const run = await t.http.post(`/api/admin/jobs/${InboxJob.Sweep}/run`).set(auth).expect(202);
      expect(run.body).toMatchObject({ queue: 'inbox', name: InboxJob.Sweep, jobId: expect.stringMatching(/^manual:inbox\.sweep-stuck:\d+$/) });
      const history = await waitFor('job run recorded', async () => {
        const h = await t.http.get('/api/admin/jobs/runs').query({ jobName: InboxJob.Sweep, outcome: 'succeeded' }).set(auth).expect(200);
        return h.body.items.find((r: { jobId: string }) => r.jobId === run.body.jobId) ? h.body : undefined;
      });
      expect(history.items[0]).toMatchObject({ queue: 'inbox', jobName: InboxJob.Sweep, outcome: 'succeeded', durationMs: expect.any(Number), result: { requeued: expect.any(Number) } });
      const jobs = await t.http.get('/api/admin/jobs').set(auth).expect(200);
      const sweep = jobs.body.find((j: { name: string }) => j.name === InboxJob.Sweep);
      expect(new Date(sweep.lastRun.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(history.items[0].startedAt).getTime());
    });

    it('answers unknown jobs and bad filters with 4xx JSON', async () => {
      const unknown = await t.http.post('/api/admin/jobs/nope.nothing/run').set(auth).expect(404);
      expect(unknown.body).toMatchObject({ code: 'JOBS.UNKNOWN', details: { known: expect.arrayContaining([InboxJob.Sweep]) } });
      expect((await t.http.post(`/api/admin/jobs/${encodeURIComponent('bad name!')}/run`).set(auth).expect(400)).body.code).toBe('VALIDATION.FAILED');
      expect((await t.http.get('/api/admin/jobs/runs').query({ outcome: 'exploded' }).set(auth).expect(400)).body.details).toHaveProperty('outcome');
      await t.http.get('/api/admin/jobs').expect(401);
    });
  });
});
