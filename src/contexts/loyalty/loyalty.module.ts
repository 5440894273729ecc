import { BullModule, InjectQueue } from '@nestjs/bull';
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { AppConfig, cliOnly, workerOnly } from '../../infrastructure/config';
import { CronScheduler } from '../../infrastructure/queues';
import { OutboundWebhooksService } from '../../infrastructure/webhooks';
import { AdminOperationsController } from './api/admin-operations.controller';
import { AdminProgramsController } from './api/admin-programs.controller';
import { AdminPromoCodesController } from './api/admin-promo-codes.controller';
import { AdminTierSetsController } from './api/admin-tier-sets.controller';
import { CardsController } from './api/cards.controller';
import { MembersController } from './api/members.controller';
import { OrdersController } from './api/orders.controller';
import { PointsController } from './api/points.controller';
import { CardsQueryService } from './application/cards-query.service';
import { CleanupService } from './application/cleanup.service';
import { EnrollmentService } from './application/enrollment.service';
import { ExpiryService } from './application/expiry.service';
import { LoyaltyEventsService } from './application/loyalty-events.service';
import { LoyaltyPortService } from './application/loyalty-port.service';
import { MembersService } from './application/members.service';
import { OrdersService } from './application/orders.service';
import { PointsService } from './application/points.service';
import { ProgramsAdminService } from './application/programs-admin.service';
import { PromoCodesService } from './application/promo-codes.service';
import { ReferralsService } from './application/referrals.service';
import { RefundsService } from './application/refunds.service';
import { ReportsService } from './application/reports.service';
import { TierSetsAdminService } from './application/tier-sets-admin.service';
import { TiersService } from './application/tiers.service';
import { LOYALTY_QUEUE, loyaltyCronTable } from './jobs/loyalty.jobs';
import { CleanupCommand, EvaluateMembershipsCommand, ExpirePointsCommand } from './jobs/loyalty.commands';
import { LoyaltyProcessor } from './jobs/loyalty.processor';
import { LOYALTY_EVENT_TYPES } from './loyalty.events';
import { LoyaltyPort } from './loyalty.port';
import { ExpiryRepository } from './persistence/expiry.repository';
import { LoyaltyEventRow, LoyaltySyncState } from './persistence/loyalty-event.entity';
import { LoyaltyCard, LoyaltyMember } from './persistence/member.entity';
import { LoyaltyOrder, LoyaltyOrderRefund } from './persistence/order.entity';
import { PointLedgerRepository } from './persistence/point-ledger.repository';
import { LoyaltyProgram, LoyaltyProgramRule, LoyaltyReward } from './persistence/program.entity';
import { LoyaltyPromoCode, LoyaltyReferral } from './persistence/codes.entity';
import { LoyaltyMemberTier, LoyaltyTier, LoyaltyTierChange, LoyaltyTierSet } from './persistence/tier.entity';

/** Loyalty: the engine of record for points, tiers, referral and promo codes, synced with Odoo. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      LoyaltyProgram, LoyaltyProgramRule, LoyaltyReward, LoyaltyMember, LoyaltyCard, LoyaltyOrder, LoyaltyOrderRefund, LoyaltyPromoCode,
      LoyaltyReferral, LoyaltyTierSet, LoyaltyTier, LoyaltyMemberTier, LoyaltyTierChange, LoyaltyEventRow, LoyaltySyncState,
    ]),
    BullModule.registerQueue({ name: LOYALTY_QUEUE }),
  ],
  controllers: [
    OrdersController, PointsController, CardsController, MembersController,
    AdminProgramsController, AdminTierSetsController, AdminPromoCodesController, AdminOperationsController,
  ],
  providers: [
    PointLedgerRepository, ExpiryRepository,
    LoyaltyEventsService, MembersService, EnrollmentService, TiersService, PromoCodesService, ReferralsService, OrdersService, RefundsService,
    PointsService, CardsQueryService, ProgramsAdminService, TierSetsAdminService, ReportsService, ExpiryService, CleanupService,
    LoyaltyPortService, { provide: LoyaltyPort, useExisting: LoyaltyPortService },
    ...workerOnly(LoyaltyProcessor),
    ...cliOnly(ExpirePointsCommand, EvaluateMembershipsCommand, CleanupCommand),
  ],
  exports: [LoyaltyPort],
})
export class LoyaltyModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly webhooks: OutboundWebhooksService,
    private readonly cron: CronScheduler,
    private readonly config: AppConfig,
    @InjectQueue(LOYALTY_QUEUE) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.webhooks.registerEventTypes(LOYALTY_EVENT_TYPES);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.cron.sync(this.queue, loyaltyCronTable(this.config));
  }
}
