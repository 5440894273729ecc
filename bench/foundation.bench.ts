import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { BenchFigure, Benchmark } from './bench-types';
import { load, startBareServer, startHub, type LoadResult } from './support/http';

const JWT_SECRET = `bench-jwt-secret-${randomUUID()}`;
const BODY = { id: randomUUID(), email: 'bench@example.com', role: 'customer' };

/**
 * What the hub's HTTP stack costs per request: the same small JSON answer from a bare node:http
 * server (the ceiling) and from the hub, in the same run, on the same machine.
 *  - GET /health: the whole middleware chain (metrics, request id, helmet, CORS, CLS, throttler,
 *    filters) with no auth and no request log line;
 *  - GET /api/auth/me: the same plus JWT verification, the auth guard and one JSON log line per request.
 * Ratios are what to compare across runs; the machine is shared.
 */
const bench: Benchmark = async () => {
  const figures: BenchFigure[] = [];
  const bare = await startBareServer(BODY);
  let bareResult: LoadResult;
  try {
    bareResult = await load(`http://127.0.0.1:${bare.port}/`);
  } finally {
    await bare.stop();
  }

  const hub = await startHub({
    APP_ROLE: 'api',
    JWT_SECRET,
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub_bench',
    QUEUE_PREFIX: `bench_${process.pid}`,
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  let health: LoadResult;
  let me: LoadResult;
  try {
    const token = await new JwtService({ secret: JWT_SECRET, signOptions: { issuer: 'odoo-hub', expiresIn: '1h' } }).signAsync({ sub: BODY.id, email: BODY.email, role: BODY.role });
    health = await load(`http://127.0.0.1:${hub.port}/health`);
    me = await load(`http://127.0.0.1:${hub.port}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  } finally {
    await hub.stop();
  }

  for (const [name, r] of [['bare node:http', bareResult], ['hub GET /health', health], ['hub GET /api/auth/me (JWT)', me]] as const) {
    if (r.failures) throw new Error(`${name}: ${r.failures} failed requests; the run is invalid`);
    figures.push({ bench: 'foundation-http', metric: `${name} req/s`, value: r.requestsPerSec, unit: 'req/s' });
    // The latency budget the stack may take from a route: p99 under 50 ms at 10 concurrent clients.
    figures.push({ bench: 'foundation-http', metric: `${name} p99 (10 conns)`, value: r.p99Ms, unit: 'ms', ...(name === 'bare node:http' ? {} : { target: '< 50 ms', pass: r.p99Ms < 50 }) });
  }
  const ratio = (r: LoadResult) => r.requestsPerSec / bareResult.requestsPerSec;
  figures.push({ bench: 'foundation-http', metric: 'hub /health vs bare (same run)', value: ratio(health), unit: 'x' });
  figures.push({ bench: 'foundation-http', metric: 'hub /api/auth/me vs bare (same run)', value: ratio(me), unit: 'x' });
  // With the server saturated, 1/throughput is the server time one request costs.
  const usPerRequest = (r: LoadResult) => 1e6 / r.requestsPerSec;
  figures.push({ bench: 'foundation-http', metric: 'server time per request added by the hub stack (/api/auth/me)', value: usPerRequest(me) - usPerRequest(bareResult), unit: 'µs' });
  return figures;
};

export default bench;
