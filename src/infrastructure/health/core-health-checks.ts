import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueRegistry } from '../queues/queue-registry';
import { HealthRegistry } from './health-registry';

/** Postgres and Redis: without either the hub cannot accept work, so both are critical. */
@Injectable()
export class CoreHealthChecks implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'db',
      critical: true,
      check: async () => {
        const started = Date.now();
        await this.dataSource.query('SELECT 1');
        const pool = (this.dataSource.driver as unknown as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }).master;
        return { status: 'up', details: { latencyMs: Date.now() - started, pool: pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined } };
      },
    });
    this.registry.register({
      name: 'redis',
      critical: true,
      check: async () => {
        // The queues' own connection: this is the client jobs are enqueued through.
        const queue = this.queues.all().values().next().value;
        if (!queue) return { status: 'down', details: { error: 'no queue registered' } };
        const started = Date.now();
        await queue.client.ping();
        return { status: 'up', details: { latencyMs: Date.now() - started, queues: this.queues.names().length } };
      },
    });
  }
}
