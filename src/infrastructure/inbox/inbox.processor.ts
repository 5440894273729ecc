import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../queues/job-runner.service';
import { INBOX_QUEUE, InboxJob, type ProcessInboxMessageData } from './inbox.jobs';
import { InboxService } from './inbox.service';

@Processor(INBOX_QUEUE)
export class InboxProcessor {
  constructor(private readonly inbox: InboxService, private readonly runner: JobRunner) {}

  @Process({ name: InboxJob.Process, concurrency: 8 })
  handle(job: Job<ProcessInboxMessageData>): Promise<'processed' | 'skipped'> {
    return this.runner.run(job, () => this.inbox.process(job.data.inboxId));
  }

  @Process(InboxJob.Sweep)
  sweep(job: Job): Promise<{ requeued: number }> {
    return this.runner.run(job, async () => ({ requeued: await this.inbox.sweep() }), { track: true });
  }
}
