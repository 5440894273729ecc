import { register } from 'prom-client';
import { PROTOCOLS, simClient, type SimClient } from '../../../test/support/odoo-sim';
import { SIM_USERS, startOdooSimulator } from '../../../tools/simulators/odoo';
import { STATUS_BY_KIND } from '../../infrastructure/http/error-status';
import {
  OdooAccessDenied, OdooAccessError, OdooBadRequest, OdooCircuitOpen, OdooMissingRecord, OdooProtocolError, OdooServerError, OdooTimeout,
  OdooUnavailable, OdooUserError, OdooValidationError,
} from '../odoo.errors';
import { OdooClient } from './odoo-client';

const catchErr = async (p: Promise<unknown>): Promise<Error> => p.then(() => { throw new Error('expected a failure'); }, (e: Error) => e);

describe.each(PROTOCOLS)('OdooClient over %s', (protocol) => {
  let t: SimClient;
  beforeEach(async () => { t = await simClient(protocol); });
  afterEach(async () => { await t.close(); });

  describe('fault mapping', () => {
    it('bad credentials → OdooAccessDenied (HTTP 502, not the caller\'s fault)', async () => {
      const bad = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.hub.login, apiKey: 'f'.repeat(40) }, protocol, timeoutMs: 2000, maxConcurrency: 2, retries: 0 });
      const err = await catchErr(bad.searchCount('res.partner'));
      await bad.close();
      expect(err).toBeInstanceOf(OdooAccessDenied);
      expect(STATUS_BY_KIND[(err as OdooAccessDenied).kind]).toBe(502);
    });

    it('a right the integration user lacks → OdooAccessError', async () => {
      const ro = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.readonly.login, apiKey: SIM_USERS.readonly.apiKey }, protocol, timeoutMs: 2000, maxConcurrency: 2, retries: 0 });
      expect(await ro.searchCount('res.partner')).toBeGreaterThan(0);
      const err = await catchErr(ro.create('res.partner', { name: 'Nope' }));
      await ro.close();
      expect(err).toBeInstanceOf(OdooAccessError);
      expect(err.message).toContain('res.partner');
    });

    it('a deleted record → OdooMissingRecord (404)', async () => {
      const err = await catchErr(t.client.read('res.partner', [999_999], ['name']));
      expect(err).toBeInstanceOf(OdooMissingRecord);
      expect(STATUS_BY_KIND[(err as OdooMissingRecord).kind]).toBe(404);
    });

    it('a business refusal → OdooUserError with Odoo\'s message (422)', async () => {
      const cancelled = t.sim.ref('so_cancelled_mona');
      const err = await catchErr(t.client.callMethod('sale.order', 'action_confirm', [cancelled]));
      expect(err).toBeInstanceOf(OdooUserError);
      expect(err.message).toBe('Some orders are not in a state requiring confirmation.');
      expect(STATUS_BY_KIND[(err as OdooUserError).kind]).toBe(422);
    });

    it('a constraint → OdooValidationError (an OdooUserError on XML-RPC, where Odoo cannot tell them apart)', async () => {
      const err = await catchErr(t.client.create('res.partner', { email: 'no-name@example.com' }));
      expect(err).toBeInstanceOf(OdooUserError);
      expect(err.message).toContain('mandatory field is not set');
      if (protocol === 'xmlrpc') expect(err).not.toBeInstanceOf(OdooValidationError);
      else expect(err).toBeInstanceOf(OdooValidationError);
    });

    it('an unexpected server exception → OdooServerError; the traceback stays out of the message', async () => {
      const err = await catchErr(t.client.searchRead('res.partner', [], { fields: ['no_such_field'] }));
      expect(err).toBeInstanceOf(OdooServerError);
      expect(err.message).toBe('Odoo failed to process the request');
      expect((err as OdooServerError).summary).toContain('Invalid field');
      expect((err as OdooServerError).debug ?? '').toContain('Traceback');
    });

    it('an unknown method → a server error (RPC) or a bad request (JSON-2 404)', async () => {
      const err = await catchErr(t.client.callMethod('res.partner', 'no_such_method', [1]));
      expect(err).toBeInstanceOf(protocol === 'json2' ? OdooBadRequest : OdooServerError);
    });

    it('Odoo down (proxy 503) → OdooUnavailable with Retry-After (503)', async () => {
      t.sim.setFaults({ down: true, mode: 'http_503' });
      const err = await catchErr(t.client.searchCount('res.partner'));
      expect(err).toBeInstanceOf(OdooUnavailable);
      expect(STATUS_BY_KIND[(err as OdooUnavailable).kind]).toBe(503);
      expect((err as OdooUnavailable).retryAfterSeconds).toBeGreaterThan(0);
    });

    it('no answer within the deadline → OdooTimeout', async () => {
      await t.client.searchCount('res.partner');
      t.sim.setFaults({ down: true, mode: 'hang', model: 'res.partner' });
      const err = await catchErr(t.client.searchCount('res.partner', [], { timeoutMs: 150 }));
      expect(err).toBeInstanceOf(OdooTimeout);
    });
  });

  it('re-authenticates once when the cached uid goes stale, then repeats the call', async () => {
    expect(await t.client.searchCount('res.partner', [['ref', '=', 'CC-10001']])).toBe(1);
    const before = await t.client.currentUid();
    t.sim.recreateUser(SIM_USERS.hub.login);
    expect(await t.client.searchCount('res.partner', [['ref', '=', 'CC-10001']])).toBe(1);
    if (protocol === 'json2') return; // bearer keys carry no uid
    expect(await t.client.currentUid()).not.toBe(before);
    expect(t.sim.calls.count({ model: undefined, method: 'authenticate', service: 'common' })).toBe(2);
  });

  it('re-authenticates once on "Odoo Session Expired" and succeeds, even for a write', async () => {
    await t.client.searchCount('res.partner');
    t.sim.setFaults({ failNext: 1, mode: 'session_expired', model: 'res.partner', method: 'create' });
    const id = await t.client.create('res.partner', { name: 'After re-login' });
    expect(id).toBeGreaterThan(0);
    expect(t.sim.calls.count({ model: 'res.partner', method: 'create' })).toBe(2);
    expect(t.sim.env().m('res.partner').count([['name', '=', 'After re-login']])).toBe(1);
  });

  it('never repeats a write whose answer was lost, but repeats a read', async () => {
    await t.client.searchCount('res.partner');
    t.sim.setFaults({ failNext: 1, mode: 'reset_after', model: 'res.partner', method: 'create' });
    const err = await catchErr(t.client.create('res.partner', { name: 'Exactly once' }));
    expect(err).toBeInstanceOf(OdooUnavailable);
    expect((err as OdooUnavailable).maybeProcessed).toBe(true);
    expect(t.sim.calls.count({ model: 'res.partner', method: 'create' })).toBe(1);
    expect(t.sim.env().m('res.partner').count([['name', '=', 'Exactly once']])).toBe(1);

    t.sim.setFaults({ failNext: 1, mode: 'reset_after', model: 'res.partner', method: 'search_count' });
    expect(await t.client.searchCount('res.partner', [['name', '=', 'Exactly once']])).toBe(1);
    expect(t.sim.calls.count({ model: 'res.partner', method: 'search_count' })).toBe(3);
  });

  it('retries a write when the request provably never left (connection refused)', async () => {
    await t.client.searchCount('res.partner');
    await t.sim.pause();
    setTimeout(() => void t.sim.resume(), 40);
    const slow = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.hub.login, apiKey: SIM_USERS.hub.apiKey }, protocol, timeoutMs: 2000, maxConcurrency: 2, retries: 6, retryBaseMs: 40, retryMaxMs: 80 });
    const id = await slow.create('res.partner', { name: 'Sent once' });
    await slow.close();
    expect(id).toBeGreaterThan(0);
    expect(t.sim.calls.count({ model: 'res.partner', method: 'create' })).toBe(1);
  });

  it('opens the breaker after consecutive failures, fails fast, and closes again once Odoo is back', async () => {
    const c = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.hub.login, apiKey: SIM_USERS.hub.apiKey }, protocol, timeoutMs: 2000, maxConcurrency: 2, retries: 0, breakerFailures: 3, breakerHalfOpenAfterMs: 300 });
    try {
      await c.searchCount('res.partner');
      t.sim.setFaults({ down: true, mode: 'http_503' });
      for (let i = 0; i < 3; i++) expect(await catchErr(c.searchCount('res.partner'))).toBeInstanceOf(OdooUnavailable);
      const seen = t.sim.calls.count();
      const fast = await catchErr(c.searchCount('res.partner'));
      expect(fast).toBeInstanceOf(OdooCircuitOpen);
      expect(t.sim.calls.count()).toBe(seen); // failed fast: Odoo never saw it
      expect(c.stats().breaker).toBe('open');
      t.sim.setFaults({ down: false });
      await new Promise((r) => setTimeout(r, 350));
      expect(await c.searchCount('res.partner', [['ref', '=', 'CC-10001']])).toBe(1);
      expect(c.stats().breaker).toBe('closed');
    } finally {
      await c.close();
    }
  });

  it('holds the concurrency cap under 200 parallel calls', async () => {
    const c = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.hub.login, apiKey: SIM_USERS.hub.apiKey }, protocol, timeoutMs: 10_000, maxConcurrency: 4, retries: 0 });
    try {
      await c.searchCount('res.partner');
      t.sim.setFaults({ latencyMs: 10 });
      t.sim.maxConcurrent = 0;
      const results = await Promise.all(Array.from({ length: 200 }, () => c.searchCount('res.partner', [['is_company', '=', true]])));
      expect(new Set(results).size).toBe(1);
      expect(t.sim.maxConcurrent).toBeLessThanOrEqual(4);
      expect(t.sim.maxConcurrent).toBe(4);
      expect(c.stats().maxInFlightObserved).toBe(4);
      expect(t.sim.calls.count({ model: 'res.partner', method: 'search_count' })).toBe(201);
    } finally {
      await c.close();
    }
  });

  it('treats XML-RPC\'s "cannot marshal None" as success for methods known to return None', async () => {
    const order = t.sim.ref('so_router_karim');
    await expect(t.client.callMethod('sale.order', 'action_lock', [order])).resolves.toBeNull();
    expect(t.sim.env().m('sale.order').browse(order).locked).toBe(true);
  });

  it('refuses integers beyond 32 bits on XML-RPC with a clear error, and carries them on JSON', async () => {
    const id = await t.client.create('res.partner', { name: 'Big rank', customer_rank: 3_000_000_000 });
    const read = t.client.read('res.partner', [id], ['customer_rank']);
    if (protocol === 'xmlrpc') {
      const err = await catchErr(read);
      expect(err).toBeInstanceOf(OdooProtocolError);
      expect(err.message).toContain('32 bits');
    } else {
      expect((await read)[0].customer_rank).toBe(3_000_000_000);
    }
  });

  it('serves opted-in reads from the short-lived cache until a write through the client', async () => {
    const read = () => t.client.searchRead('res.partner', [['ref', '=', 'CC-10002']], { fields: ['name'], cacheTtlMs: 60_000 });
    await read();
    await read();
    expect(t.sim.calls.count({ model: 'res.partner', method: 'search_read' })).toBe(1);
    await t.client.write('res.partner', [t.sim.ref('partner_karim')], { phone: '+20 111 000 0000' });
    await read();
    expect(t.sim.calls.count({ model: 'res.partner', method: 'search_read' })).toBe(2);
  });

  it('records an audit row and a latency sample per call', async () => {
    await t.client.searchRead('res.partner', [['ref', '=', 'CC-10001']], { fields: ['name'], correlationId: 'job-42' });
    await catchErr(t.client.read('res.partner', [999_999], ['name']));
    const ok = t.audit.entries.find((e) => e.operation === 'res.partner.search_read');
    expect(ok).toMatchObject({ system: 'odoo', direction: 'outbound', status: 'ok', correlationId: 'job-42', details: { protocol, outcome: 'ok' } });
    expect(t.audit.entries.find((e) => e.operation === 'res.partner.read')).toMatchObject({ status: 'error', details: { outcome: 'missing' } });
    const metric = await register.getSingleMetric('hub_odoo_call_duration_seconds')!.get();
    expect(metric.values.some((s) => s.labels.model === 'res.partner' && s.labels.method === 'read' && s.labels.outcome === 'missing')).toBe(true);
  });
});

