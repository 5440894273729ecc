import { BullModule, InjectQueue } from '@nestjs/bull';
import { Logger, Module, type OnApplicationBootstrap, type OnModuleInit, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { AppConfig, cliOnly, workerOnly } from '../../infrastructure/config';
import { HealthRegistry } from '../../infrastructure/health';
import { OdooChangeFeed } from '../../odoo';
import { InboxService } from '../../infrastructure/inbox';
import { CronScheduler } from '../../infrastructure/queues';
import { CartonaAccountsController } from './api/cartona-accounts.controller';
import { CartonaSyncController } from './api/cartona-sync.controller';
import { CARTONA_INBOX_SOURCE, CartonaWebhookController } from './api/cartona-webhook.controller';
import { CartonaAccountsService } from './application/cartona-accounts.service';
import { CartonaSweepService, ORDER_MODELS, PRODUCT_MODELS } from './application/cartona-sweep.service';
import { CartonaSyncPortService } from './application/cartona-sync-port.service';
import { OrderImportService } from './application/order-import.service';
import { OrderLinesResolver } from './application/order-lines.resolver';
import { OrderPullService } from './application/order-pull.service';
import { OrderStatusService } from './application/order-status.service';
import { ProductChangeService } from './application/product-change.service';
import { ProductMappingService } from './application/product-mapping.service';
import { ProductPushService } from './application/product-push.service';
import { SyncDashboardService } from './application/sync-dashboard.service';
import { CartonaSyncPort } from './cartona-sync.port';
import { CartonaSyncCommand } from './cli/cartona-sync.command';
import { CartonaHttpClientFactory } from './integration/cartona-api.adapter';
import { CartonaClientFactory } from './integration/cartona-api.port';
import { CARTONA_QUEUE, cartonaCron } from './jobs/cartona-sync.jobs';
import { CartonaSyncProcessor } from './jobs/cartona-sync.processor';
import { CartonaAccount } from './persistence/cartona-account.entity';
import { CartonaOrderLink } from './persistence/cartona-order-link.entity';
import { CartonaProductMapping } from './persistence/cartona-product-mapping.entity';
import { CartonaSyncCursor } from './persistence/cartona-sync-cursor.entity';
import { CartonaSyncError } from './persistence/cartona-sync-error.entity';
import { OrderLinkRepository } from './persistence/order-link.repository';
import { ProductMappingRepository } from './persistence/product-mapping.repository';
import { SyncCursorRepository } from './persistence/sync-cursor.repository';
import { SyncErrorRepository } from './persistence/sync-error.repository';
import { ODOO_ADAPTERS } from './integration/odoo-adapters';

const providers: Provider[] = [
  CartonaAccountsService, ProductPushService, ProductChangeService, ProductMappingService, OrderLinesResolver, OrderImportService,
  OrderPullService, OrderStatusService, CartonaSweepService, SyncDashboardService,
  ProductMappingRepository, OrderLinkRepository, SyncCursorRepository, SyncErrorRepository,
  { provide: CartonaClientFactory, useClass: CartonaHttpClientFactory },
  { provide: CartonaSyncPort, useClass: CartonaSyncPortService },
  ...ODOO_ADAPTERS,
];

/** CartonaSync: Odoo ⇄ Cartona prices, stock, orders and statuses. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CartonaAccount, CartonaProductMapping, CartonaOrderLink, CartonaSyncCursor, CartonaSyncError]),
    BullModule.registerQueue({ name: CARTONA_QUEUE }),
  ],
  controllers: [CartonaWebhookController, CartonaAccountsController, CartonaSyncController],
  providers: [...providers, ...workerOnly(CartonaSyncProcessor), ...cliOnly(CartonaSyncCommand)],
  exports: [CartonaSyncPort],
})
export class CartonaSyncModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(CartonaSyncModule.name);

  constructor(
    private readonly inbox: InboxService,
    private readonly imports: OrderImportService,
    private readonly accounts: CartonaAccountsService,
    private readonly cron: CronScheduler,
    private readonly config: AppConfig,
    @InjectQueue(CARTONA_QUEUE) private readonly queue: Queue,
    private readonly health: HealthRegistry,
    private readonly dashboard: SyncDashboardService,
    private readonly feed: OdooChangeFeed,
    private readonly sweep: CartonaSweepService,
  ) {}

  onModuleInit(): void {
    // Odoo automation-rule hints (shared receiver): buffered and handled in batches; polling is the fallback.
    for (const model of [...PRODUCT_MODELS, ...ORDER_MODELS]) this.feed.subscribe(model, (c) => this.sweep.hint(c.model, c.id));
    this.health.register({ name: 'cartona', critical: false, check: () => this.dashboard.health() });
    // Pushed orders take the same exactly-once path as pulled ones.
    this.inbox.registerHandler(CARTONA_INBOX_SOURCE, async (msg) => {
      const { accountId, order } = msg.payload as { accountId: string; order: unknown };
      const result = await this.imports.ingest(await this.accounts.get(accountId), order);
      if ('rejected' in result) this.logger.warn({ inboxId: msg.id, reason: result.rejected }, 'pushed Cartona order rejected');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.accounts.ensureDefaultFromEnv();
    const c = this.config.cartona;
    await this.cron.sync(this.queue, c.syncEnabled ? cartonaCron({ pullIntervalMs: c.pullIntervalMs, odooPollIntervalMs: c.odooPollIntervalMs }) : []);
  }
}
