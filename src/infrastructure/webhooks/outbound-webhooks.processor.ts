import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../queues/job-runner.service';
import { OUTBOUND_WEBHOOKS_QUEUE, OutboundWebhookJob, type DeliverWebhookData } from './outbound-webhooks.jobs';
import { OutboundWebhooksService, type DeliveryOutcome } from './outbound-webhooks.service';

@Processor(OUTBOUND_WEBHOOKS_QUEUE)
export class OutboundWebhooksProcessor {
  constructor(private readonly webhooks: OutboundWebhooksService, private readonly runner: JobRunner) {}

  @Process({ name: OutboundWebhookJob.Deliver, concurrency: 10 })
  deliver(job: Job<DeliverWebhookData>): Promise<DeliveryOutcome> {
    return this.runner.run(job, () => this.webhooks.deliver(job.data.deliveryId));
  }

  @Process(OutboundWebhookJob.Sweep)
  sweep(job: Job): Promise<{ requeued: number; unstuck: number }> {
    return this.runner.run(job, () => this.webhooks.sweep(), { track: true });
  }

  @Process(OutboundWebhookJob.Prune)
  prune(job: Job): Promise<{ deleted: number }> {
    return this.runner.run(job, () => this.webhooks.prune(), { track: true });
  }
}
