import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CoreHealthChecks } from './core-health-checks';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';
import { ReadinessService } from './readiness.service';

@Global()
@Module({
  // Terminus' own error log fires on every failing probe; ReadinessService logs state changes instead.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthRegistry, ReadinessService, CoreHealthChecks],
  exports: [HealthRegistry, ReadinessService],
})
export class HealthModule {}
