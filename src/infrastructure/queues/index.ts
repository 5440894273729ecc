export * from './job-meta';
export * from './enqueue';
export * from './job-runner.service';
export * from './dead-letter.service';
export * from './dead-letter-job.entity';
export * from './job-run.entity';
export * from './cron-scheduler.service';
export * from './queues.module';
