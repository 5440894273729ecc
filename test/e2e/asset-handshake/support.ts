import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../../src/app.module';
import { configureApp } from '../../../src/bootstrap';
import { AssetHandshakeModule } from '../../../src/contexts/asset-handshake';
import { OdooCommercePort } from '../../../src/contexts/asset-handshake/integration/odoo-commerce.port';
import { AuditService } from '../../../src/infrastructure/audit';
import { ApiKeysService } from '../../../src/infrastructure/auth';
import { AppConfig, resetAppConfigCache } from '../../../src/infrastructure/config';
import type { TestApp } from '../../support/app';
import { baseTestEnv } from '../../support/test-env';

export interface AssetTestApp extends TestApp {
  adminKey: string;
}

/**
 * The whole hub as production builds it, with AssetHandshake's Odoo port replaced when a test
 * passes `odoo` (the in-memory fake); everything else — Postgres, Redis, the broker — is real.
 */
export async function createAssetTestApp(env: Record<string, string | undefined> = {}, opts: { odoo?: OdooCommercePort } = {}): Promise<AssetTestApp> {
  const saved = { ...process.env };
  Object.assign(process.env, baseTestEnv(), { ABS_ODOO_POLL_INTERVAL_MS: '0', ABS_REPLY_TIMEOUT_MS: '2000', ABS_RETRY_BACKOFF_MS: '50' });
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetAppConfigCache();
  let builder = Test.createTestingModule({ imports: [AppModule, AssetHandshakeModule] });
  if (opts.odoo) builder = builder.overrideProvider(OdooCommercePort).useValue(opts.odoo);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, bufferLogs: true, bodyParser: true });
  configureApp(app);
  await app.init();
  const { key } = await app.get(ApiKeysService).create({ name: `asset-admin-${randomUUID().slice(0, 8)}`, scopes: ['admin'] });
  return {
    app,
    http: request(app.getHttpServer()),
    config: app.get(AppConfig),
    adminKey: key,
    get: (token) => app.get(token as never, { strict: false }),
    close: async () => {
      await app.get(AuditService).flush().catch(() => undefined);
      await app.close();
      process.env = saved;
      resetAppConfigCache();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await check();
    if (last !== undefined && last !== false && last !== null) return last as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
