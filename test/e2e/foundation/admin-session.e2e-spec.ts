import { createTestApp, type TestApp } from '../../support/app';
import { createAdmin, createApiKey, createCustomer, type TestAdmin } from '../../support/auth';

const sessionCookie = (setCookie: string[] | string | undefined) =>
  ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith('hub_admin_session='));

describe('admin browser session and queue dashboard', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(async () => { await t.close(); });

  it('logs an admin in with an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await t.http.post('/api/auth/session').send({ email: admin.email, password: admin.password }).expect(200);
    expect(res.body).toMatchObject({ email: admin.email, role: 'admin', access_token: expect.stringMatching(/^eyJ/), expiresAt: expect.any(String) });
    const set = sessionCookie(res.headers['set-cookie']);
    expect(set).toBeDefined();
    expect(set).toMatch(/; HttpOnly/i);
    expect(set).toMatch(/; SameSite=Strict/i);
    expect(set).toMatch(/; Path=\//);
    expect(set).toMatch(/; Max-Age=43200/);
    expect(set).not.toMatch(/; Secure/i); // plain HTTP here; Secure is set when the request came over HTTPS
    cookie = set!.split(';')[0];
  });

  it('sets Secure when the request arrived over HTTPS through a trusted proxy', async () => {
    const res = await t.http.post('/api/auth/session').set('X-Forwarded-Proto', 'https').send({ email: admin.email, password: admin.password }).expect(200);
    expect(sessionCookie(res.headers['set-cookie'])).toMatch(/; Secure/i);
  });

  it('opens the queue dashboard (and its API) with the cookie', async () => {
    const page = await t.http.get('/admin/queues').set('Cookie', cookie).set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<div id="root">');
    // Assets are relative to <base href="/admin/queues/">, so they are served behind the same check.
    expect(page.text).toMatch(/<base href="\/admin\/queues\/?"/);
    const asset = /<script[^>]+src="([^"]+)"/.exec(page.text)?.[1];
    await t.http.get(`/admin/queues/${asset}`).set('Cookie', cookie).expect(200);
    await t.http.get(`/admin/queues/${asset}`).expect(401);
    const queues = await t.http.get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toContain('inbox');
  });

  it('also accepts an admin bearer token or admin API key on the dashboard (for scripts)', async () => {
    await t.http.get('/admin/queues/api/queues').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const { key } = await createApiKey(t, ['admin']);
    await t.http.get('/admin/queues/api/queues').set('X-API-Key', key).expect(200);
    const { key: weak } = await createApiKey(t, ['loyalty:read']);
    expect((await t.http.get('/admin/queues/api/queues').set('X-API-Key', weak).expect(403)).body.code).toBe('AUTH.MISSING_SCOPE');
  });

  it('sends a browser without a session to the login page, and answers others with 401 JSON', async () => {
    const redirect = await t.http.get('/admin/queues').set('Accept', 'text/html,application/xhtml+xml').expect(302);
    expect(redirect.headers.location).toBe('/admin/login?next=%2Fadmin%2Fqueues');
    const json = await t.http.get('/admin/queues/api/queues').expect(401);
    expect(json.body).toMatchObject({ statusCode: 401, code: 'AUTH.SESSION_REQUIRED', requestId: expect.any(String) });
    const login = await t.http.get('/admin/login').expect(200);
    expect(login.text).toContain('/api/auth/session');
  });

  it('never accepts the cookie on the JSON API', async () => {
    const res = await t.http.get('/api/admin/dead-letters').set('Cookie', cookie).expect(401);
    expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
    await t.http.get('/api/auth/me').set('Cookie', cookie).expect(401);
  });

  it('refuses a state-changing dashboard request from another origin', async () => {
    const res = await t.http.put('/admin/queues/api/queues/inbox/pause').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(403);
    expect(res.body.code).toBe('AUTH.CROSS_ORIGIN');
  });

  it('refuses a session to customers and to wrong passwords, and answers bad input with 400', async () => {
    const customer = await createCustomer(t);
    const forbidden = await t.http.post('/api/auth/session').send({ email: customer.email, password: customer.password }).expect(403);
    expect(forbidden.body.code).toBe('AUTH.ADMIN_ONLY');
    expect(sessionCookie(forbidden.headers['set-cookie'])).toBeUndefined();
    await t.http.post('/api/auth/session').send({ email: admin.email, password: 'wrong password!' }).expect(401);
    expect((await t.http.post('/api/auth/session').send({ email: 'nope' }).expect(400)).body.details).toMatchObject({ email: expect.any(Array), password: expect.any(Array) });
    // A customer's token in a hand-made cookie does not open the dashboard either.
    await t.http.get('/admin/queues/api/queues').set('Cookie', `hub_admin_session=${customer.token}`).expect(403);
  });

  it('logs out by clearing the cookie', async () => {
    const res = await t.http.delete('/api/auth/session').set('Cookie', cookie).expect(204);
    expect(sessionCookie(res.headers['set-cookie'])).toMatch(/hub_admin_session=;.*Expires=Thu, 01 Jan 1970/);
  });
});
