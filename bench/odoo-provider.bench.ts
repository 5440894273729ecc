import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { AuditService } from '../src/infrastructure/audit/audit.service';
import { OdooClient } from '../src/odoo/client/odoo-client';
import type { OdooProtocol } from '../src/odoo/odoo.types';
import { json2Body } from '../src/odoo/transports/json2.transport';
import { encodeMethodCall } from '../src/odoo/transports/xmlrpc-codec';
import type { BenchFigure, Benchmark } from './bench-types';

/**
 * Provider overhead: calls per second through OdooClient (limiter, breaker, deadline, metric,
 * audit row, value decoding) against raw HTTP requests carrying the identical call, both to the
 * same Odoo simulator running in its own process, in the same run, at the same concurrency.
 * Target: the provider keeps ≥ 80 % of the raw rate, per protocol.
 */
const CONCURRENCY = 8;
const ROUND_MS = 2500;
const ROUNDS = 3;
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

/** Runs `call` with `concurrency` workers for `ms`; returns completed calls per second. */
async function rate(call: () => Promise<unknown>, ms: number, concurrency = CONCURRENCY): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await call();
      done++;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rawCall(pool: Pool, protocol: OdooProtocol, db: string, uid: number): () => Promise<unknown> {
  const args = [db, uid, USER.apiKey, 'res.partner', 'search_read', [DOMAIN], { fields: FIELDS }];
  if (protocol === 'jsonrpc') {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args }, id: 1 });
    return async () => (await pool.request({ path: '/jsonrpc', method: 'POST', body, headers: { 'content-type': 'application/json' } })).body.text();
  }
  if (protocol === 'xmlrpc') {
    const body = encodeMethodCall('execute_kw', args);
    return async () => (await pool.request({ path: '/xmlrpc/2/object', method: 'POST', body, headers: { 'content-type': 'text/xml' } })).body.text();
  }
  const body = JSON.stringify(json2Body({ model: 'res.partner', method: 'search_read', args: [DOMAIN], kwargs: { fields: FIELDS } }));
  const headers = { 'content-type': 'application/json', authorization: `bearer ${USER.apiKey}`, 'x-odoo-database': db };
  return async () => (await pool.request({ path: '/json/2/res.partner/search_read', method: 'POST', body, headers })).body.text();
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
      // Warm up both paths (JIT, sockets).
      await rate(raw, 500);
      await rate(viaProvider, 500);
      const raws: number[] = [];
      const provs: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        raws.push(await rate(raw, ROUND_MS));
        provs.push(await rate(viaProvider, ROUND_MS));
      }
      const r = median(raws);
      const p = median(provs);
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
