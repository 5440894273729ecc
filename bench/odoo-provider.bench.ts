import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { AuditService } from '../src/infrastructure/audit/audit.service';
import { OdooClient } from '../src/odoo/client/odoo-client';
import type { OdooProtocol } from '../src/odoo/odoo.types';
import { decodeXmlRpc, encodeMethodCall } from '../src/odoo/transports/xmlrpc-codec';
import type { BenchFigure, Benchmark } from './bench-types';

/**
 * Provider overhead: calls per second through OdooClient (limiter, breaker, deadline, retry
 * policy, error mapping, metric, audit row) against raw HTTP requests carrying the identical call
 * and parsing the answer, both to the same Odoo simulator running in its own process, in the same
 * run, at the same concurrency. Target: the provider keeps ≥ 80 % of the raw rate, per protocol.
 */
const CONCURRENCY = 8;
/** Short alternating slices (ABBA order): the machine is shared and its load swings, so both paths see the same conditions. */
const SLICE_MS = 300;
const PAIRS = 16;
const WARMUP_MS = 3000;
const USER = { login: 'hub@cairoconnect.example', apiKey: '7c1e5b0f9d2a4c6e8b3f1a0d5e7c9b2a4f6e8d0c' };
const DOMAIN = [['ref', '=', 'CC-10001']];
const FIELDS = ['name', 'email', 'phone', 'country_id', 'write_date'];

async function startSimulator(): Promise<{ url: string; db: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'tools/simulators/odoo/main.ts'), '--port', '0', '--version', '19'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const info = JSON.parse(line) as { url: string; db: string };
  return { ...info, child };
}

/** Runs `call` with `concurrency` workers for `ms`; returns completed calls and elapsed ms. */
async function slice(call: () => Promise<unknown>, ms: number, concurrency = CONCURRENCY): Promise<{ calls: number; ms: number }> {
  let calls = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await call();
      calls++;
    }
  }));
  return { calls, ms: performance.now() - started };
}

/**
 * The same call without the provider: one undici request per call, the body serialised and the
 * answer parsed with the protocol's own format (what any client must do), nothing else — no
 * limiter, breaker, deadline bookkeeping, retries, error mapping, metric or audit row.
 */
function rawCall(pool: Pool, protocol: OdooProtocol, db: string, uid: number): () => Promise<unknown> {
  const args = () => [db, uid, USER.apiKey, 'res.partner', 'search_read', [DOMAIN], { fields: FIELDS }];
  if (protocol === 'jsonrpc') {
    return async () => {
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args: args() }, id: 1 });
      const res = await pool.request({ path: '/jsonrpc', method: 'POST', body, headers: { 'content-type': 'application/json' } });
      return (JSON.parse(await res.body.text()) as { result: unknown }).result;
    };
  }
  if (protocol === 'xmlrpc') {
    return async () => {
      const res = await pool.request({ path: '/xmlrpc/2/object', method: 'POST', body: encodeMethodCall('execute_kw', args()), headers: { 'content-type': 'text/xml' } });
      return decodeXmlRpc(await res.body.text()).params[0];
    };
  }
  const headers = { 'content-type': 'application/json', authorization: `bearer ${USER.apiKey}`, 'x-odoo-database': db };
  return async () => {
    const body = JSON.stringify({ domain: DOMAIN, fields: FIELDS });
    const res = await pool.request({ path: '/json/2/res.partner/search_read', method: 'POST', body, headers });
    return JSON.parse(await res.body.text());
  };
}

const bench: Benchmark = async () => {
  const sim = await startSimulator();
  const figures: BenchFigure[] = [];
  // The real audit service (buffering, multi-row inserts) with a repository that discards the rows.
  const audit = new AuditService({ insert: async () => undefined } as never);
  try {
    for (const protocol of ['jsonrpc', 'json2', 'xmlrpc'] as OdooProtocol[]) {
      const client = new OdooClient({
        connection: { url: sim.url, db: sim.db, username: USER.login, apiKey: USER.apiKey }, protocol,
        timeoutMs: 10_000, maxConcurrency: CONCURRENCY, retries: 2, audit,
      });
      const pool = new Pool(sim.url, { connections: CONCURRENCY + 2, keepAliveTimeout: 30_000 });
      const viaProvider = () => client.searchRead('res.partner', DOMAIN as never, { fields: FIELDS });
      const [first] = await viaProvider();
      if (!first) throw new Error('the simulator has no partner CC-10001');
      const uid = await client.currentUid();
      const raw = rawCall(pool, protocol, sim.db, uid);
      // Warm up both paths and the simulator's JIT.
      for (let i = 0; i < 3; i++) {
        await slice(raw, WARMUP_MS / 6);
        await slice(viaProvider, WARMUP_MS / 6);
      }
      const total = { raw: { calls: 0, ms: 0 }, prov: { calls: 0, ms: 0 } };
      for (let i = 0; i < PAIRS; i++) {
        const order = i % 2 === 0 ? (['raw', 'prov'] as const) : (['prov', 'raw'] as const);
        for (const which of order) {
          const s = await slice(which === 'raw' ? raw : viaProvider, SLICE_MS);
          total[which].calls += s.calls;
          total[which].ms += s.ms;
        }
      }
      const r = total.raw.calls / (total.raw.ms / 1000);
      const p = total.prov.calls / (total.prov.ms / 1000);
      const ratio = p / r;
      figures.push(
        { bench: 'odoo-provider', metric: `${protocol}: raw requests to the simulator`, value: r, unit: 'calls/s' },
        { bench: 'odoo-provider', metric: `${protocol}: through OdooClient (search_read, ${CONCURRENCY} in flight)`, value: p, unit: 'calls/s' },
        { bench: 'odoo-provider', metric: `${protocol}: provider / raw`, value: ratio, unit: 'ratio', target: '>= 0.80', pass: ratio >= 0.8 },
      );
      await client.close();
      await pool.close();
    }
  } finally {
    await audit.flush();
    sim.child.kill('SIGTERM');
  }
  return figures;
};

export default bench;
