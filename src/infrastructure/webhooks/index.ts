export * from './outbound-webhook.entity';
export * from './outbound-webhooks.jobs';
export * from './outbound-webhooks.service';
export * from './outbound-webhook-sender';
export * from './outbound-webhooks.module';
