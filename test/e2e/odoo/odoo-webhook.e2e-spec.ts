import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { OdooChangeFeed, OdooPartnerGateway, type OdooChange } from '../../../src/odoo';
import { HealthRegistry } from '../../../src/infrastructure/health';
import { SIM_USERS, startOdooSimulator, type OdooSimulator } from '../../../tools/simulators/odoo';
import { createTestApp, type TestApp } from '../../support/app';

const SECRET = `odoo-hook-${randomUUID()}`;

async function waitFor<T>(fn: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Odoo automation-rule webhooks', () => {
  let sim: OdooSimulator;
  let t: TestApp;
  const seen: OdooChange[] = [];

  beforeAll(async () => {
    sim = await startOdooSimulator({ version: 17 });
    t = await createTestApp({
      ODOO_URL: sim.url, ODOO_DB: sim.db, ODOO_USERNAME: SIM_USERS.hub.login, ODOO_API_KEY: SIM_USERS.hub.apiKey,
      ODOO_PROTOCOL: 'jsonrpc', ODOO_WEBHOOK_SECRET: SECRET,
    });
    await t.app.listen(0, '127.0.0.1');
    t.get(OdooChangeFeed).subscribe('res.partner', (c) => { seen.push(c); });
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it('stores a hint from a real automation rule and fans it out to subscribers, who re-read the record', async () => {
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    sim.seed({ 'base.automation': [{ name: 'Notify hub', model_name: 'res.partner', trigger: 'on_create_or_write', webhook_url: `http://127.0.0.1:${port}/webhooks/odoo/${SECRET}`, webhook_field_names: ['email', 'country_id'] }] });
    const email = `hook-${randomUUID()}@example.com`;
    const partners = t.get(OdooPartnerGateway);
    const id = await partners.create({ name: 'Webhook Test', email, countryId: sim.ref('base.eg') });
    await sim.automations.drain();
    expect(sim.automations.deliveries.at(-1)).toMatchObject({ model: 'res.partner', id, status: 200 });
    const change = await waitFor(() => seen.find((c) => c.id === id));
    // load=None: the many2one arrives as a bare id; the hint is for re-reading.
    expect(change).toMatchObject({ model: 'res.partner', id, source: 'webhook', fields: { email, country_id: sim.ref('base.eg') } });
    expect(change.action).toMatch(/^Notify hub\(#\d+\)$/);
    expect((await partners.get(id))?.email).toBe(email);
  });

  it('acknowledges an identical hint within the dedup window once', async () => {
    const body = { _model: 'res.partner', _id: sim.ref('partner_nour'), _action: 'Notify hub(#1)', email: `same-${randomUUID()}@example.com` };
    // The window is a 2 s bucket: start at the beginning of one so both requests fall in it.
    if (Date.now() % 2000 > 1000) await new Promise((r) => setTimeout(r, 2000 - (Date.now() % 2000)));
    const first = await t.http.post(`/webhooks/odoo/${SECRET}`).send(body).expect(200);
    const second = await t.http.post(`/webhooks/odoo/${SECRET}`).send(body).expect(200);
    expect(first.body).toEqual({ accepted: true, duplicate: false });
    expect(second.body).toEqual({ accepted: true, duplicate: true });
  });

  it('takes the secret from the path or the query, rejects a missing or wrong one (401) and a payload that is not Odoo\'s (400)', async () => {
    const viaQuery = await t.http.post(`/webhooks/odoo?secret=${SECRET}`).send({ _model: 'res.partner', _id: sim.ref('partner_karim') }).expect(200);
    expect(viaQuery.body.accepted).toBe(true);
    await t.http.post('/webhooks/odoo').send({ _model: 'res.partner', _id: 1 }).expect(401);
    await t.http.post(`/webhooks/odoo?secret=${SECRET}&secret=${SECRET}`).send({ _model: 'res.partner', _id: 1 }).expect(401);
    const wrong = await t.http.post('/webhooks/odoo/not-the-secret').send({ _model: 'res.partner', _id: 1 }).expect(401);
    expect(wrong.body).toMatchObject({ code: 'WEBHOOK.SECRET_MISMATCH' });
    const bad = await t.http.post(`/webhooks/odoo/${SECRET}`).send({ _model: 'Robert"); DROP TABLE', _id: -3 }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.FAILED' });
    expect(bad.body.details).toHaveProperty('_model');
    expect(bad.body.details).toHaveProperty('_id');
  });

  it('reports Odoo in the health registry (not critical) with the breaker state and a version probe', async () => {
    const check = t.get(HealthRegistry).list().find((c) => c.name === 'odoo')!;
    expect(check.critical).toBe(false);
    await expect(check.check()).resolves.toMatchObject({ status: 'up', details: { protocol: 'jsonrpc', serverVersion: '17.0+e', breaker: 'closed' } });
    await sim.pause();
    try {
      await expect(check.check()).resolves.toMatchObject({ status: 'down' });
    } finally {
      await sim.resume();
    }
  });
});
