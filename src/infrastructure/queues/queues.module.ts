import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config';
import { CronScheduler } from './cron-scheduler.service';
import { DeadLetterJob } from './dead-letter-job.entity';
import { DeadLetterService } from './dead-letter.service';
import { DEFAULT_JOB_OPTIONS } from './enqueue';
import { JobRun } from './job-run.entity';
import { JobRunner } from './job-runner.service';
import { DeadLettersController } from './dead-letters.controller';
import { JobsController } from './jobs.controller';
import { QueueRegistry } from './queue-registry';
import { ScheduledJobsService } from './scheduled-jobs.service';

/** Bull root connection plus the shared job machinery; each context registers its own queue. */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.redis.url,
        prefix: config.redis.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        settings: { stalledInterval: 15000, maxStalledCount: 2 },
      }),
    }),
    TypeOrmModule.forFeature([DeadLetterJob, JobRun]),
  ],
  controllers: [DeadLettersController, JobsController],
  providers: [JobRunner, QueueRegistry, DeadLetterService, CronScheduler, ScheduledJobsService],
  exports: [JobRunner, QueueRegistry, DeadLetterService, CronScheduler, ScheduledJobsService],
})
export class QueuesModule {}
