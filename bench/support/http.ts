import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Target { port: number; stop(): Promise<void> }

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers: any of them invalidates a run. */
  failures: number;
}

function waitForPort(child: ChildProcess, what: string, match: (line: string) => number | undefined, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${stderr.slice(-1000)}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code}): ${stderr.slice(-1000)}`)); });
    child.stdout!.on('data', function onData(d: Buffer) {
      buffer += d.toString();
      for (const line of buffer.split('\n')) {
        const port = match(line);
        if (port) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          // Keep draining what the process logs, as production's log shipper would.
          child.stdout!.resume();
          return resolve(port);
        }
      }
    });
  });
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });

/**
 * The ceiling for HTTP benchmarks: a bare node:http server in its own process answering a fixed
 * JSON body (same shape as the route under test), so each run reports the hub against it.
 */
export async function startBareServer(body: unknown): Promise<Target> {
  const payload = JSON.stringify(body);
  const script = `const http=require('node:http');const b=${JSON.stringify(payload)};
http.createServer((q,s)=>{s.writeHead(200,{'content-type':'application/json; charset=utf-8','content-length':Buffer.byteLength(b)});s.end(b);})
.listen(0,'127.0.0.1',function(){console.log('PORT='+this.address().port)});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForPort(child, 'bare server', (l) => Number(/^PORT=(\d+)/.exec(l)?.[1]) || undefined);
  return { port, stop: stopper(child) };
}

/**
 * The hub's real entry point (src/main.ts through @swc-node) in its own process, configured as
 * in production (JSON logs at info, rate limiter on) except for `env` overrides.
 */
export async function startHub(env: Record<string, string>): Promise<Target> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await waitForPort(child, 'hub', (l) => {
    try {
      const j = JSON.parse(l) as { msg?: string; port?: number };
      return j.msg === 'odoo hub started' ? j.port : undefined;
    } catch {
      return undefined;
    }
  });
  return { port, stop: stopper(child) };
}

/** autocannon against one URL; a short warm-up first so JIT and pools are hot. */
export async function load(url: string, opts: { connections?: number; seconds?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({ url, connections: opts.connections ?? 10, duration, headers: opts.headers, pipelining: 1 });
  await run(2);
  const r = await run(opts.seconds ?? 8);
  return {
    requestsPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures: r.errors + r.timeouts + r.non2xx,
  };
}
