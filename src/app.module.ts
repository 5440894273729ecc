import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ClsModule } from 'nestjs-cls';
import { CONTEXT_MODULES } from './contexts';
import { AdminUiModule } from './infrastructure/admin-ui';
import { AuditModule } from './infrastructure/audit';
import { AuthModule } from './infrastructure/auth';
import { AppConfig, ConfigurationModule } from './infrastructure/config';
import { DatabaseModule } from './infrastructure/database';
import { AllExceptionsFilter, createValidationPipe } from './infrastructure/http';
import { HealthModule } from './infrastructure/health';
import { InboxModule } from './infrastructure/inbox';
import { MqttModule } from './infrastructure/mqtt';
import { LoggingModule } from './infrastructure/logging/logging.module';
import { MetricsModule } from './infrastructure/metrics';
import { QueuesModule } from './infrastructure/queues';
import { OutboundWebhooksModule } from './infrastructure/webhooks';
import { OdooModule } from './odoo';

@Module({
  imports: [
    ConfigurationModule,
    ClsModule.forRoot({
      global: true,
      middleware: { mount: true, generateId: true, idGenerator: (req) => (req as unknown as { id: string }).id },
    }),
    LoggingModule,
    // In-process domain events between contexts (typed payloads exported from each context's index.ts).
    EventEmitterModule.forRoot({ wildcard: false, maxListeners: 50 }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.app.rateLimitPerMinute }] }),
    }),
    DatabaseModule,
    QueuesModule,
    AuditModule,
    AuthModule,
    InboxModule,
    OutboundWebhooksModule,
    HealthModule,
    MetricsModule,
    MqttModule,
    OdooModule,
    AdminUiModule,
    ...CONTEXT_MODULES,
  ],
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class AppModule {}
