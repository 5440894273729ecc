import { BullModule, InjectQueue } from '@nestjs/bull';
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { AppConfig, workerOnly } from '../../infrastructure/config';
import { HealthRegistry } from '../../infrastructure/health';
import { CronScheduler } from '../../infrastructure/queues';
import { AbsWebhookController } from './api/abs-webhook.controller';
import { FlowsController } from './api/flows.controller';
import { UnitTypesController } from './api/unit-types.controller';
import { AbsEventsService } from './application/abs-events.service';
import { AssetHandshakeService } from './application/asset-handshake.service';
import { FlowEngine } from './application/flow-engine.service';
import { FlowMutations } from './application/flow-mutations';
import { FlowScheduler } from './application/flow-scheduler';
import { FlowSweeper } from './application/flow-sweeper.service';
import { FlowsAdminService } from './application/flows-admin.service';
import { AccessHandler } from './application/handlers/access.handler';
import { AllocationHandler } from './application/handlers/allocation.handler';
import { EntitlementHandler } from './application/handlers/entitlement.handler';
import { ServiceRecordHandler } from './application/handlers/service-record.handler';
import { OdooChangePoller } from './application/odoo-change-poller.service';
import { OrderReconciler } from './application/order-reconciler.service';
import { UnitTypesService } from './application/unit-types.service';
import { AssetHandshakePort } from './asset-handshake.port';
import { AbsEmitEchoClient } from './integration/abs-emit-echo.client';
import { AbsMqttAdapter } from './integration/abs-mqtt.adapter';
import { AbsRestAdapter } from './integration/abs-rest.adapter';
import { AbsPort } from './integration/abs.port';
import { OdooCommerceAdapter } from './integration/odoo-commerce.adapter';
import { OdooCommercePort } from './integration/odoo-commerce.port';
import { AbsEventsConsumer } from './jobs/abs-events.consumer';
import { ASSET_HANDSHAKE_QUEUE, assetHandshakeCron } from './jobs/asset-handshake.jobs';
import { AssetHandshakeProcessor } from './jobs/asset-handshake.processor';
import { BullFlowScheduler } from './jobs/bull-flow.scheduler';
import { PollCursor } from './persistence/cursor.entity';
import { CursorRepository } from './persistence/cursor.repository';
import { HandshakeFlowEvent } from './persistence/flow-event.entity';
import { HandshakeFlow } from './persistence/flow.entity';
import { FlowRepository } from './persistence/flow.repository';
import { HandshakePlan } from './persistence/plan.entity';
import { PlanRepository } from './persistence/plan.repository';
import { UnitTypeRuleRow } from './persistence/unit-type-rule.entity';
import { UnitTypeRuleRepository } from './persistence/unit-type-rule.repository';

/** Odoo (commercial) ⇄ ABS (asset back office): the four handshakes as persisted flows. */
@Module({
  imports: [
    TypeOrmModule.forFeature([HandshakeFlow, HandshakeFlowEvent, HandshakePlan, UnitTypeRuleRow, PollCursor]),
    BullModule.registerQueue({ name: ASSET_HANDSHAKE_QUEUE }),
  ],
  controllers: [FlowsController, UnitTypesController, AbsWebhookController],
  providers: [
    FlowRepository, PlanRepository, UnitTypeRuleRepository, CursorRepository,
    AbsEmitEchoClient, AbsMqttAdapter, AbsRestAdapter,
    { provide: AbsPort, inject: [AppConfig, AbsMqttAdapter, AbsRestAdapter], useFactory: (c: AppConfig, mqtt: AbsMqttAdapter, rest: AbsRestAdapter) => (c.abs.transport === 'rest' ? rest : mqtt) },
    { provide: OdooCommercePort, useClass: OdooCommerceAdapter },
    { provide: FlowScheduler, useClass: BullFlowScheduler },
    UnitTypesService, FlowMutations, FlowEngine, OrderReconciler, FlowSweeper, OdooChangePoller, FlowsAdminService, AbsEventsService,
    AllocationHandler, EntitlementHandler, AccessHandler, ServiceRecordHandler,
    { provide: AssetHandshakePort, useClass: AssetHandshakeService },
    ...workerOnly(AssetHandshakeProcessor, AbsEventsConsumer),
  ],
  exports: [AssetHandshakePort],
})
export class AssetHandshakeModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly engine: FlowEngine,
    private readonly allocation: AllocationHandler,
    private readonly entitlement: EntitlementHandler,
    private readonly access: AccessHandler,
    private readonly serviceRecord: ServiceRecordHandler,
    private readonly abs: AbsPort,
    private readonly health: HealthRegistry,
    private readonly cron: CronScheduler,
    private readonly config: AppConfig,
    @InjectQueue(ASSET_HANDSHAKE_QUEUE) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    for (const h of [this.allocation, this.entitlement, this.access, this.serviceRecord]) this.engine.register(h);
    this.health.register({
      name: 'abs',
      critical: false,
      check: async () => {
        const s = this.abs.status();
        return { status: s.lastError && !s.lastSuccessAt ? 'degraded' : 'up', details: { ...s } };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.cron.sync(this.queue, assetHandshakeCron(this.config.abs));
  }
}
