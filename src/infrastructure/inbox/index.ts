export * from './inbox-message.entity';
export * from './inbox.jobs';
export * from './inbox.service';
export * from './webhook-signature';
export * from './webhook-secrets';
export * from './hmac-webhook.guard';
export * from './inbox.module';
