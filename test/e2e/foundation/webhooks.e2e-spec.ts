import { randomUUID } from 'node:crypto';
import { InboxService, signWebhook } from '../../../src/infrastructure/inbox';
import { createTestApp, type TestApp } from '../../support/app';
import { createAdmin } from '../../support/auth';
import { FoundationTestModule, TEST_WEBHOOK_SECRET, TEST_WEBHOOK_SOURCE, TestProbe } from '../../support/foundation-test.module';
import { waitFor } from '../../support/wait';

describe('signed webhooks through the inbox', () => {
  let t: TestApp;
  let probe: TestProbe;
  let admin: string;
  const now = () => Math.floor(Date.now() / 1000);
  const send = (body: string, ts = now(), signature = signWebhook(TEST_WEBHOOK_SECRET, ts, body)) =>
    t.http.post('/test/webhooks/signed').set('Content-Type', 'application/json').set('X-Hub-Timestamp', String(ts)).set('X-Hub-Signature', signature).send(body);

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_REPLAY_WINDOW_SECONDS: '300' }, { imports: [FoundationTestModule] });
    probe = t.get(TestProbe);
    admin = (await createAdmin(t)).token;
  });
  afterAll(async () => { await t.close(); });

  it('accepts a correctly signed event, stores it, and processes it once from the queue', async () => {
    const eventId = `evt-${randomUUID()}`;
    const res = await send(JSON.stringify({ eventId, status: 'approved' })).expect(200);
    expect(res.body).toEqual({ id: expect.any(String), duplicate: false });
    const row = await waitFor('processed', async () => {
      const r = await t.get(InboxService).find(res.body.id);
      return r?.status === 'processed' ? r : undefined;
    });
    expect(row).toMatchObject({ source: TEST_WEBHOOK_SOURCE, eventId, attempts: 1 });
    expect(probe.processed.filter((m) => m.eventId === eventId)).toHaveLength(1);
  });

  it('carries the request id of the delivery into the worker that processes it', async () => {
    const eventId = `evt-${randomUUID()}`;
    const requestId = `req-${randomUUID()}`;
    const body = JSON.stringify({ eventId });
    const ts = now();
    const res = await t.http.post('/test/webhooks/signed').set('Content-Type', 'application/json').set('X-Request-Id', requestId)
      .set('X-Hub-Timestamp', String(ts)).set('X-Hub-Signature', signWebhook(TEST_WEBHOOK_SECRET, ts, body)).send(body).expect(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    const seen = await waitFor('processed', () => probe.processed.find((m) => m.eventId === eventId));
    expect(seen.requestIdInWorker).toBe(requestId);
    expect((await t.get(InboxService).find(res.body.id))?.requestId).toBe(requestId);
  });

  it('acknowledges a redelivered event again and does nothing more (inbox dedupe)', async () => {
    const eventId = `evt-${randomUUID()}`;
    const body = JSON.stringify({ eventId, status: 'approved' });
    const first = await send(body).expect(200);
    await waitFor('first processed', () => probe.processed.some((m) => m.eventId === eventId));
    // The sender retries: same event, a fresh signature, and also the very same signed request again.
    const again = await send(JSON.stringify({ eventId, status: 'approved-again' })).expect(200);
    expect(again.body).toEqual({ id: first.body.id, duplicate: true });
    const ts = now();
    const sig = signWebhook(TEST_WEBHOOK_SECRET, ts, body);
    await send(body, ts, sig).expect(200);
    const replayed = await send(body, ts, sig).expect(200);
    expect(replayed.body.duplicate).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(probe.processed.filter((m) => m.eventId === eventId)).toHaveLength(1);
    expect((await t.get(InboxService).find(first.body.id))?.payload).toEqual({ eventId, status: 'approved' });
  });

  it('stores exactly one row when the same event arrives concurrently', async () => {
    const eventId = `evt-${randomUUID()}`;
    const body = JSON.stringify({ eventId });
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
  });

  it.each([
    ['a body changed after signing', (b: string) => ({ body: b.replace('approved', 'rejected'), sig: signWebhook(TEST_WEBHOOK_SECRET, now(), b) }), 'WEBHOOK.SIGNATURE_MISMATCH'],
    ['a signature made with another secret', (b: string) => ({ body: b, sig: signWebhook('not-the-secret-at-all', now(), b) }), 'WEBHOOK.SIGNATURE_MISMATCH'],
    ['a malformed signature header', (b: string) => ({ body: b, sig: 'md5=123' }), 'WEBHOOK.SIGNATURE_MALFORMED'],
  ])('rejects %s with 401 and stores nothing', async (_name, make, code) => {
    const eventId = `evt-${randomUUID()}`;
    const { body, sig } = make(JSON.stringify({ eventId, status: 'approved' }));
    const res = await send(body, now(), sig).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code, message: expect.any(String) });
    const [rows] = await t.get(InboxService).list({ eventId, limit: 10, offset: 0 });
    expect(rows).toHaveLength(0);
  });

  it('rejects a request outside the replay window even when its signature is valid', async () => {
    const body = JSON.stringify({ eventId: `evt-${randomUUID()}` });
    const old = now() - 301;
    const res = await send(body, old, signWebhook(TEST_WEBHOOK_SECRET, old, body)).expect(401);
    expect(res.body.code).toBe('WEBHOOK.SIGNATURE_STALE');
  });

  it('rejects missing headers and invalid bodies with 4xx JSON', async () => {
    const missing = await t.http.post('/test/webhooks/signed').send({ eventId: 'x' }).expect(401);
    expect(missing.body.code).toBe('WEBHOOK.SIGNATURE_MISSING');
    const invalid = await send(JSON.stringify({ notAnEvent: true })).expect(400);
    expect(invalid.body).toMatchObject({ code: 'VALIDATION.FAILED', details: { eventId: expect.any(Array), notAnEvent: expect.any(Array) } });
    const malformed = await send('{"eventId": ').expect(400);
    expect(malformed.body.message).toBe('Malformed JSON body');
  });

  it('lets an admin list messages by status and retry a failed one', async () => {
    const eventId = `evt-${randomUUID()}`;
    probe.failing.add(eventId);
    const res = await send(JSON.stringify({ eventId })).expect(200);
    await waitFor('failed', async () => (await t.get(InboxService).find(res.body.id))?.status === 'failed');

    const list = await t.http.get('/api/admin/inbox').query({ status: 'failed', source: TEST_WEBHOOK_SOURCE, eventId }).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body).toMatchObject({ total: 1, limit: 50, offset: 0, items: [{ id: res.body.id, status: 'failed', lastError: `handler refused ${eventId}` }] });
    const detail = await t.http.get(`/api/admin/inbox/${res.body.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(detail.body.payload).toEqual({ eventId });

    probe.failing.delete(eventId);
    await t.http.post(`/api/admin/inbox/${res.body.id}/retry`).set('Authorization', `Bearer ${admin}`).expect(200);
    await waitFor('processed after retry', async () => (await t.get(InboxService).find(res.body.id))?.status === 'processed');
    const again = await t.http.post(`/api/admin/inbox/${res.body.id}/retry`).set('Authorization', `Bearer ${admin}`).expect(409);
    expect(again.body.code).toBe('INBOX.NOT_RETRYABLE');
  });

  it('answers bad admin inbox input with 4xx JSON', async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    expect((await t.http.get('/api/admin/inbox').query({ status: 'lost' }).set(auth).expect(400)).body.details).toHaveProperty('status');
    expect((await t.http.get('/api/admin/inbox').query({ limit: 0 }).set(auth).expect(400)).body.details).toHaveProperty('limit');
    expect((await t.http.get('/api/admin/inbox').query({ from: 'yesterday' }).set(auth).expect(400)).body.details).toHaveProperty('from');
    expect((await t.http.get('/api/admin/inbox').query({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }).set(auth).expect(400)).body.message).toMatch(/before/);
    expect((await t.http.get('/api/admin/inbox').query({ sort: 'x' }).set(auth).expect(400)).body.details).toHaveProperty('sort');
    expect((await t.http.get('/api/admin/inbox/not-a-uuid').set(auth).expect(400)).body.code).toBe('VALIDATION.FAILED');
    expect((await t.http.get(`/api/admin/inbox/${randomUUID()}`).set(auth).expect(404)).body.code).toBe('INBOX.NOT_FOUND');
    await t.http.get('/api/admin/inbox').expect(401);
  });
});
