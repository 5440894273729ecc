import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app';
import { createAdmin, createApiKey } from '../../support/auth';
import { FoundationTestModule } from '../../support/foundation-test.module';

describe('portal accounts, JWTs and API keys', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp({}, { imports: [FoundationTestModule] });
    admin = { Authorization: `Bearer ${(await createAdmin(t)).token}` };
  });
  afterAll(async () => { await t.close(); });

  describe('register, login, JWT', () => {
    const email = `amina-${randomUUID()}@Example.com`;
    const password = 'correct horse battery staple';

    it('registers (email normalised), refuses a second registration, and logs in', async () => {
      const reg = await t.http.post('/api/auth/register').send({ email, password }).expect(201);
      expect(reg.body).toEqual({ id: expect.any(String), email: email.toLowerCase(), role: 'customer' });
      expect(reg.body).not.toHaveProperty('passwordHash');
      const dup = await t.http.post('/api/auth/register').send({ email: email.toUpperCase(), password }).expect(409);
      expect(dup.body.code).toBe('AUTH.EMAIL_TAKEN');
      const login = await t.http.post('/api/auth/login').send({ email, password }).expect(200);
      expect(login.body).toEqual({ access_token: expect.stringMatching(/^eyJ/), token_type: 'Bearer', expires_in: '12h' });
      const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
      expect(me.body).toEqual({ id: reg.body.id, email: email.toLowerCase(), role: 'customer' });
    });

    it('gives the same 401 for a wrong password and an unknown email', async () => {
      const wrong = await t.http.post('/api/auth/login').send({ email, password: 'not the password' }).expect(401);
      const unknown = await t.http.post('/api/auth/login').send({ email: `nobody-${randomUUID()}@example.com`, password }).expect(401);
      expect(wrong.body.message).toBe(unknown.body.message);
      expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    });

    it('rejects an expired, a tampered and a foreign-issuer token with 401', async () => {
      const jwt = t.get(JwtService);
      const claims = { sub: randomUUID(), email, role: 'customer' };
      // Signed with the hub's own secret and issuer, only its `exp` lies in the past.
      const sameKey = new JwtService({ secret: t.config.auth.jwtSecret, signOptions: { issuer: 'odoo-hub' } });
      const expired = await sameKey.signAsync({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 });
      const r1 = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(r1.body).toMatchObject({ code: 'AUTH.TOKEN_EXPIRED', message: 'Token expired, log in again' });

      const valid = await jwt.signAsync(claims);
      const [h, p, s] = valid.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' })).toString('base64url');
      expect((await t.http.get('/api/admin/api-keys').set('Authorization', `Bearer ${h}.${forged}.${s}`).expect(401)).body.code).toBe('AUTH.INVALID_TOKEN');

      const otherSecret = new JwtService({ secret: 'another-secret-of-sufficient-length-000', signOptions: { issuer: 'odoo-hub' } });
      expect((await t.http.get('/api/auth/me').set('Authorization', `Bearer ${await otherSecret.signAsync(claims)}`).expect(401)).body.code).toBe('AUTH.INVALID_TOKEN');
      expect((await t.http.get('/api/auth/me').expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
    });

    it('forbids a customer token on admin routes (403)', async () => {
      const login = await t.http.post('/api/auth/login').send({ email, password }).expect(200);
      const res = await t.http.get('/api/admin/api-keys').set('Authorization', `Bearer ${login.body.access_token}`).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
    });

    it.each([
      [{ email: 'not-an-email', password: 'long enough password' }, 'email'],
      [{ email: 'a@b.co', password: 'short' }, 'password'],
      [{ email: 'a@b.co', password: 'long enough password', role: 'admin' }, 'role'],
      [{}, 'email'],
    ])('answers bad registration input %j with 400 naming the field', async (body, field) => {
      const res = await t.http.post('/api/auth/register').send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION.FAILED', message: expect.any(String) });
      expect(res.body.details).toHaveProperty(field);
    });
  });

  describe('API keys and scopes', () => {
    it('lets a key with the right scope in, by X-API-Key or Bearer', async () => {
      const { key } = await createApiKey(t, ['test:read'], 'pos-store-12');
      expect((await t.http.get('/test/scoped').set('X-API-Key', key).expect(200)).body).toEqual({ key: 'pos-store-12' });
      await t.http.get('/test/scoped').set('Authorization', `Bearer ${key}`).expect(200);
    });

    it('answers a key without the scope with 403 naming the missing scope', async () => {
      const { key } = await createApiKey(t, ['loyalty:read']);
      const res = await t.http.get('/test/scoped').set('X-API-Key', key).expect(403);
      expect(res.body).toMatchObject({ code: 'AUTH.MISSING_SCOPE', details: { missing: ['test:read'] } });
    });

    it('lets an admin-scoped key pass any scope check, and admin routes', async () => {
      const { key } = await createApiKey(t, ['admin']);
      await t.http.get('/test/scoped').set('X-API-Key', key).expect(200);
      await t.http.get('/api/admin/dead-letters').set('X-API-Key', key).expect(200);
    });

    it('refuses a JWT on an API-key-only route, an unknown key and a malformed key', async () => {
      expect((await t.http.get('/test/scoped').set(admin).expect(403)).body.code).toBe('AUTH.WRONG_CREDENTIAL_TYPE');
      const { key } = await createApiKey(t, ['test:read']);
      const wrongSecret = `${key.slice(0, -4)}AAAA`;
      expect((await t.http.get('/test/scoped').set('X-API-Key', wrongSecret).expect(401)).body.code).toBe('AUTH.INVALID_API_KEY');
      expect((await t.http.get('/test/scoped').set('X-API-Key', 'hub_nothex_short').expect(401)).body.code).toBe('AUTH.INVALID_API_KEY');
    });

    it('creates keys through the admin API (shown once, stored hashed), lists them without secrets, and revokes them', async () => {
      const created = await t.http.post('/api/admin/api-keys').set(admin).send({ name: 'device-7', scopes: ['test:read'], ownerType: 'device', ownerRef: 'BAT-7' }).expect(201);
      expect(created.body.key).toMatch(/^hub_[a-f0-9]{12}_[A-Za-z0-9_-]{43}$/);
      await t.http.get('/test/scoped').set('X-API-Key', created.body.key).expect(200);
      const list = await t.http.get('/api/admin/api-keys').set(admin).expect(200);
      const listed = list.body.find((k: { id: string }) => k.id === created.body.id);
      expect(listed).toMatchObject({ name: 'device-7', ownerType: 'device', ownerRef: 'BAT-7', revokedAt: null });
      expect(JSON.stringify(list.body)).not.toContain(created.body.key.split('_')[2]);
      const revoked = await t.http.delete(`/api/admin/api-keys/${created.body.id}`).set(admin).expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      expect((await t.http.get('/test/scoped').set('X-API-Key', created.body.key).expect(401)).body.code).toBe('AUTH.INVALID_API_KEY');
    });

    it('answers bad key input with 4xx JSON', async () => {
      const bad = await t.http.post('/api/admin/api-keys').set(admin).send({ name: 'x', scopes: ['Not A Scope'], ownerType: 'robot' }).expect(400);
      expect(Object.keys(bad.body.details).sort()).toEqual(['name', 'ownerType', 'scopes']);
      expect((await t.http.post('/api/admin/api-keys').set(admin).send({ name: 'ok-name', scopes: [] }).expect(400)).body.details).toHaveProperty('scopes');
      expect((await t.http.delete('/api/admin/api-keys/nope').set(admin).expect(400)).body.code).toBe('VALIDATION.FAILED');
      expect((await t.http.delete(`/api/admin/api-keys/${randomUUID()}`).set(admin).expect(404)).body.code).toBe('AUTH.API_KEY_NOT_FOUND');
    });
  });
});
