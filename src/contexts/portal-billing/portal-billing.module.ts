import { BullModule, InjectQueue } from '@nestjs/bull';
import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { Account } from '../../infrastructure/auth';
import { cliOnly, workerOnly } from '../../infrastructure/config';
import { CronScheduler } from '../../infrastructure/queues';
import { AdminLinksController } from './api/admin-links.controller';
import { LinkController } from './api/link.controller';
import { PaymentProofController } from './api/payment-proof.controller';
import { PortalScopeGuard } from './api/portal-scope.guard';
import { PortalController } from './api/portal.controller';
import { ProofUploadInterceptor } from './api/proof-upload.interceptor';
import { TicketsController } from './api/tickets.controller';
import { OdooSyncCommand } from './cli/odoo-sync.command';
import { OdooPortalAdapter } from './integration/odoo-portal.adapter';
import { PortalOdooPort } from './integration/portal-odoo.port';
import { PORTAL_BILLING_CRON, PORTAL_BILLING_QUEUE } from './jobs/portal-billing.jobs';
import { PortalBillingProcessor } from './jobs/portal-billing.processor';
import { PORTAL_BILLING_ENTITIES, PORTAL_BILLING_SERVICES } from './portal-billing.providers';
import { PortalBillingPort } from './portal-billing.port';

/** PortalBilling: the ISP customer portal's API over Odoo (see README, "Customer portal"). */
@Module({
  imports: [
    TypeOrmModule.forFeature([...PORTAL_BILLING_ENTITIES, Account]),
    BullModule.registerQueue({ name: PORTAL_BILLING_QUEUE }),
  ],
  controllers: [LinkController, PortalController, TicketsController, PaymentProofController, AdminLinksController],
  providers: [
    ...PORTAL_BILLING_SERVICES,
    { provide: PortalOdooPort, useClass: OdooPortalAdapter },
    PortalScopeGuard,
    ProofUploadInterceptor,
    ...workerOnly(PortalBillingProcessor),
    ...cliOnly(OdooSyncCommand),
  ],
  exports: [PortalBillingPort],
})
export class PortalBillingModule implements OnApplicationBootstrap {
  constructor(@InjectQueue(PORTAL_BILLING_QUEUE) private readonly queue: Queue, private readonly cron: CronScheduler) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.cron.sync(this.queue, PORTAL_BILLING_CRON);
  }
}
