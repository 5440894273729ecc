import { BullModule } from '@nestjs/bull';
import { Global, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { workerOnly } from '../config';
import { CronScheduler } from '../queues/cron-scheduler.service';
import { HmacWebhookGuard } from './hmac-webhook.guard';
import { InboxAdminController } from './inbox-admin.controller';
import { InboxMessage } from './inbox-message.entity';
import { INBOX_CRON, INBOX_QUEUE } from './inbox.jobs';
import { InboxProcessor } from './inbox.processor';
import { InboxService } from './inbox.service';
import { WebhookSecrets } from './webhook-secrets';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([InboxMessage]), BullModule.registerQueue({ name: INBOX_QUEUE })],
  controllers: [InboxAdminController],
  providers: [InboxService, WebhookSecrets, HmacWebhookGuard, ...workerOnly(InboxProcessor)],
  exports: [InboxService, WebhookSecrets, HmacWebhookGuard],
})
export class InboxModule implements OnApplicationBootstrap {
  constructor(private readonly cron: CronScheduler, @InjectQueue(INBOX_QUEUE) private readonly queue: Queue) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.cron.sync(this.queue, INBOX_CRON);
  }
}
