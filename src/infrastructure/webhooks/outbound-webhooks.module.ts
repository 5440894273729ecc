import { BullModule, InjectQueue } from '@nestjs/bull';
import { Global, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { workerOnly } from '../config';
import { CronScheduler } from '../queues/cron-scheduler.service';
import { OutboundWebhookSender } from './outbound-webhook-sender';
import { OutboundWebhookAttempt, OutboundWebhookDelivery, OutboundWebhookSubscription } from './outbound-webhook.entity';
import { OutboundWebhooksController } from './outbound-webhooks.controller';
import { OUTBOUND_WEBHOOKS_CRON, OUTBOUND_WEBHOOKS_QUEUE } from './outbound-webhooks.jobs';
import { OutboundWebhooksProcessor } from './outbound-webhooks.processor';
import { OutboundWebhooksService } from './outbound-webhooks.service';

/** Signed, retried, logged event delivery to partner endpoints; contexts call `OutboundWebhooksService.publish`. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([OutboundWebhookSubscription, OutboundWebhookDelivery, OutboundWebhookAttempt]),
    BullModule.registerQueue({ name: OUTBOUND_WEBHOOKS_QUEUE }),
  ],
  controllers: [OutboundWebhooksController],
  providers: [OutboundWebhooksService, OutboundWebhookSender, ...workerOnly(OutboundWebhooksProcessor)],
  exports: [OutboundWebhooksService],
})
export class OutboundWebhooksModule implements OnApplicationBootstrap {
  constructor(private readonly cron: CronScheduler, @InjectQueue(OUTBOUND_WEBHOOKS_QUEUE) private readonly queue: Queue) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.cron.sync(this.queue, OUTBOUND_WEBHOOKS_CRON);
  }
}
