import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp, type CreateAppOptions } from '../../src/bootstrap';
import { AppConfig, resetAppConfigCache } from '../../src/infrastructure/config';
import { AuditService } from '../../src/infrastructure/audit';
import { baseTestEnv } from './test-env';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  config: AppConfig;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

export type TestAppOptions = CreateAppOptions;

/**
 * Boots the whole hub in-process, as production does (same pipes, filters, guards, docs), with
 * the test environment plus `env` overrides (e.g. ODOO_URL of a simulator started by the test).
 * `opts.imports` adds test-only modules (routes, queues, processors) beside the real ones.
 */
export async function createTestApp(env: Record<string, string | undefined> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const saved = { ...process.env };
  Object.assign(process.env, baseTestEnv());
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetAppConfigCache();
  const app = await createApp(opts);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    config: app.get(AppConfig),
    get: (token) => app.get(token as never),
    close: async () => {
      await app.get(AuditService).flush().catch(() => undefined);
      await app.close();
      process.env = saved;
      resetAppConfigCache();
    },
  };
}
