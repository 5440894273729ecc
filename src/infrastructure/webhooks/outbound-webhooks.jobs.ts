import type { CronEntry } from '../queues/cron-scheduler.service';
import type { JobMeta } from '../queues/job-meta';

export const OUTBOUND_WEBHOOKS_QUEUE = 'outbound-webhooks';
export const OutboundWebhookJob = {
  Deliver: 'outbound-webhooks.deliver',
  Sweep: 'outbound-webhooks.sweep',
  Prune: 'outbound-webhooks.prune',
} as const;
export interface DeliverWebhookData { deliveryId: string; meta: JobMeta }

export const OUTBOUND_WEBHOOKS_CRON: readonly CronEntry[] = [
  { name: OutboundWebhookJob.Sweep, everyMs: 60_000 },
  { name: OutboundWebhookJob.Prune, cron: '30 3 * * *' },
];

/** A pending delivery whose job has not run this long after it was due was lost (e.g. Redis restarted). */
export const LOST_AFTER_MS = 2 * 60_000;
