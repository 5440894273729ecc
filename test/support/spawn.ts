import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { baseTestEnv } from './test-env';

const ROOT = join(__dirname, '..', '..');

export interface HubProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first JSON log line whose `msg` matches (or rejects on exit / timeout). */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited(): Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * Runs a real entry point (`src/main.ts` or `src/cli.ts`) in a child process, compiled on the fly
 * by @swc-node (no build needed), with the test environment plus `env`.
 */
export function spawnHub(entry: 'main' | 'cli', args: string[] = [], env: Record<string, string | undefined> = {}): HubProcess {
  const fullEnv: Record<string, string> = { ...(process.env as Record<string, string>), ...baseTestEnv(), LOG_LEVEL: 'info' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete fullEnv[k];
    else fullEnv[k] = v;
  }
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('src', `${entry}.ts`), ...args], {
    cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitForLog: (msg, timeoutMs = 45_000) =>
      new Promise((resolve, reject) => {
        const scan = () => {
          for (const line of out.split('\n')) {
            try {
              const parsed = JSON.parse(line) as Record<string, unknown>;
              if (typeof parsed.msg === 'string' && msg.test(parsed.msg)) return parsed;
            } catch { /* not JSON */ }
          }
          return undefined;
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`no log ${msg} within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)); }, timeoutMs);
        const onData = () => { const hit = scan(); if (hit) { cleanup(); resolve(hit); } };
        const onExit = (code: number | null) => { cleanup(); reject(new Error(`process exited (${code}) before ${msg}; stderr: ${err.slice(-2000)}`)); };
        const cleanup = () => { clearTimeout(timer); child.stdout!.off('data', onData); child.off('exit', onExit); };
        child.stdout!.on('data', onData);
        child.once('exit', onExit);
        onData();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs the CLI to completion: `{ code, stdout, stderr }`. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawnHub('cli', args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited();
  clearTimeout(timer);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
