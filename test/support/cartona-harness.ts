import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { OdooCatalogPort } from '../../src/contexts/cartona-sync/integration/odoo-catalog.port';
import { OdooOrdersPort } from '../../src/contexts/cartona-sync/integration/odoo-orders.port';
import { AuditService } from '../../src/infrastructure/audit';
import { resetAppConfigCache } from '../../src/infrastructure/config';
import { FakeOdoo } from './fakes/fake-odoo';
import { baseTestEnv } from './test-env';

export interface CartonaHarness {
  app: NestExpressApplication;
  http: TestAgent;
  odoo: FakeOdoo;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Boots the hub with CartonaSync whose Odoo ports are served by an in-memory FakeOdoo (real
 * Postgres, Redis and Cartona simulator). For the logic of the context; the full e2e suite runs
 * against the Odoo simulator through the shared provider.
 */
export async function createCartonaHarness(env: Record<string, string | undefined>, odoo = new FakeOdoo()): Promise<CartonaHarness> {
  const saved = { ...process.env };
  Object.assign(process.env, baseTestEnv());
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetAppConfigCache();

  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(OdooCatalogPort).useValue(odoo)
    .overrideProvider(OdooOrdersPort).useValue(odoo)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, bufferLogs: true });
  configureApp(app);
  await app.init();
  return {
    app, odoo, http: request(app.getHttpServer()),
    get: (token) => app.get(token as never),
    close: async () => {
      await app.get(AuditService).flush().catch(() => undefined);
      await app.close();
      process.env = saved;
      resetAppConfigCache();
    },
  };
}
