import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { OpsServer } from './ops-server';
import { QueueMetrics } from './queue-metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [QueueMetrics, OpsServer], exports: [OpsServer] })
export class MetricsModule {}