describe('OdooClient protocol detection', () => {
  it.each([[17, 'jsonrpc'], [18, 'jsonrpc'], [19, 'json2']] as const)('auto on Odoo %s picks %s', async (version, expected) => {
    const t = await simClient('auto', { version });
    try {
      await t.client.searchCount('res.partner');
      expect(t.client.protocol).toBe(expected);
      expect((await t.client.serverVersion()).major).toBe(version);
    } finally {
      await t.close();
    }
  });

  it('auto on Odoo 19 without an API key falls back to JSON-RPC with the password', async () => {
    const sim = await startOdooSimulator({ version: 19 });
    const c = new OdooClient({ connection: { url: sim.url, db: sim.db, username: SIM_USERS.hub.login, password: SIM_USERS.hub.password }, protocol: 'auto', timeoutMs: 2000, maxConcurrency: 2, retries: 0 });
    try {
      expect(await c.searchCount('res.partner', [['ref', '=', 'CC-10001']])).toBe(1);
      expect(c.protocol).toBe('jsonrpc');
    } finally {
      await c.close();
      await sim.close();
    }
  });

  it('a 2FA user cannot use its password over RPC, only its API key', async () => {
    const t = await simClient('xmlrpc');
    const pw = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.twoFactor.login, password: SIM_USERS.twoFactor.password }, protocol: 'xmlrpc', timeoutMs: 2000, maxConcurrency: 2, retries: 0 });
    const key = new OdooClient({ connection: { url: t.sim.url, db: t.sim.db, username: SIM_USERS.twoFactor.login, apiKey: SIM_USERS.twoFactor.apiKey }, protocol: 'xmlrpc', timeoutMs: 2000, maxConcurrency: 2, retries: 0 });
    try {
      expect(await catchErr(pw.searchCount('res.partner'))).toBeInstanceOf(OdooAccessDenied);
      expect(await key.searchCount('res.partner')).toBeGreaterThan(0);
    } finally {
      await pw.close();
      await key.close();
      await t.close();
    }
  });
});
