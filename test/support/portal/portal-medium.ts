import { BullModule, getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Account, AuthModule } from '../../../src/infrastructure/auth';
import { ConfigurationModule, resetAppConfigCache } from '../../../src/infrastructure/config';
import { DatabaseModule } from '../../../src/infrastructure/database';
import { QueuesModule } from '../../../src/infrastructure/queues';
import { PortalOdooPort } from '../../../src/contexts/portal-billing/integration/portal-odoo.port';
import { PORTAL_BILLING_QUEUE } from '../../../src/contexts/portal-billing/jobs/portal-billing.jobs';
import { PORTAL_BILLING_ENTITIES, PORTAL_BILLING_SERVICES } from '../../../src/contexts/portal-billing/portal-billing.providers';
import { baseTestEnv } from '../test-env';
import type { FakePortalOdoo } from './fake-portal-odoo';

export interface PortalMedium {
  ctx: INestApplicationContext;
  ds: DataSource;
  queue: Queue;
  get<T>(token: abstract new (...args: never[]) => T): T;
  /** A fresh portal account (the link table references auth_account). */
  account(): Promise<{ id: string; email: string }>;
  close(): Promise<void>;
}

/**
 * PortalBilling's services on the real test database and Redis, with Odoo replaced by an
 * in-memory fake at the port (the medium-test pattern: real repositories, fake outer edge).
 */
export async function createPortalMedium(fake: FakePortalOdoo, env: Record<string, string> = {}): Promise<PortalMedium> {
  const saved = { ...process.env };
  Object.assign(process.env, baseTestEnv(), env);
  resetAppConfigCache();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigurationModule, DatabaseModule, AuthModule, QueuesModule,
      TypeOrmModule.forFeature([...PORTAL_BILLING_ENTITIES, Account]),
      BullModule.registerQueue({ name: PORTAL_BILLING_QUEUE }),
    ],
    providers: [...PORTAL_BILLING_SERVICES, { provide: PortalOdooPort, useValue: fake }],
  }).compile();
  const ctx = await moduleRef.init();
  const ds = ctx.get(DataSource);
  const queue = ctx.get<Queue>(getQueueToken(PORTAL_BILLING_QUEUE));
  return {
    ctx, ds, queue,
    get: (token) => ctx.get(token as never),
    account: async () => {
      const email = `portal-${randomUUID()}@example.com`;
      const [row] = await ds.query<Array<{ id: string }>>(`INSERT INTO auth_account (email, password_hash) VALUES ($1, 'x') RETURNING id`, [email]);
      return { id: row.id, email };
    },
    close: async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await ctx.close();
      process.env = saved;
      resetAppConfigCache();
    },
  };
}
