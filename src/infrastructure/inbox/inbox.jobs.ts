import type { CronEntry } from '../queues/cron-scheduler.service';
import type { JobMeta } from '../queues/job-meta';

export const INBOX_QUEUE = 'inbox';
export const InboxJob = { Process: 'inbox.process-message', Sweep: 'inbox.sweep-stuck' } as const;
export interface ProcessInboxMessageData { inboxId: string; source: string; meta: JobMeta }

export const INBOX_CRON: readonly CronEntry[] = [{ name: InboxJob.Sweep, everyMs: 60_000 }];

/** A received row not processed after this long is re-enqueued (its job was lost, e.g. Redis restarted). */
export const STUCK_RECEIVED_AFTER_MS = 2 * 60_000;
/** A row left `processing` this long belongs to a worker that died mid-job. */
export const STUCK_PROCESSING_AFTER_MS = 10 * 60_000;
export const MAX_INBOX_ATTEMPTS = 10;
