import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app';

describe('hub boot', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('registers, logs in and reads its own account with the JWT', async () => {
    const email = `user-${randomUUID()}@example.com`;
    await t.http.post('/api/auth/register').send({ email, password: 'long enough password' }).expect(201);
    const login = await t.http.post('/api/auth/login').send({ email, password: 'long enough password' }).expect(200);
    const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    expect(me.body.email).toBe(email);
  });

  it('rejects an unknown field with a 400 naming it, and echoes the request id', async () => {
    const res = await t.http.post('/api/auth/login').set('X-Request-Id', 'req-123').send({ email: 'a@b.co', password: 'x', admin: true });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION.FAILED', requestId: 'req-123' });
    expect(res.body.details).toHaveProperty('admin');
    expect(res.headers['x-request-id']).toBe('req-123');
  });
});
